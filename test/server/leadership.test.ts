/**
 * Sweeper leadership on PostgreSQL: of several instances exactly one leads; it keeps the lead
 * while its connection lives, and another takes over when it stops or its connection dies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { advisoryLeadership, alwaysLeader, SWEEPER_LOCK_KEY } from '../../server/leadership';
import { CHANGE_SEQ_LOCK_KEY } from '../../server/sync/changes';
import { MIGRATION_LOCK_KEY } from '../../server/db/migrate';
import { backends, openTestDb, type TestDb } from './support/harness';

const quiet = { info: () => undefined, warn: () => undefined };

describe('sweeper leadership', () => {
  it('uses a lock key of its own (the change-number lock held by a leader would stall every push)', () => {
    expect(new Set([SWEEPER_LOCK_KEY, CHANGE_SEQ_LOCK_KEY, MIGRATION_LOCK_KEY]).size).toBe(3);
  });

  it('always leads on PGlite (one process)', async () => {
    const handle = await openTestDb('pglite');
    try {
      const leadership = advisoryLeadership(handle.db, SWEEPER_LOCK_KEY, quiet);
      expect(leadership).toBe(alwaysLeader);
      expect(await leadership.acquire()).toBe(true);
    } finally {
      await handle.dispose();
    }
  });
});

describe.skipIf(!backends.includes('postgres'))('sweeper leadership on PostgreSQL', () => {
  let handle: TestDb | undefined;
  afterEach(async () => {
    await handle?.dispose();
    handle = undefined;
  });

  it('lets one instance lead at a time and hands over on release and on a dead connection', async () => {
    handle = await openTestDb('postgres');
    const [a, b, c] = [advisoryLeadership(handle.db, SWEEPER_LOCK_KEY, quiet), advisoryLeadership(await handle.reopen(), SWEEPER_LOCK_KEY, quiet), advisoryLeadership(await handle.reopen(), SWEEPER_LOCK_KEY, quiet)];
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await c.acquire()).toBe(false);
    expect(await a.acquire()).toBe(true);

    await a.release();
    expect(await a.acquire()).toBe(false);
    const next = (await b.acquire()) ? b : c;
    expect(await next.acquire()).toBe(true);
    const other = next === b ? c : b;
    expect(await other.acquire()).toBe(false);

    // The leader's session ends from outside (its process killed, the network gone).
    await handle.db.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`, [SWEEPER_LOCK_KEY]);
    await new Promise((r) => setTimeout(r, 200));
    // The lock went with the session: the first to try now leads, the old leader notices.
    expect(await other.acquire()).toBe(true);
    expect(await next.acquire()).toBe(false);
    await other.release();
    await next.release();
  });
});
