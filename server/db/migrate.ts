import type { Db } from './db';
import { toInt } from './db';
import { migrations as allMigrations, type Migration } from './migrations/index';

/** Key of the transaction-level advisory lock that serialises migration runs across instances. */
export const MIGRATION_LOCK_KEY = 7_305_001;

export interface MigrationReport {
  applied: number[];
  current: number;
}

/**
 * Applies pending migrations in order, each in its own transaction. Every transaction first takes
 * `pg_advisory_xact_lock`, so two instances starting together against one PostgreSQL wait for each
 * other; the loser then sees the migration recorded and skips it.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = allMigrations): Promise<MigrationReport> {
  assertOrdered(migrations);
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  const [row] = await db.query<{ v: unknown }>('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
  return { applied, current: row ? toInt(row.v) : 0 };
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    if (!m.name.startsWith(String(m.version).padStart(3, '0') + '_')) throw new Error(`migration name ${m.name} does not match its version`);
  });
}
