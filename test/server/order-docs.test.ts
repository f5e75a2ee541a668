/**
 * The stored order document (migration 009): whatever writes an order or its lines, `orders.doc`
 * equals the document built from the columns and lines at that moment, and the pull feed serves it.
 * The documents' text (migration 010: `orders.doc_text`, `cases.data_text`, what the feed sends)
 * equals the document's own text after every kind of write.
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
    (await server.db.query<{ id: string }>('SELECT o.id FROM orders o WHERE o.doc IS DISTINCT FROM order_doc(o) OR o.doc_text IS DISTINCT FROM o.doc::text ORDER BY o.id')).map((r) => r.id);
  /** Cases whose stored text is not their document's. */
  const staleCaseText = async (): Promise<string[]> =>
    (await server.db.query<{ id: string }>('SELECT id FROM cases WHERE data_text IS DISTINCT FROM data::text ORDER BY id')).map((r) => r.id);
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

    // The cases' text: current after both seeding paths, and what the feed sends is the document.
    expect(await staleCaseText()).toEqual([]);
    const cases = new Map((await server.db.query<{ id: string; data: unknown }>('SELECT id, data FROM cases')).map((r) => [r.id, r.data]));
    const servedCases = res.body.changes.filter((c) => c.kind === 'case');
    expect(servedCases.length).toBeGreaterThanOrEqual(30);
    for (const change of servedCases) expect(change.data).toEqual(cases.get(change.id));
  });

  it('keeps the text of a case current when its document is rewritten, and as it was when only other columns change', async () => {
    await seedDemo(server.db, productionRules(policy), { cases: 3, policy });
    const [{ id } = { id: '' }] = await server.db.query<{ id: string }>('SELECT id FROM cases ORDER BY id LIMIT 1');
    await server.db.query(`UPDATE cases SET data = jsonb_set(data, '{note}', to_jsonb($2::text)) WHERE id = $1`, [id, '备注 "quoted" \\ ✓']);
    const [row] = await server.db.query<{ data_text: string }>('SELECT data_text FROM cases WHERE id = $1', [id]);
    expect(JSON.parse(row?.data_text ?? 'null')).toMatchObject({ note: '备注 "quoted" \\ ✓' });
    await server.db.query('UPDATE cases SET updated_at = now() WHERE id = $1', [id]);
    expect(await staleCaseText()).toEqual([]);
  });
});
