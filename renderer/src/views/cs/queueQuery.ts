/**
 * The customer-service queues (客服工作台队列) as IndexedDB index reads. A queue, its filters, the
 * search and the sort become an ordered list of case ids, read with key-only index queries
 * (`getAllKeys` under Dexie's plain-range fast path): no case row is read to build the list, so a
 * queue of 100,000 cases costs a few megabytes of ids, not the cases. The rows of the visible
 * window are read afterwards (`loadRows`).
 *
 * Membership follows the rule book: `queue`/`dueAt` of the merged view come from `nextDeadline`
 * (who owns the next deadline, and when it is due), the states are the case's own.
 */
import Dexie from 'dexie';
import { normalizeTrackingNumber, type CaseState } from '../../../../shared/domain';
import { distinctKeys } from '../../db/distinct';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow, OrderRow } from '../../db/types';
import { CS_QUEUE_OWNER, OPEN_STATES, QUEUE_KEYS, STATE_OF, activeFilterCount, type QueueFilters, type QueueKey, type QueueSpec, type SortKey } from './queueDefs';
import { countQueue, selectQueue } from './queueFacts';
import type { QueueIndex } from './queueIndex';
import { NARROW_LIMIT, narrowQueueKeys, ownerKeys } from './queueNarrow';

export * from './queueDefs';

function stateRange(db: DeskDb, state: CaseState) {
  return db.caseView.where('[state+dueAt]').between([state, Dexie.minKey], [state, Dexie.maxKey]);
}

function escalatedRange(db: DeskDb, state: CaseState) {
  return db.caseView.where('[state+data.escalation.at]').between([state, Dexie.minKey], [state, Dexie.maxKey]);
}

function keysOf(collection: { primaryKeys(): Promise<unknown[]> }): Promise<string[]> {
  return collection.primaryKeys() as Promise<string[]>;
}

/** Case ids of a queue already ordered by due time, or null when the queue has no such index range. */
function dueOrdered(db: DeskDb, queue: QueueKey, now: string): Promise<string[]> | null {
  const state = STATE_OF[queue];
  if (state) return keysOf(stateRange(db, state));
  if (queue === 'needs_me') return keysOf(db.caseView.where('[queue+dueAt]').between([CS_QUEUE_OWNER, Dexie.minKey], [CS_QUEUE_OWNER, Dexie.maxKey]));
  // Terminal cases have no deadline (''), so the range starts just above it.
  if (queue === 'overdue') return keysOf(db.caseView.where('dueAt').between('', now, false, true));
  return null;
}

/** Every case by due time: open cases first (soonest due), then the ended ones. */
async function allByDue(db: DeskDb): Promise<string[]> {
  const [open, ended] = await Promise.all([keysOf(db.caseView.where('dueAt').above('')), keysOf(db.caseView.where('dueAt').equals(''))]);
  return open.concat(ended);
}

/** The members of a queue as a set (queues without a due-ordered range); null = every case. */
async function membership(db: DeskDb, queue: QueueKey, now: string): Promise<Set<string> | null> {
  if (queue === 'all') return null;
  if (queue === 'escalated') {
    const parts = await Promise.all(OPEN_STATES.map((s) => keysOf(escalatedRange(db, s))));
    return new Set(parts.flat());
  }
  const ordered = dueOrdered(db, queue, now);
  return ordered ? new Set(await ordered) : null;
}

/** How many cases a queue holds: from the queue index when it is built, otherwise from the store's indexes. */
export async function queueCount(db: DeskDb, queue: QueueKey, now: string, index?: QueueIndex | null): Promise<number> {
  const facts = index ? await index.current() : null;
  if (facts) return countQueue(facts.values(), queue, now);
  const state = STATE_OF[queue];
  if (state) return stateRange(db, state).count();
  switch (queue) {
    case 'needs_me':
      return db.caseView.where('[queue+dueAt]').between([CS_QUEUE_OWNER, Dexie.minKey], [CS_QUEUE_OWNER, Dexie.maxKey]).count();
    case 'overdue':
      return db.caseView.where('dueAt').between('', now, false, true).count();
    case 'escalated':
      return (await Promise.all(OPEN_STATES.map((s) => escalatedRange(db, s).count()))).reduce((a, b) => a + b, 0);
    default:
      return db.caseView.count();
  }
}

export async function queueCounts(db: DeskDb, now: string, index?: QueueIndex | null): Promise<Record<QueueKey, number>> {
  const counts = await Promise.all(QUEUE_KEYS.map((q) => queueCount(db, q, now, index)));
  return Object.fromEntries(QUEUE_KEYS.map((q, i) => [q, counts[i] ?? 0])) as Record<QueueKey, number>;
}

async function union(parts: Promise<string[]>[]): Promise<Set<string>> {
  return new Set((await Promise.all(parts)).flat());
}

/** Ids matching one search text: case number, order number or return tracking number (prefix), or a phone's last four digits. */
export function searchKeys(db: DeskDb, text: string): Promise<Set<string>> {
  const raw = text.trim();
  const upper = raw.toUpperCase();
  const parts = [keysOf(db.caseView.where('caseNo').startsWith(upper)), keysOf(db.caseView.where('orderNo').startsWith(upper))];
  const tracking = normalizeTrackingNumber(raw);
  if (tracking.length >= 4) parts.push(keysOf(db.caseView.where('returnTrackingNo').startsWith(tracking)));
  if (/^\d{4}$/.test(raw)) parts.push(keysOf(db.caseView.where('buyerPhoneTail').equals(raw)));
  return union(parts);
}

