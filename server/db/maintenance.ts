/**
 * Table statistics and dead-row cleanup where nobody else does them.
 *
 * A PostgreSQL server has autovacuum: it gathers planner statistics and clears dead rows in the
 * background. Embedded PGlite runs a single backend with no background workers, so without help
 * its tables are never analyzed: the planner keeps guessing, and a lookup of 100 cases by order
 * was planned for 93,000 rows (about 200 ms at 100,000 cases instead of under 1 ms with statistics).
 * So, on PGlite:
 *  - `analyzeNeverAnalyzed` gathers statistics for tables that never had any (a database written
 *    before this existed, or just seeded);
 *  - `startMaintenance` checks the table counters every minute and runs ANALYZE or
 *    VACUUM (ANALYZE) on a table past autovacuum's default thresholds (analyze after changes to
 *    10 % of its rows, vacuum once 20 % are dead; 50 rows at least).
 * The counters live in memory and start at zero with each process; statistics are kept.
 * Table names come from the catalog and are quoted as identifiers; no input reaches these statements.
 */
import type { Db } from './db';
import { toInt } from './db';
import { runEvery, type Periodic } from '../periodic';

/** autovacuum's defaults (autovacuum_*_threshold and *_scale_factor). */
const BASE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;
const VACUUM_SCALE = 0.2;

export interface MaintenanceAction {
  table: string;
  action: 'analyze' | 'vacuum';
}

interface Logger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Publishes the change counters this backend has not reported yet (at the end of this
 * statement), so that they are neither missed by a check nor counted again after an ANALYZE.
 */
async function flushCounters(db: Db): Promise<void> {
  // PGlite only: the function exists from PostgreSQL 15 on, and a server flushes on its own.
  if (db.kind === 'pglite') await db.query('SELECT pg_stat_force_next_flush()');
}

/** Tables of the current schema that have never been analyzed; each is analyzed now. */
export async function analyzeNeverAnalyzed(db: Db): Promise<string[]> {
  await flushCounters(db);
  const names = await schemaTables(db, 'never analyzed');
  for (const name of names) await db.exec(`ANALYZE ${quoted(name)}`);
  return names;
}

/**
 * Vacuums and analyzes every table of the current schema (after seeding: statistics for the
 * planner, the rows the seeding replaced cleared, the visibility map set for index-only scans).
 */
export async function vacuumAnalyzeAll(db: Db): Promise<void> {
  await flushCounters(db);
  const names = await schemaTables(db, 'all');
  if (names.length > 0) await db.exec(`VACUUM (ANALYZE) ${names.map(quoted).join(', ')}`);
}

/** Plain tables of the current schema (a database can hold other schemas: leave them be). */
async function schemaTables(db: Db, which: 'all' | 'never analyzed'): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema() AND (NOT $1 OR c.reltuples < 0) ORDER BY c.relname`,
    [which === 'never analyzed'],
  );
  return rows.map((r) => r.name);
}

/**
 * One round of what autovacuum would do: reads the change counters of the current schema's
 * tables and analyzes or vacuums those past the thresholds. Returns what it did.
 */
export async function maintainOnce(db: Db): Promise<MaintenanceAction[]> {
  await flushCounters(db);
  const rows = await db.query<{ name: string; tuples: unknown; dead: unknown; modified: unknown }>(
    `SELECT s.relname AS name, greatest(c.reltuples, 0) AS tuples, s.n_dead_tup AS dead, s.n_mod_since_analyze AS modified
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema() ORDER BY s.relname`,
  );
  const actions: MaintenanceAction[] = [];
  for (const row of rows) {
    const tuples = Number(row.tuples);
    if (toInt(row.dead) > BASE_THRESHOLD + VACUUM_SCALE * tuples) {
      await db.exec(`VACUUM (ANALYZE) ${quoted(row.name)}`);
      actions.push({ table: row.name, action: 'vacuum' });
    } else if (toInt(row.modified) > BASE_THRESHOLD + ANALYZE_SCALE * tuples) {
      await db.exec(`ANALYZE ${quoted(row.name)}`);
      actions.push({ table: row.name, action: 'analyze' });
    }
  }
  return actions;
}

/** Runs `maintainOnce` every `intervalSeconds` (one round at a time), logging what it did. */
export function startMaintenance(options: { db: Db; log: Logger; intervalSeconds: number }): Periodic<MaintenanceAction[]> {
  return runEvery(
    options.intervalSeconds,
    async () => {
      const started = performance.now();
      const actions = await maintainOnce(options.db);
      if (actions.length > 0) options.log.info({ maintenance: actions, ms: Math.round(performance.now() - started) }, 'table maintenance');
      return actions;
    },
    (error) => options.log.error({ err: error }, 'table maintenance failed'),
  );
}
