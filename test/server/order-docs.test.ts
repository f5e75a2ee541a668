/**
 * The stored order document (migration 009): whatever writes an order or its lines, `orders.doc`
 * equals the document built from the columns and lines at that moment, and the pull feed serves it.
 */
import { describe, expect, it } from 'vitest';
import { upsertOrder } from '../../server/sync/changes';
import { seedDemo } from '../../server/seed/demo';
import { productionRules } from '../../server/sync/rules';
import type { PullResponse } from '../../shared/sync';
import { backends, serverPerSuite } from './support/harness';
import { createOrder } from './support/fixtures';
import { POLICY as policy } from './support/domain-fixtures';

describe.each(backends)('stored order documents on %s', (backend) => {
  const server = serverPerSuite(backend);

  /** Orders whose stored document differs from a fresh build. */
  const stale = async (): Promise<string[]> =>
    (await server.db.query<{ id: string }>('SELECT o.id FROM orders o WHERE o.doc IS DISTINCT FROM order_doc(o) ORDER BY o.id')).map((r) => r.id);
  const docOf = async (id: string): Promise<{ state: string; lines: Array<{ id: string; quantity: number; paid: number }>; settlement?: unknown }> => {
    const [row] = await server.db.query<{ doc: { state: string; lines: Array<{ id: string; quantity: number; paid: number }> } }>('SELECT doc FROM orders WHERE id = $1', [id]);
    if (!row) throw new Error(`no order ${id}`);
    return row.doc;
  };

  it('holds the lines written after the order in the same transaction', async () => {
    const id = await createOrder(server.db);
    const doc = await docOf(id);
    expect(doc.lines.map((l) => [l.id, l.quantity, l.paid])).toEqual([[`${id}-L1`, 2, 9700]]);
    expect(await stale()).toEqual([]);
  });

  it('follows an order rewritten with other lines, and lines changed or deleted on their own', async () => {
    const id = await createOrder(server.db);
    await server.db.transaction(async (tx) => {
      await upsertOrder(tx, {
        id,
        orderNo: `NO-${id}`,
        state: 'shipped',
        shippingFee: 0,
        lines: [
          { id: `${id}-A`, sku: 'SKU-KETTLE', quantity: 1, unitPrice: 5000, discount: 0, coins: 0, paid: 5000 },
          { id: `${id}-B`, sku: 'SKU-KETTLE', quantity: 3, unitPrice: 5000, discount: 0, coins: 0, paid: 15000 },
        ],
      });
    });
    let doc = await docOf(id);
    expect(doc.state).toBe('shipped');
    expect(doc.lines.map((l) => l.id)).toEqual([`${id}-A`, `${id}-B`]);

    await server.db.query('UPDATE order_lines SET quantity = 2, paid_amount = 10000 WHERE id = $1', [`${id}-B`]);
    doc = await docOf(id);
    expect(doc.lines.find((l) => l.id === `${id}-B`)).toMatchObject({ quantity: 2, paid: 10000 });

    await server.db.query('DELETE FROM order_lines WHERE id = $1', [`${id}-A`]);
    doc = await docOf(id);
    expect(doc.lines.map((l) => l.id)).toEqual([`${id}-B`]);
    expect(await stale()).toEqual([]);
  });

  it('is current after demo seeding through the bulk path and the rules, and the feed serves it', async () => {
    await seedDemo(server.db, productionRules(policy), { cases: 30, bulk: true, policy });
    await seedDemo(server.db, productionRules(policy), { cases: 10, policy });
    expect(await stale()).toEqual([]);

    const cs = await server.login('cs1');
    const res = await server.request<PullResponse>('GET', '/sync/pull?since=0&limit=1000', { token: cs.token });
    expect(res.status).toBe(200);
    const served = res.body.changes.filter((c) => c.kind === 'order');
    expect(served.length).toBeGreaterThan(30);
    const stored = new Map((await server.db.query<{ id: string; doc: unknown }>('SELECT id, doc FROM orders')).map((r) => [r.id, r.doc]));
    for (const change of served) expect(change.data).toEqual(stored.get(change.id));
  });
});
