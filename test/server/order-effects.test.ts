/** Order effects of cases, written in the command's transaction (shared `orderEffects`). */
import { describe, expect, it } from 'vitest';
import { backends, dbPerSuite } from './support/harness';
import { ACTORS, applyOk, createDomainOrder, inspection } from './support/domain-fixtures';

const T0 = new Date('2026-06-01T02:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

describe.each(backends)('order effects on %s', (backend) => {
  const t = dbPerSuite(backend);

  const orderOf = async (id: string) => {
    const [row] = await t.db.query<{ state: string; settlement: { frozen: boolean; refundedCash: number; settlable: number } | null; change_seq: unknown }>(
      "SELECT state, data->'settlement' AS settlement, change_seq FROM orders WHERE id = $1",
      [id],
    );
    if (!row) throw new Error('no order');
    return { ...row, change_seq: Number(row.change_seq) };
  };
  const stockOf = async (sku: string) => {
    const [row] = await t.db.query<{ on_hand: unknown }>('SELECT on_hand FROM product_stock WHERE sku = $1', [sku]);
    return row ? Number(row.on_hand) : 0;
  };

  async function returnAll(caseId: string, orderId: string, quantity: number, start: number): Promise<void> {
    await applyOk(t.db, ACTORS.buyer, caseId, 'buyer.apply', 0, { orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity, reason: 'quality_issue' }, at(start));
    await applyOk(t.db, ACTORS.cs, caseId, 'cs.approve', 1, {}, at(start + 1));
    await applyOk(t.db, ACTORS.buyer, caseId, 'buyer.ship_back', 2, { carrier: 'YTO', trackingNumber: 'YT1234567890123' }, at(start + 2));
    const v = await applyOk(t.db, ACTORS.wh, caseId, 'warehouse.receive', 3, { inspection: inspection('SKU-KETTLE', quantity) }, at(start + 30));
    await applyOk(t.db, ACTORS.fin, caseId, 'finance.approve_refund', v, { reference: 'PAY-1' }, at(start + 40));
  }

  it('freezes settlement while a case is open, closes a fully refunded order and restores stock once', async () => {
    const orderId = await createDomainOrder(t.db, at(-24), 2);
    const before = await orderOf(orderId);
    expect(before.state).toBe('completed');
    const stockBefore = await stockOf('SKU-KETTLE');

    await applyOk(t.db, ACTORS.buyer, 'oe-1', 'buyer.apply', 0, { orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue' }, T0);
    const opened = await orderOf(orderId);
    expect(opened.settlement).toMatchObject({ frozen: true, refundedCash: 0 });
    expect(opened.change_seq).toBeGreaterThan(before.change_seq);

    await applyOk(t.db, ACTORS.buyer, 'oe-1', 'buyer.withdraw', 1, {}, at(1));
    expect((await orderOf(orderId)).settlement).toMatchObject({ frozen: false });

    // Half the order returned: refunded, stock back, order still completed.
    await returnAll('oe-2', orderId, 1, 2);
    const half = await orderOf(orderId);
    expect(half.state).toBe('completed');
    expect(half.settlement).toMatchObject({ frozen: false, refundedCash: 5000 + 1000 });
    expect(await stockOf('SKU-KETTLE')).toBe(stockBefore + 1);

    // The rest: every line refunded → order closed, pulled again by clients.
    await returnAll('oe-3', orderId, 1, 60);
    const closed = await orderOf(orderId);
    expect(closed.state).toBe('closed');
    expect(closed.change_seq).toBeGreaterThan(half.change_seq);
    expect(await stockOf('SKU-KETTLE')).toBe(stockBefore + 2);
    const moves = await t.db.query<{ case_id: string; quantity: number }>('SELECT case_id, quantity FROM stock_movements WHERE case_id IN ($1, $2) ORDER BY case_id', ['oe-2', 'oe-3']);
    expect(moves).toEqual([
      { case_id: 'oe-2', quantity: 1 },
      { case_id: 'oe-3', quantity: 1 },
    ]);
  });
});
