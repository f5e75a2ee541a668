import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate';
import { migrations } from '../../server/db/migrations/index';
import { openDatabase } from '../../server/db/open';
import { isUniqueViolation, toInt } from '../../server/db/db';
import { backends, openTestDb, type TestDb } from './support/harness';

const EXPECTED_TABLES = ['attachments', 'case_events', 'case_number_days', 'case_photos', 'cases', 'commands', 'devices', 'notice_reads', 'order_lines', 'orders', 'parcel_events', 'parcels', 'product_stock', 'products', 'schema_migrations', 'scope_exits', 'sessions', 'site_setup', 'staff', 'stock_movements', 'sweeper_rounds', 'warehouses'];

describe('migration list', () => {
  it('is numbered 1…n without gaps, names matching numbers', () => {
    migrations.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name.startsWith(String(i + 1).padStart(3, '0') + '_')).toBe(true);
    });
  });
});

describe.each(backends)('database on %s', (backend) => {
  let handle: TestDb | undefined;
  afterEach(async () => {
    await handle?.dispose();
    handle = undefined;
  });

  it('migrates an empty database, and a second run changes nothing', async () => {
    handle = await openTestDb(backend);
    const first = await migrate(handle.db);
    expect(first.applied).toEqual(migrations.map((m) => m.version));
    const second = await migrate(handle.db);
    expect(second).toEqual({ applied: [], current: migrations.length });
    const tables = await handle.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(EXPECTED_TABLES);
    const recorded = await handle.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(recorded).toHaveLength(migrations.length);
  });

  it('keeps the event log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    handle = await openTestDb(backend);
    await migrate(handle.db);
    const db = handle.db;
    await db.query(`INSERT INTO cases (id, case_no, type, state, version, data) VALUES ('c1', 'AS1', 'return_refund', 'pending_review', 1, '{}')`);
    await db.query(
      `INSERT INTO case_events (case_id, version, type, data, actor_id, role, occurred_at, recorded_at) VALUES ('c1', 1, 'case.applied', '{}', 'u', 'buyer', now(), now())`,
    );
    await expect(db.query(`UPDATE case_events SET type = 'case.closed' WHERE case_id = 'c1'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM case_events WHERE case_id = 'c1'`)).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE case_events')).rejects.toThrow(/append-only/);
    const [row] = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events');
    expect(toInt(row?.n)).toBe(1);
    // A second event with the same version is a unique violation (the version is the optimistic lock).
    const duplicate = db.query(
      `INSERT INTO case_events (case_id, version, type, data, actor_id, role, occurred_at, recorded_at) VALUES ('c1', 1, 'case.noted', '{}', 'u', 'cs', now(), now())`,
    );
    await expect(duplicate).rejects.toSatisfy(isUniqueViolation);
  });

  it('rolls a failed transaction back and serialises concurrent read-modify-write under FOR UPDATE', async () => {
    handle = await openTestDb(backend);
    await migrate(handle.db);
    const db = handle.db;
    await db.query(`INSERT INTO devices (id, last_acked_seq) VALUES ('d1', 0)`);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`UPDATE devices SET last_acked_seq = 99 WHERE id = 'd1'`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // 25 concurrent increments, each reading then writing inside its own transaction.
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ last_acked_seq: unknown }>(`SELECT last_acked_seq FROM devices WHERE id = 'd1' FOR UPDATE`);
          await new Promise((r) => setTimeout(r, 1));
          await tx.query(`UPDATE devices SET last_acked_seq = $1 WHERE id = 'd1'`, [toInt(row?.last_acked_seq) + 1]);
        }),
      ),
    );
    const [row] = await db.query<{ last_acked_seq: unknown }>(`SELECT last_acked_seq FROM devices WHERE id = 'd1'`);
    expect(toInt(row?.last_acked_seq)).toBe(25);
  });

  if (backend === 'postgres') {
    it('lets two instances migrate the same database at the same time', async () => {
      handle = await openTestDb(backend);
      const other = await handle.reopen();
      const [a, b] = await Promise.all([migrate(handle.db), migrate(other)]);
      expect([...a.applied, ...b.applied].sort((x, y) => x - y)).toEqual(migrations.map((m) => m.version));
      expect(a.current).toBe(migrations.length);
      expect(b.current).toBe(migrations.length);
    });
  }
});

describe('PGlite in a data folder', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across restarts and does not migrate twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'asd-data-'));
    const first = await openDatabase({ dataDir: dir });
    expect((await migrate(first)).applied).toEqual(migrations.map((m) => m.version));
    await first.query(`INSERT INTO products (sku, name, attributes) VALUES ('SKU-1', 'Kettle', '{"virtual": false}')`);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    expect((await migrate(second)).applied).toEqual([]);
    const rows = await second.query<{ name: string }>(`SELECT name FROM products WHERE sku = 'SKU-1'`);
    expect(rows).toEqual([{ name: 'Kettle' }]);
    await second.close();
  }, 60_000);
});
