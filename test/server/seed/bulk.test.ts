/** The bulk demo path writes the rows the one-command-per-transaction path writes. */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db/db';
import { seedDemo } from '../../../server/seed/demo';
import { productionRules } from '../../../server/sync/rules';
import { backends, dbPerSuite, openMigratedDb } from '../support/harness';

const now = new Date();
const N = 40;

const TABLES: Readonly<Record<string, string>> = {
  cases: `SELECT id, case_no, order_id, line_id, type, state, version, data, return_tracking_no, next_due_at, next_action, deleted FROM cases ORDER BY id`,
  case_events: `SELECT case_id, version, type, data, actor_id, role, command_id::text AS command_id, occurred_at FROM case_events ORDER BY case_id, version`,
  commands: `SELECT command_id::text AS command_id, device_id, device_seq, case_id, type, actor_id, status, result FROM commands ORDER BY command_id`,
  orders: `SELECT id, order_no, state, buyer_id, buyer_name, buyer_phone, address, shipping_fee, paid_at, shipped_at, signed_at, confirmed_at, completed_at, data FROM orders ORDER BY id`,
  order_lines: `SELECT * FROM order_lines ORDER BY id`,
  products: `SELECT sku, name, gtin, attributes FROM products ORDER BY sku`,
  product_stock: `SELECT sku, on_hand FROM product_stock ORDER BY sku`,
  stock_movements: `SELECT case_id, sku, location, quantity FROM stock_movements ORDER BY case_id, sku`,
  case_number_days: `SELECT day, last FROM case_number_days ORDER BY day`,
  devices: `SELECT id, staff_id, last_acked_seq FROM devices ORDER BY id`,
};

describe.each(backends)('bulk demo seeding on %s', (backend) => {
  const one = dbPerSuite(backend, openMigratedDb);
  const bulk = dbPerSuite(backend, openMigratedDb);

  const dump = async (db: Db) => Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([table, sql]) => [table, await db.query(sql)] as const)));

  it('stores the same orders, cases, events, commands, numbers and stock as applyCommand', async () => {
    const a = await seedDemo(one.db, productionRules(), { now, cases: N });
    const b = await seedDemo(bulk.db, productionRules(), { now, cases: N, bulk: true });
    expect(a.commands.refused).toBe(0);
    expect(b.commands).toEqual(a.commands);
    const [left, right] = [await dump(one.db), await dump(bulk.db)];
    for (const table of Object.keys(TABLES)) expect({ table, rows: right[table] }).toEqual({ table, rows: left[table] });
    expect((left.cases ?? []).length).toBe(N);
    expect((left.stock_movements ?? []).length).toBeGreaterThan(0);
  });

  it('is idempotent', async () => {
    const again = await seedDemo(bulk.db, productionRules(), { now, cases: N, bulk: true });
    expect(again.commands.applied).toBe(0);
    const [row] = await bulk.db.query<{ n: unknown }>('SELECT count(*) AS n FROM cases');
    expect(Number(row?.n)).toBe(N);
  });
});
