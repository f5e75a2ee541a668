/**
 * Which API instance runs the deadline sweeper. Several instances may share one PostgreSQL
 * (behind a load balancer); sweeping from all of them would be safe (candidates are taken with
 * SKIP LOCKED and system command ids are derived, so nothing applies twice) but wasteful and
 * noisy. The leader is the instance holding a session-level advisory lock on a connection of its
 * own: the lock lives exactly as long as that connection, so when the leader's process dies —
 * even killed without a chance to clean up — PostgreSQL ends the session and frees the lock, and
 * the next instance to try takes over within one interval. Followers try again every round.
 * PGlite is one process: it always leads.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db, DedicatedConnection } from './db/db';

/**
 * Key of the sweeper's advisory lock. Taken keys: 7_305_001 migrations (db/migrate.ts),
 * 7_305_002 change numbers (sync/changes.ts) — a leader holding that one would stall every push.
 */
export const SWEEPER_LOCK_KEY = 7_305_003;

export interface Leadership {
  /** True when this instance leads now (taking the lead if it is free). */
  acquire(): Promise<boolean>;
  /** Gives the lead up (stopping); another instance takes it at its next try. */
  release(): Promise<void>;
}

export const alwaysLeader: Leadership = { acquire: () => Promise.resolve(true), release: () => Promise.resolve() };

export function advisoryLeadership(db: Db, key: number, log: Pick<FastifyBaseLogger, 'info' | 'warn'>, what = 'sweeper'): Leadership {
  const open = db.dedicated?.bind(db);
  if (!open) return alwaysLeader;
  let connection: DedicatedConnection | null = null;
  let leading = false;
  let released = false;

  const drop = async () => {
    const held = connection;
    connection = null;
    if (leading) log.warn({ what }, 'leadership lost');
    leading = false;
    await held?.close();
  };

  return {
    async acquire() {
      if (released) return false;
      try {
        if (connection?.lost) await drop();
        connection ??= await open();
        if (leading) {
          // Still the same session, so still the holder; a dead connection shows up here.
          await connection.query('SELECT 1');
          return true;
        }
        const [row] = await connection.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [key]);
        leading = row?.taken === true;
        if (leading) log.info({ what }, 'leadership taken');
        return leading;
      } catch (error) {
        log.warn({ what, err: error }, 'leadership check failed');
        await drop();
        return false;
      }
    },
    async release() {
      released = true;
      if (connection && leading && !connection.lost) await connection.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      leading = false;
      await drop();
    },
  };
}
