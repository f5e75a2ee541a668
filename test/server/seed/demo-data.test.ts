import { describe, expect, it } from 'vitest';
import { CASE_STATES, type Product } from '../../../shared/domain';
import { classifyBarcode } from '../../../shared/barcode';
import { generateDemoData } from '../../../server/seed/demo-data';
import { replayDemoCase } from '../../../server/seed/replay';

const now = new Date('2026-11-22T08:00:00Z');

describe('demo data', () => {
  const data = generateDemoData({ now, cases: 60 });
  const products: Record<string, Product> = Object.fromEntries(data.products.map((p) => [p.sku, p]));
  const orders = new Map(data.orders.map((o) => [o.order.id, o]));

  it('is deterministic for a seed', () => {
    expect(generateDemoData({ now, cases: 60 })).toEqual(data);
    expect(generateDemoData({ now, cases: 60, seed: 7 })).not.toEqual(data);
  });

  it('plays every case through the shared rules to its target state', () => {
    for (const demo of data.cases) {
      const order = orders.get(demo.orderId);
      if (!order) throw new Error(`no order ${demo.orderId}`);
      const { state } = replayDemoCase(demo, order, products);
      expect({ id: demo.caseId, state: state.state }).toEqual({ id: demo.caseId, state: demo.target });
    }
  });

  it('covers every back-office case state', () => {
    const reached = new Set(data.cases.map((c) => c.target));
    expect(CASE_STATES.filter((s) => !reached.has(s))).toEqual([]);
  });

  it('gives parcels on their way real carrier tracking numbers and products valid EAN-13 codes', () => {
    const tracking = data.cases.flatMap((c) => (c.returnTrackingNo ? [c.returnTrackingNo] : []));
    expect(tracking.length).toBeGreaterThan(10);
    for (const number of tracking) expect(classifyBarcode(number).kind).toBe('tracking');
    const carriers = new Set(tracking.map((n) => {
      const c = classifyBarcode(n);
      return c.kind === 'tracking' ? c.carrier : 'none';
    }));
    expect(carriers.size).toBeGreaterThanOrEqual(4);
    for (const p of data.products) expect(classifyBarcode(p.gtin)).toMatchObject({ kind: 'product', symbology: 'EAN13' });
  });

  it('uses Chinese names and addresses, and order lines whose paid amounts add up', () => {
    for (const o of data.orders) {
      expect(o.buyerName).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(o.address).toMatch(/[省市].*号.*室$/);
      expect(o.buyerPhone).toMatch(/^1[35789]\d{9}$/);
      for (const line of o.order.lines) expect(line.paid).toBe(line.unitPrice * line.quantity - line.discount - line.coins);
    }
  });
});
