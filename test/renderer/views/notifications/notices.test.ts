/**
 * Notices derived from the synced cases: the sweeper's actions are told apart from the same step
 * taken by a person by the system command's id (as the server names it), deadlines of customer
 * service come due within the chosen window for the cases the agent owns or nobody owns, and read
 * marks are kept per person and exchanged with the central API.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, SYSTEM_ACTOR, evolveAll, type Actor, type AfterSalesCase, type CaseEvent } from '../../../../shared/domain';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { deriveNotices, sweptBy, type NoticeOptions, type NoticeViewer } from '../../../../renderer/src/views/notifications/notices';
import { systemCommandId } from '../../../../server/sweeper';
import { factsOf } from '../../../../renderer/src/views/cs/queueFacts';
import { CS, RETURN_ADDRESS, BUYER, putSnapshot, serverCaseAfter, uniqueName } from '../../sync/fixtures';

const NOW = '2026-03-08T12:00:00.000Z';
const CS1: NoticeViewer = { staffId: 'staff-cs1', role: 'cs' };
const ADMIN: NoticeViewer = { staffId: 'staff-admin', role: 'admin' };
const options = (patch: Partial<NoticeOptions> = {}): NoticeOptions => ({ now: NOW, windowHours: 4, horizonHours: 72, limit: 200, ...patch });

/** A case opened (and under review) from `openedAt`. */
function opened(id: string, openedAt: string, owner?: string): AfterSalesCase {
  const c = { ...serverCaseAfter(id, `O-${id}`), openedAt, stateEnteredAt: openedAt, updatedAt: openedAt };
  return owner === undefined ? c : { ...c, owner };
}

/** Folds one more event onto `c`, as the server would after `commandId`. */
function after(c: AfterSalesCase, type: CaseEvent['type'], data: unknown, at: string, actor: Actor, commandId: string = globalThis.crypto.randomUUID()): AfterSalesCase {
  const event = { type, caseId: c.id, version: c.version + 1, occurredAt: at, actor, commandId, data } as CaseEvent;
  const next = evolveAll(c, [event]);
  if (!next) throw new Error('the event folded into nothing');
  return next;
}

const approvedBy = (c: AfterSalesCase, at: string, actor: Actor, commandId?: string) =>
  after(c, 'case.approved', { returnAddress: RETURN_ADDRESS, next: 'awaiting_buyer_shipment', refund: null, overturned: false }, at, actor, commandId);

let db: DeskDb;
beforeEach(async () => {
  db = await openDeskDb(uniqueName());
});
afterEach(() => db.close());

