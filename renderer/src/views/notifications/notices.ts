/**
 * Staff notifications (通知), derived on each workstation from the synced cases — never stored,
 * never sent by the server. The source rule:
 *
 *  - **The sweeper acted** (`auto_approved`, `auto_closed`, `auto_confirmed`): a case whose
 *    folded command list (`commandIds`) holds the id of the sweeper's system command. That id is a
 *    name of (case, version, action) (`shared/sync/system-commands.ts`), so the fact comes with the
 *    case from the pull feed, the same on every desk, and offline too. Looked for among cases that
 *    ended (closed, completed) or entered a state an approval leads to within the last
 *    `horizonHours`; an approval notice lasts while the case is still where the approval put it.
 *  - **A deadline of the signed-in role comes due** (`due`): the case's next deadline
 *    (`nextDeadline`, the rule book's) is owned by customer service and due within `windowHours`
 *    (or already overdue, back to `horizonHours`). An agent sees the cases they own and the
 *    unassigned ones; a supervisor sees all. The notice is keyed by the deadline itself (case,
 *    state, due time), so it disappears as soon as the case moves on and never comes back for the
 *    same deadline once read.
 *
 * Which notices are read is the one thing that syncs (per person, `stores/notifications.ts`), so a
 * notice read on one of a person's desks is read on the others; two agents are each told once.
 */
import { nextDeadline, type AfterSalesCase, type CaseEventData, type CaseState, type CloseCause, type Policy, type SystemCommandType } from '../../../../shared/domain';
import { isNameBasedUuid, systemCommandName, uuidFromSha1 } from '../../../../shared/sync/system-commands';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow } from '../../db/types';
import { factsOf } from '../cs/queueFacts';

export type NoticeKind = 'auto_approved' | 'auto_closed' | 'auto_confirmed' | 'due';

export interface Notice {
  /** Names the fact; read marks are kept by it. */
  key: string;
  kind: NoticeKind;
  caseId: string;
  caseNo: string;
  /** When the sweeper acted, or when the deadline is due. */
  at: string;
  /** The state the case is in now (for a deadline: the state it belongs to). */
  state: CaseState;
  closeCause: CloseCause | null;
}

/** Who is asking: customer service sees its own and unassigned cases' deadlines, a supervisor all. */
export interface NoticeViewer {
  staffId: string;
  role: 'cs' | 'admin';
}

export interface NoticeOptions {
  now: string;
  /** Deadlines due within this many hours are announced. */
  windowHours: number;
  /** How far back sweeper actions and overdue deadlines are announced. */
  horizonHours: number;
  /** At most this many deadline notices (the soonest due). */
  limit: number;
}

export const DEFAULT_WINDOW_HOURS = 4;
export const DEFAULT_HORIZON_HOURS = 72;
export const NOTICE_LIMIT = 200;

const HOUR_MS = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The states an approval leads to (the `next` of `case.approved`). */
const APPROVAL_NEXT = ['awaiting_buyer_shipment', 'awaiting_refund', 'awaiting_exchange_shipment', 'awaiting_receipt'] as const satisfies readonly CaseEventData['case.approved']['next'][];

/**
 * How long after entering `state` its deadline falls, from the rule book: the deadline index
 * (`[state+dueAt]`) then finds the cases that entered the state in a time range.
 */
function deadlineOffsetMs(state: CaseState, policy: Policy): number | null {
  const probe = { state, type: 'return_refund', stateEnteredAt: iso(0) } as AfterSalesCase;
  const due = nextDeadline(probe, policy);
  return due ? Date.parse(due.dueAt) : null;
}

// ---------------------------------------------------------------------------------------------
// Did the sweeper do it? (system command ids among the case's folded commands)

const sweptCache = new Map<string, boolean>();

async function sha1Uuid(name: string): Promise<string> {
  // Wrapped so a liveQuery's observation context survives the Web Crypto call.
  const digest = await Promise.resolve(globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(name)));
  return uuidFromSha1(new Uint8Array(digest));
}

/**
 * Whether the sweeper's `action` is among the commands folded into `c`. The command at position
 * i of `commandIds` was issued at version i or later (a command folds one event or more, e.g. an
 * application approved at once), so the versions from i to the case's are tried — for
 * name-based ids only, which a person's commands never have.
 */
export async function sweptBy(c: AfterSalesCase, action: SystemCommandType): Promise<boolean> {
  const cacheKey = `${c.id}@${c.version}/${action}`;
  const cached = sweptCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let found = false;
  for (const [i, id] of c.commandIds.entries()) {
    if (!isNameBasedUuid(id)) continue;
    for (let version = i; version < c.version && !found; version += 1) {
      found = (await sha1Uuid(systemCommandName(c.id, version, action))) === id.toLowerCase();
    }
    if (found) break;
  }
  if (sweptCache.size > 20_000) sweptCache.clear();
  sweptCache.set(cacheKey, found);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Reading the candidates (index ranges only) and deciding

/** Notices latest first (a deadline counts by its due time). */
function byLatest(a: Notice, b: Notice): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : a.key < b.key ? -1 : 1;
}

/** An approval notice stands while nothing after the approval has moved the case on. */
function stillWhereApprovalLeft(c: AfterSalesCase): boolean {
  return c.returnShipment === null && c.inspection === null && c.disputes.length === 0 && c.interception === null && c.outboundShipment === null;
}