function anyOf(db: DeskDb, index: string, values: readonly (string | number)[]): Promise<Set<string>> {
  return union(values.map((v) => keysOf(db.caseView.where(index).equals(v))));
}

/** One id set per filter in use (each read from its own index). */
function filterSets(db: DeskDb, f: QueueFilters, me?: string | null): Promise<Set<string>>[] {
  const sets: Promise<Set<string>>[] = [];
  if (f.owner) sets.push(ownerKeys(db, f.owner, me));
  if (f.types.length > 0) sets.push(anyOf(db, 'data.type', f.types));
  if (f.reasons.length > 0) sets.push(anyOf(db, 'data.reason', f.reasons));
  if (f.states.length > 0) sets.push(anyOf(db, 'state', f.states));
  if (f.warehouses.length > 0) sets.push(anyOf(db, 'data.returnAddress.warehouseId', f.warehouses));
  if (f.carriers.length > 0) sets.push(anyOf(db, 'data.returnShipment.carrier', f.carriers));
  if (f.openedFrom !== null || f.openedTo !== null) {
    const range = db.caseView.where('data.openedAt').between(f.openedFrom ?? Dexie.minKey, f.openedTo ?? Dexie.maxKey, true, true);
    sets.push(keysOf(range).then((k) => new Set(k)));
  }
  if (f.amountMin !== null || f.amountMax !== null) {
    const range = db.caseView.where('data.refund.cash').between(f.amountMin ?? -Infinity, f.amountMax ?? Infinity, true, true);
    sets.push(keysOf(range).then((k) => new Set(k)));
  }
  return sets;
}

async function bySort(db: DeskDb, sort: Exclude<SortKey, 'due'>): Promise<string[]> {
  if (sort === 'case_no') return keysOf(db.caseView.orderBy('caseNo'));
  const oldestFirst = await keysOf(db.caseView.orderBy('data.openedAt'));
  return sort === 'oldest' ? oldestFirst : oldestFirst.reverse();
}

export interface QueueKeysOptions {
  /** The in-memory queue index: when built, the answer comes from it. */
  index?: QueueIndex | null;
  /** Up to this many rows are read for a narrow condition (`queueNarrow.ts`). */
  narrowLimit?: number;
}

/**
 * The ids of a queue with its filters and search, in the chosen order. `now` (ISO) decides what
 * is overdue. From the queue index when it is built (`queueIndex.ts`); otherwise every read is an
 * index range (or the rows of a narrow one, see `queueNarrow.ts`).
 */
export async function queueKeys(db: DeskDb, spec: QueueSpec, now: string, options: QueueKeysOptions = {}): Promise<string[]> {
  const facts = options.index ? await options.index.current() : null;
  if (facts) return selectQueue(facts.values(), spec, now);
  const byDue = spec.sort === 'due';
  if (byDue && activeFilterCount(spec.filters) === 0 && spec.search.trim() === '') {
    const native = dueOrdered(db, spec.queue, now);
    if (native) return native;
  }
  const narrow = await narrowQueueKeys(db, spec, now, options.narrowLimit ?? NARROW_LIMIT);
  if (narrow) return narrow;
  const sets: Promise<Set<string> | null>[] = filterSets(db, spec.filters, spec.me);
  if (spec.search.trim() !== '') sets.push(searchKeys(db, spec.search));
  let base = byDue ? dueOrdered(db, spec.queue, now) : null;
  if (!base) {
    base = byDue ? allByDue(db) : bySort(db, spec.sort as Exclude<SortKey, 'due'>);
    sets.push(membership(db, spec.queue, now));
  }
  const [ordered, resolved] = await Promise.all([base, Promise.all(sets)]);
  // Smallest set first: most ids fail the first check.
  const restrict = resolved.filter((s): s is Set<string> => s !== null).sort((a, b) => a.size - b.size);
  if (restrict.length === 0) return ordered;
  return ordered.filter((id) => restrict.every((s) => s.has(id)));
}

/** A queue row's case with its order (for the buyer, the line and the amount). */
export interface QueueRowData {
  view: CaseViewRow;
  order: OrderRow | undefined;
}

/** Reads the rows of the visible window (and their orders) by id. */
export async function loadRows(db: DeskDb, ids: readonly string[]): Promise<Map<string, QueueRowData>> {
  const views = await db.caseView.bulkGet([...ids]);
  const present = views.filter((v): v is CaseViewRow => v !== undefined);
  const orderIds = [...new Set(present.map((v) => v.orderId))];
  const orders = await db.orders.bulkGet(orderIds);
  const byId = new Map(orderIds.map((id, i) => [id, orders[i]]));
  return new Map(present.map((v) => [v.id, { view: v, order: byId.get(v.orderId) }]));
}

/** Values the filters can offer, read from the indexes (distinct keys only). */
export async function filterOptions(db: DeskDb): Promise<{ warehouses: string[]; carriers: string[] }> {
  const [warehouses, carriers] = await Promise.all([
    distinctKeys(db.caseView, 'data.returnAddress.warehouseId'),
    distinctKeys(db.caseView, 'data.returnShipment.carrier'),
  ]);
  return { warehouses: warehouses.map(String), carriers: carriers.map(String) };
}
