/**
 * Which time counts. A buyer's command always takes the server's time (a buyer.apply dated
 * 2000-01-01 was numbered RMA000101… and auto-approved within a minute, skipping review); a staff
 * member's offline time is kept only within a window (not ahead beyond clock skew, not older than
 * the policy's longest offline period, not before the case's latest event its issuer had seen).
 * Both times are kept on the event; deadlines and case numbers start from the server's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIso } from '../../server/db/db';
import { sweepOnce } from '../../server/sweeper';
import type { StaffRole } from '../../server/auth/roles';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';
import { applyPayload, createOrder, openCase, pushOne, type CommandInit } from './support/fixtures';
import { POLICY, createDomainOrder, rules, silentLog } from './support/domain-fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe.each(backends)('event times on %s', (backend) => {
  let server: TestServer;
  // The server's clock, moved by the tests.
  const T = new Date();
  let now = T;
  const at = (ms: number) => new Date(T.getTime() + ms).toISOString();
  const s = {} as Record<StaffRole, LoggedIn>;

  beforeAll(async () => {
    server = await startServer(backend, { clock: () => now });
    for (const [role, user] of [['buyer', 'buyer1'], ['cs', 'cs1'], ['warehouse', 'wh1'], ['finance', 'fin1'], ['admin', 'admin']] as const) s[role] = await server.login(user);
  });
  afterAll(async () => {
    await server?.close();
  });

  const eventsOf = async (caseId: string) =>
    (await server.db.query<{ type: string; occurred_at: unknown; recorded_at: unknown }>('SELECT type, occurred_at, recorded_at FROM case_events WHERE case_id = $1 ORDER BY version', [caseId])).map((e) => ({
      type: e.type,
      occurredAt: toIso(e.occurred_at),
      recordedAt: toIso(e.recorded_at),
    }));
  const caseRow = async (caseId: string) => {
    const [row] = await server.db.query<{ case_no: string; next_due_at: unknown; next_action: string | null; data: { stateEnteredAt: string } }>('SELECT case_no, next_due_at, next_action, data FROM cases WHERE id = $1', [caseId]);
    return { caseNo: row?.case_no, nextDueAt: row?.next_due_at ? toIso(row.next_due_at) : null, nextAction: row?.next_action, stateEnteredAt: row?.data.stateEnteredAt };
  };
  const send = (role: StaffRole, init: CommandInit) => pushOne(server, s[role], init);
  /** A case the buyer applies for at the server's time now, on an order received the day before. */
  const newCase = async () => openCase(server, s.buyer, await createDomainOrder(server.db, new Date(now.getTime() - DAY)));

  it('gives a buyer the server time, however the command is dated, and starts the review clock and the case number there', async () => {
    now = T;
    for (const occurredAt of ['2000-01-01T00:00:00Z', '2099-12-31T23:00:00Z']) {
      const orderId = await createOrder(server.db);
      const caseId = `case-dated-${occurredAt.slice(0, 4)}`;
      expect(await send('buyer', { type: 'buyer.apply', caseId, baseVersion: 0, payload: applyPayload(orderId), occurredAt })).toMatchObject({ status: 'applied' });
      expect(await eventsOf(caseId)).toEqual([{ type: 'case.applied', occurredAt: T.toISOString(), recordedAt: T.toISOString() }]);
      const row = await caseRow(caseId);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: '2-digit', month: '2-digit', day: '2-digit' }).format(T).replaceAll('-', '');
      expect(row.caseNo?.slice(0, 9)).toBe(`RMA${day}`);
      expect(row).toMatchObject({ stateEnteredAt: T.toISOString(), nextAction: 'system.auto_approve', nextDueAt: at(POLICY.deadlines.reviewHours * HOUR) });
    }
    // A minute later nothing is due: review was not skipped.
    const report = await sweepOnce({ db: server.db, rules, clock: () => new Date(T.getTime() + MINUTE), log: silentLog });
    expect(report.applied).toBe(0);
  });

  it.each(['cs', 'admin', 'warehouse', 'finance'] as const)('refuses %s times ahead of the server beyond clock skew or older than the offline limit', async (role) => {
    now = T;
    const caseId = await newCase();
    // Approved to the warehouse of wh1, so every role here may act on it.
    expect(await send('cs', { type: 'cs.approve', caseId, baseVersion: 1, occurredAt: at(0) })).toMatchObject({ status: 'applied', version: 2 });
    const type = { cs: 'cs.escalate', admin: 'cs.escalate', warehouse: 'warehouse.reject', finance: 'finance.reject_refund' }[role];
    const payload = { reason: 'dated' };
    const skew = POLICY.offline.clockSkewMinutes * MINUTE;
    const oldest = POLICY.offline.maxHours * HOUR;
    for (const occurredAt of [at(skew + MINUTE), at(DAY), at(-oldest - MINUTE), at(-30 * DAY)]) {
      expect(await send(role, { type, caseId, baseVersion: 2, payload, occurredAt }), occurredAt).toEqual({
        id: expect.any(String) as unknown,
        status: 'rejected',
        code: 'occurred_at_out_of_range',
        params: { occurredAt, earliest: expect.any(String) as unknown, latest: at(skew) },
      });
    }
    // Within the window the rules decide (the command itself may still be refused for the case's state).
    const inside = await send(role, { type, caseId, baseVersion: 2, payload, occurredAt: at(skew - MINUTE) });
    expect(inside).not.toMatchObject({ code: 'occurred_at_out_of_range' });
    if (role === 'cs' || role === 'admin') expect(inside).toMatchObject({ status: 'applied' });
  });

  it('keeps a staff member’s offline time on the event, but starts the buyer’s deadline when the server learns of it', async () => {
    // The buyer applied eight days ago; customer service approved offline six days ago and syncs now.
    now = new Date(T.getTime() - 8 * DAY);
    const caseId = await newCase();
    now = T;
    const approved = await send('cs', { type: 'cs.approve', caseId, baseVersion: 1, occurredAt: at(-6 * DAY) });
    expect(approved).toMatchObject({ status: 'applied', version: 2 });
    expect((await eventsOf(caseId)).at(-1)).toEqual({ type: 'case.approved', occurredAt: at(-6 * DAY), recordedAt: T.toISOString() });
    // Seven days to ship back from now, not one day left.
    expect(await caseRow(caseId)).toMatchObject({ stateEnteredAt: T.toISOString(), nextAction: 'system.auto_close', nextDueAt: at(POLICY.deadlines.buyerShipmentHours * HOUR) });
  });

  it('refuses a staff time before the case’s latest event its issuer had seen, but not a stale command’s', async () => {
    now = new Date(T.getTime() - 3 * HOUR);
    const caseId = await newCase();
    now = new Date(T.getTime() - HOUR);
    expect(await send('cs', { type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'called' }, occurredAt: at(-HOUR) })).toMatchObject({ status: 'applied', version: 2 });
    now = T;
    // Issued on version 2, so after the escalation an hour ago: dated two hours ago it cannot be.
    expect(await send('cs', { type: 'cs.approve', caseId, baseVersion: 2, occurredAt: at(-2 * HOUR) })).toMatchObject({ status: 'rejected', code: 'occurred_at_out_of_range', params: { earliest: at(-HOUR - 5 * MINUTE) } });
    // Issued offline on version 1, before that escalation reached it: its own time stands, and the rules decide.
    expect(await send('admin', { type: 'cs.approve', caseId, baseVersion: 1, occurredAt: at(-2 * HOUR) })).toMatchObject({ status: 'applied', version: 3 });
    expect((await eventsOf(caseId)).map((e) => e.occurredAt)).toEqual([at(-3 * HOUR), at(-HOUR), at(-2 * HOUR)]);
  });
});