function notice(kind: NoticeKind, row: { id: string; caseNo: string }, at: string, state: CaseState, closeCause: CloseCause | null): Notice {
  const key = kind === 'due' ? `due:${row.id}:${state}:${at}` : `${kind}:${row.id}:${at}`;
  return { key, kind, caseId: row.id, caseNo: row.caseNo, at, state, closeCause };
}

function mayWatch(viewer: NoticeViewer, owner: string | null | undefined): boolean {
  return viewer.role === 'admin' || owner === undefined || owner === null || owner === viewer.staffId;
}

/**
 * What the sweeper did within the horizon (in no order: `mergeNotices` sorts): the cases that ended (closed, completed) or entered a
 * state an approval leads to, read by index range. These change with the store, and with the time
 * only as the horizon slides (the store re-derives them hourly, `stores/notifications.ts`).
 */
export async function deriveSweepNotices(db: DeskDb, policy: Policy, options: Pick<NoticeOptions, 'now' | 'horizonHours'>): Promise<Notice[]> {
  const nowMs = Date.parse(options.now);
  const from = nowMs - options.horizonHours * HOUR_MS;
  const ended = (state: CaseState) => db.caseView.where('[state+data.endedAt]').between([state, iso(from)], [state, options.now], true, true).toArray();
  const entered = APPROVAL_NEXT.map((state) => {
    const offset = deadlineOffsetMs(state, policy);
    if (offset === null) return Promise.resolve([] as CaseViewRow[]);
    return db.caseView.where('[state+dueAt]').between([state, iso(from + offset)], [state, iso(nowMs + offset)], true, true).toArray();
  });
  const [closed, completed, approvedParts] = await Promise.all([ended('closed'), ended('completed'), Promise.all(entered)]);
  // Every read is done: what follows touches no table.
  const out: Notice[] = [];
  for (const row of closed) {
    if (row.data.endedAt && (await sweptBy(row.data, 'system.auto_close'))) out.push(notice('auto_closed', row, row.data.endedAt, row.data.state, row.data.closeCause));
  }
  for (const row of completed) {
    if (row.data.endedAt && row.data.outboundShipment && (await sweptBy(row.data, 'system.auto_confirm'))) out.push(notice('auto_confirmed', row, row.data.endedAt, row.data.state, row.data.closeCause));
  }
  for (const row of approvedParts.flat()) {
    if (stillWhereApprovalLeft(row.data) && (await sweptBy(row.data, 'system.auto_approve'))) out.push(notice('auto_approved', row, row.data.stateEnteredAt, row.data.state, row.data.closeCause));
  }
  return out;
}

/** The fields a deadline notice needs of a case: the queue index's facts have them (`views/cs/queueFacts.ts`). */
export interface DueCase {
  id: string;
  caseNo: string;
  queue: string;
  dueAt: string;
  state: string;
  owner: string | null;
}

const laterFirst = (a: DueCase, b: DueCase): number => (a.dueAt < b.dueAt ? 1 : a.dueAt > b.dueAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Customer service's deadlines due within the window (or overdue within the horizon) for the
 * viewer (in no order: `mergeNotices` sorts). From `facts` (every case's queue facts, held in memory) when given, without reading the
 * store; otherwise from the `[queue+dueAt]` index.
 */
export async function deriveDueNotices(db: DeskDb, viewer: NoticeViewer, options: NoticeOptions, facts?: Iterable<DueCase> | null): Promise<Notice[]> {
  const nowMs = Date.parse(options.now);
  const lower = iso(nowMs - options.horizonHours * HOUR_MS);
  const upper = iso(nowMs + options.windowHours * HOUR_MS);
  // Latest due first: the ones coming due, then the most recently overdue, when there are many.
  let due: DueCase[];
  if (facts) {
    due = [];
    for (const f of facts) if (f.queue === 'cs' && f.dueAt >= lower && f.dueAt <= upper) due.push(f);
    due = due.sort(laterFirst).slice(0, options.limit * 4);
  } else {
    const rows = await db.caseView.where('[queue+dueAt]').between(['cs', lower], ['cs', upper], true, true).reverse().limit(options.limit * 4).toArray();
    due = rows.map(factsOf);
  }
  return due
    .filter((c) => mayWatch(viewer, c.owner))
    .slice(0, options.limit)
    .map((c) => notice('due', c, c.dueAt, c.state as CaseState, null));
}

/** Both kinds together, latest first. */
export function mergeNotices(...parts: Notice[][]): Notice[] {
  return parts.flat().sort(byLatest);
}

/** The viewer's notices, latest time first (a deadline counts by its due time). */
export async function deriveNotices(db: DeskDb, policy: Policy, viewer: NoticeViewer, options: NoticeOptions, facts?: Iterable<DueCase> | null): Promise<Notice[]> {
  const [sweeps, due] = await Promise.all([deriveSweepNotices(db, policy, options), deriveDueNotices(db, viewer, options, facts)]);
  return mergeNotices(sweeps, due);
}

/** The cases with at least one of `notices` (the queue rows' flags). */
export function caseIdsOf(notices: readonly Notice[]): Set<string> {
  return new Set(notices.map((n) => n.caseId));
}

/** Deadlines past due (for words: "overdue since" rather than "due in"). */
export function isOverdueNotice(n: Notice, now: string): boolean {
  return n.kind === 'due' && n.at <= now;
}
