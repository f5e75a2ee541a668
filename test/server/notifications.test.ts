/**
 * Notification read marks (`/notifications/reads`): a customer-service agent's marks follow them
 * from desk to desk, nobody else ever sees them, other roles are refused, bad input is refused
 * whole and stores nothing, a desk clock running ahead cannot date a mark in the future, and old
 * marks are forgotten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, DEMO_PASSWORD } from '../../server/seed/staff';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';

interface ErrorBody {
  code: string;
}
interface Reads {
  reads: { key: string; readAt: string }[];
}

const NOW = new Date('2026-12-07T03:00:00.000Z');
const KEY = 'auto_approved:case-1:2026-12-07T02:00:00.000Z';

describe.each(backends)('notification read marks on %s', (backend) => {
  let server: TestServer;
  let cs1: LoggedIn;

  beforeAll(async () => {
    server = await startServer(backend, { clock: () => NOW });
    await createStaff(server.db, { id: 'staff-cs2', username: 'cs2', displayName: '客服二 CS Two', role: 'cs', warehouseId: null }, DEMO_PASSWORD);
    cs1 = await server.login('cs1');
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (who: LoggedIn | null) => server.request<Reads & ErrorBody>('GET', '/notifications/reads', who ? { token: who.token } : {});
  const post = (who: LoggedIn | null, json: unknown) => server.request<{ stored: number } & ErrorBody>('POST', '/notifications/reads', { ...(who ? { token: who.token } : {}), json });
  const stored = async (): Promise<number> => Number((await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM notice_reads'))[0]?.n ?? -1);

  it("records a mark on one desk and lists it on the agent's other desk, never to another agent", async () => {
    const res = await post(cs1, { reads: [{ key: KEY, readAt: '2026-12-07T02:30:00.000Z' }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 1 });
    const otherDesk = await server.login('cs1', 'desk-cs1-second');
    expect((await get(otherDesk)).body.reads).toEqual([{ key: KEY, readAt: '2026-12-07T02:30:00.000Z' }]);
    const cs2 = await server.login('cs2');
    const theirs = await get(cs2);
    expect(theirs.status).toBe(200);
    expect(theirs.body.reads).toEqual([]);
    // The supervisor has marks of their own, separate from the agent's.
    const admin = await server.login('admin');
    expect((await post(admin, { reads: [{ key: 'due:case-9:pending_review:2026-12-07T05:00:00.000Z', readAt: NOW.toISOString() }] })).status).toBe(200);
    expect((await get(admin)).body.reads.map((r) => r.key)).toEqual(['due:case-9:pending_review:2026-12-07T05:00:00.000Z']);
    expect((await get(cs1)).body.reads.map((r) => r.key)).toEqual([KEY]);
  });

  it('keeps the earliest read time and never one later than the server clock', async () => {
    const key = 'auto_closed:case-2:2026-12-06T00:00:00.000Z';
    await post(cs1, { reads: [{ key, readAt: '2026-12-07T01:00:00.000Z' }, { key, readAt: '2026-12-07T00:10:00.000Z' }] });
    await post(cs1, { reads: [{ key, readAt: '2026-12-07T02:00:00.000Z' }] });
    const ahead = 'auto_confirmed:case-3:2026-12-06T00:00:00.000Z';
    await post(cs1, { reads: [{ key: ahead, readAt: '2027-01-01T00:00:00.000Z' }] });
    const reads = new Map((await get(cs1)).body.reads.map((r) => [r.key, r.readAt]));
    expect(reads.get(key)).toBe('2026-12-07T00:10:00.000Z');
    expect(reads.get(ahead)).toBe(NOW.toISOString());
  });

  it('refuses other roles and anonymous callers', async () => {
    for (const username of ['wh1', 'fin1', 'buyer1']) {
      const who = await server.login(username);
      expect((await get(who)).status, username).toBe(403);
      const res = await post(who, { reads: [{ key: 'x:1', readAt: NOW.toISOString() }] });
      expect(res.status, username).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    expect((await get(null)).status).toBe(401);
    expect((await post(null, { reads: [{ key: 'x:1', readAt: NOW.toISOString() }] })).status).toBe(401);
  });

  it('refuses a malformed request whole, storing nothing of it', async () => {
    const before = await stored();
    const bad: unknown[] = [
      {},
      { reads: [] },
      { reads: [{ key: '', readAt: NOW.toISOString() }] },
      { reads: [{ key: 'ok:1', readAt: NOW.toISOString() }, { key: 'nul\u0000key', readAt: NOW.toISOString() }] },
      { reads: [{ key: 'ok:2', readAt: 'yesterday' }] },
      { reads: [{ key: 'ok:3', readAt: '1999-01-01T00:00:00Z' }] },
      { reads: [{ key: 'k'.repeat(201), readAt: NOW.toISOString() }] },
      { reads: Array.from({ length: 501 }, (_, i) => ({ key: `bulk:${i}`, readAt: NOW.toISOString() })) },
    ];
    for (const body of bad) {
      const res = await post(cs1, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.code).toBe('body.invalid');
    }
    expect(await stored()).toBe(before);
  });

  it('forgets marks older than the retention period', async () => {
    await server.db.query(`INSERT INTO notice_reads (staff_id, notice_key, read_at) VALUES ('staff-cs1', 'old:1', '2026-10-01T00:00:00Z')`);
    expect((await get(cs1)).body.reads.map((r) => r.key)).not.toContain('old:1');
    await post(cs1, { reads: [{ key: 'new:1', readAt: NOW.toISOString() }] });
    const left = await server.db.query<{ notice_key: string }>(`SELECT notice_key FROM notice_reads WHERE staff_id = 'staff-cs1' AND notice_key = 'old:1'`);
    expect(left).toEqual([]);
  });
});