describe('what the sweeper did', () => {
  it('recognises the sweeper’s own command among the folded ones, and not a person’s', async () => {
    const base = opened('SW', '2026-03-01T10:00:00.000Z');
    const swept = approvedBy(base, '2026-03-08T10:01:00.000Z', SYSTEM_ACTOR, systemCommandId('SW', 1, 'system.auto_approve'));
    const byHand = approvedBy({ ...base, id: 'HAND' }, '2026-03-08T10:01:00.000Z', CS);
    expect(await sweptBy(swept, 'system.auto_approve')).toBe(true);
    expect(await sweptBy(swept, 'system.auto_close')).toBe(false);
    expect(await sweptBy(byHand, 'system.auto_approve')).toBe(false);
    // The id of another case's (or another version's) sweep does not count.
    const foreign = approvedBy({ ...base, id: 'OTHER' }, '2026-03-08T10:01:00.000Z', SYSTEM_ACTOR, systemCommandId('SW', 1, 'system.auto_approve'));
    expect(await sweptBy(foreign, 'system.auto_approve')).toBe(false);
  });

  it('lists auto-approvals and auto-closures of the last days with their time, newest first', async () => {
    const base = opened('AUTO', '2026-03-01T10:00:00.000Z');
    await putSnapshot(db, approvedBy(base, '2026-03-08T10:01:00.000Z', SYSTEM_ACTOR, systemCommandId('AUTO', 1, 'system.auto_approve')), 'RMA-AUTO');
    await putSnapshot(db, approvedBy(opened('MANUAL', '2026-03-01T10:00:00.000Z'), '2026-03-08T09:00:00.000Z', CS), 'RMA-MANUAL');
    const shipping = approvedBy(opened('CLOSE', '2026-02-28T10:00:00.000Z'), '2026-03-01T11:00:00.000Z', CS);
    await putSnapshot(db, after(shipping, 'case.closed', { cause: 'buyer_shipment_timeout' }, '2026-03-08T11:01:00.000Z', SYSTEM_ACTOR, systemCommandId('CLOSE', 2, 'system.auto_close')), 'RMA-CLOSE');
    await putSnapshot(db, after(opened('GONE', '2026-03-01T10:00:00.000Z'), 'case.withdrawn', {}, '2026-03-08T09:30:00.000Z', BUYER), 'RMA-GONE');
    // Swept long before the horizon: not news any more.
    const old = approvedBy(opened('OLD', '2026-02-01T10:00:00.000Z'), '2026-02-15T10:00:00.000Z', CS);
    await putSnapshot(db, after(old, 'case.closed', { cause: 'buyer_shipment_timeout' }, '2026-02-22T10:01:00.000Z', SYSTEM_ACTOR, systemCommandId('OLD', 2, 'system.auto_close')), 'RMA-OLD');

    const notices = await deriveNotices(db, DEFAULT_POLICY, CS1, options());
    expect(notices.map((n) => [n.kind, n.caseNo, n.at])).toEqual([
      ['auto_closed', 'RMA-CLOSE', '2026-03-08T11:01:00.000Z'],
      ['auto_approved', 'RMA-AUTO', '2026-03-08T10:01:00.000Z'],
    ]);
    expect(notices[0]).toMatchObject({ closeCause: 'buyer_shipment_timeout', key: 'auto_closed:CLOSE:2026-03-08T11:01:00.000Z' });
    // Once the buyer has shipped, the approval is no longer where the case stands.
    const shipped = after(approvedBy(base, '2026-03-08T10:01:00.000Z', SYSTEM_ACTOR, systemCommandId('AUTO', 1, 'system.auto_approve')), 'case.return_shipped', { carrier: 'SF', trackingNumber: 'SF1234567890', invoiceReturned: false, declaredCost: null }, '2026-03-08T11:30:00.000Z', BUYER);
    await putSnapshot(db, shipped, 'RMA-AUTO');
    expect((await deriveNotices(db, DEFAULT_POLICY, CS1, options())).map((n) => n.caseNo)).toEqual(['RMA-CLOSE']);
  });
});

// Read from the store's index, and from every case's queue facts held in memory (the queue index).
describe.each(['the store', 'the queue facts'])('deadlines coming due, from %s', (way) => {
  const derive = async (viewer: NoticeViewer, o: NoticeOptions) =>
    deriveNotices(db, DEFAULT_POLICY, viewer, o, way === 'the store' ? null : (await db.caseView.toArray()).map(factsOf));

  beforeEach(async () => {
    // Review lasts 7 days: due 03-08 13:00, 14:00, 20:00 and (overdue) 03-07 09:00.
    await putSnapshot(db, opened('SOON', '2026-03-01T13:00:00.000Z'), 'RMA-SOON');
    await putSnapshot(db, opened('THEIRS', '2026-03-01T14:00:00.000Z', 'staff-cs2'), 'RMA-THEIRS');
    await putSnapshot(db, opened('LATER', '2026-03-01T20:00:00.000Z'), 'RMA-LATER');
    await putSnapshot(db, opened('LATE', '2026-02-28T09:00:00.000Z', 'staff-cs1'), 'RMA-LATE');
  });

  it('tells an agent of their own and unassigned cases due within the window, overdue ones too', async () => {
    const notices = await derive(CS1, options());
    expect(notices.map((n) => [n.kind, n.caseNo, n.at, n.state])).toEqual([
      ['due', 'RMA-SOON', '2026-03-08T13:00:00.000Z', 'pending_review'],
      ['due', 'RMA-LATE', '2026-03-07T09:00:00.000Z', 'pending_review'],
    ]);
    expect(notices[0]?.key).toBe('due:SOON:pending_review:2026-03-08T13:00:00.000Z');
  });

  it('widens with the window, and shows a supervisor every agent’s cases', async () => {
    expect((await derive(CS1, options({ windowHours: 8 }))).map((n) => n.caseNo)).toEqual(['RMA-LATER', 'RMA-SOON', 'RMA-LATE']);
    expect((await derive(ADMIN, options())).map((n) => n.caseNo)).toEqual(['RMA-THEIRS', 'RMA-SOON', 'RMA-LATE']);
  });

  it('drops the notice once the case leaves the state of the deadline', async () => {
    const soon = opened('SOON', '2026-03-01T13:00:00.000Z');
    await putSnapshot(db, approvedBy(soon, '2026-03-08T11:00:00.000Z', CS), 'RMA-SOON');
    expect((await derive(CS1, options())).map((n) => n.caseNo)).toEqual(['RMA-LATE']);
  });
});
