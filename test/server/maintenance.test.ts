import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { toInt } from '../../server/db/db';
import { analyzeNeverAnalyzed, maintainOnce } from '../../server/db/maintenance';
import { migrate } from '../../server/db/migrate';
import { startServer, type StartedServer } from '../../server/start';
import { openTestDb, type TestDb } from './support/harness';

async function tableStats(db: Db, table: string): Promise<{ tuples: number; dead: number }> {
  await db.query('SELECT pg_stat_force_next_flush()');
  const [row] = await db.query<{ tuples: unknown; dead: unknown }>(
    `SELECT c.reltuples AS tuples, s.n_dead_tup AS dead FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relname = $1 AND s.schemaname = current_schema()`,
    [table],
  );
  return { tuples: Number(row?.tuples), dead: toInt(row?.dead ?? -1) };
}

// Embedded PGlite has no autovacuum, so the server does its work (PostgreSQL has its own).
describe('table maintenance on PGlite', () => {
  let handle: TestDb | undefined;
  let server: StartedServer | undefined;
  afterEach(async () => {
    await handle?.dispose();
    await server?.stop();
    handle = undefined;
    server = undefined;
  });

  /** A migrated database with one more table, `scratch`, of 1,000 rows never analyzed. */
  async function scratchDb(): Promise<Db> {
    handle = await openTestDb('pglite');
    const { db } = handle;
    await migrate(db);
    await db.exec('CREATE TABLE scratch (id integer PRIMARY KEY, label text NOT NULL)');
    await db.exec(`INSERT INTO scratch SELECT g, 'row ' || g FROM generate_series(1, 1000) AS g`);
    return db;
  }

  it('analyzes every table that never was, once', async () => {
    const db = await scratchDb();
    expect((await tableStats(db, 'scratch')).tuples).toBe(-1);

    const first = await analyzeNeverAnalyzed(db);
    expect(first).toContain('scratch');
    expect(first).toContain('cases');
    expect((await tableStats(db, 'scratch')).tuples).toBe(1000);
    expect(await analyzeNeverAnalyzed(db)).toEqual([]);
  });

  it('vacuums a table with 20 % dead rows, analyzes one with 10 % changed, and leaves the rest alone', async () => {
    const db = await scratchDb();
    await analyzeNeverAnalyzed(db);
    // Nothing changed since: nothing to do.
    expect(await maintainOnce(db)).toEqual([]);

    // 300 dead rows > 50 + 20 % of 1,000.
    await db.exec(`UPDATE scratch SET label = 'changed' WHERE id <= 300`);
    expect((await tableStats(db, 'scratch')).dead).toBe(300);
    expect(await maintainOnce(db)).toEqual([{ table: 'scratch', action: 'vacuum' }]);
    expect((await tableStats(db, 'scratch')).dead).toBe(0);

    // 180 inserted rows: nothing dead, but more than 50 + 10 % of 1,000 changed.
    await db.exec(`INSERT INTO scratch SELECT g, 'row ' || g FROM generate_series(1001, 1180) AS g`);
    expect(await maintainOnce(db)).toEqual([{ table: 'scratch', action: 'analyze' }]);
    expect((await tableStats(db, 'scratch')).tuples).toBe(1180);

    // Below both thresholds.
    await db.exec(`UPDATE scratch SET label = 'again' WHERE id <= 100`);
    expect(await maintainOnce(db)).toEqual([]);
  });

  it('starts with statistics for the demo data it just seeded', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir: ':memory:', logLevel: 'silent', demo: true, scale: 40, sweepIntervalSeconds: 0, maintenanceIntervalSeconds: 0 });
    expect((await tableStats(server.db, 'cases')).tuples).toBeGreaterThanOrEqual(40);
    expect((await tableStats(server.db, 'orders')).tuples).toBeGreaterThanOrEqual(40);
    // The seeding's changes were counted before that ANALYZE, not after it.
    expect(await maintainOnce(server.db)).toEqual([]);
  });
});
