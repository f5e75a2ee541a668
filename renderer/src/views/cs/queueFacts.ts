/**
 * What the queues ask of a case, and nothing else: the fields of the merged view that decide a
 * queue's membership, its filters, its search and its order. The queue index keeps these for every
 * case in memory (`queueIndex.ts`, a few hundred bytes a case instead of the row's kilobytes), and
 * the short way to a narrow queue checks the rows it read with the same rules (`queueNarrow.ts`):
 * one set of rules, whichever way the ids were found.
 */
import { isTerminal, normalizeTrackingNumber } from '../../../../shared/domain';
import type { CaseViewRow } from '../../db/types';
import { CS_QUEUE_OWNER, STATE_OF, ownerMatches, type QueueFilters, type QueueKey, type SortKey } from './queueDefs';

export interface QueueFacts {
  id: string;
  caseNo: string;
  orderNo: string;
  state: string;
  returnTrackingNo: string;
  buyerPhoneTail: string;
  /** Who owns the next deadline ('' for none). */
  queue: string;
  /** Due time of the next deadline, '' for none. */
  dueAt: string;
  type: string;
  reason: string;
  owner: string | null;
  warehouseId: string | null;
  carrier: string | null;
  openedAt: string;
  /** The refund's cash part in minor units, null before a refund is decided. */
  cash: number | null;
  escalated: boolean;
}

export function factsOf(row: CaseViewRow): QueueFacts {
  const c = row.data;
  return {
    id: row.id,
    caseNo: row.caseNo,
    orderNo: row.orderNo,
    state: row.state,
    returnTrackingNo: row.returnTrackingNo,
    buyerPhoneTail: row.buyerPhoneTail,
    queue: row.queue,
    dueAt: row.dueAt,
    type: c.type,
    reason: c.reason,
    owner: c.owner ?? null,
    warehouseId: c.returnAddress?.warehouseId ?? null,
    carrier: c.returnShipment?.carrier ?? null,
    openedAt: c.openedAt,
    cash: c.refund?.cash ?? null,
    escalated: c.escalation !== null && c.escalation !== undefined,
  };
}

/** Whether a case belongs to a queue (the same membership the index ranges express). */
export function inQueue(queue: QueueKey, f: QueueFacts, now: string): boolean {
  const state = STATE_OF[queue];
  if (state) return f.state === state;
  switch (queue) {
    case 'needs_me':
      return f.queue === CS_QUEUE_OWNER;
    case 'overdue':
      return f.dueAt !== '' && f.dueAt <= now;
    case 'escalated':
      return f.escalated && !isTerminal(f.state as never);
    default:
      return true;
  }
}

export function matchesFilters(filters: QueueFilters, f: QueueFacts, me?: string | null): boolean {
  if (!ownerMatches(filters.owner, f.owner, me)) return false;
  if (filters.types.length > 0 && !(filters.types as string[]).includes(f.type)) return false;
  if (filters.reasons.length > 0 && !(filters.reasons as string[]).includes(f.reason)) return false;
  if (filters.states.length > 0 && !(filters.states as string[]).includes(f.state)) return false;
  if (filters.warehouses.length > 0 && !(f.warehouseId !== null && filters.warehouses.includes(f.warehouseId))) return false;
  if (filters.carriers.length > 0 && !(f.carrier !== null && filters.carriers.includes(f.carrier))) return false;
  if (filters.openedFrom !== null && f.openedAt < filters.openedFrom) return false;
  if (filters.openedTo !== null && f.openedAt > filters.openedTo) return false;
  if (filters.amountMin !== null || filters.amountMax !== null) {
    if (f.cash === null) return false;
    if (filters.amountMin !== null && f.cash < filters.amountMin) return false;
    if (filters.amountMax !== null && f.cash > filters.amountMax) return false;
  }
  return true;
}

/** The search's test, built once per search: case number, order number or return tracking number (prefix), or a phone's last four digits. */
export function searchMatcher(text: string): (f: QueueFacts) => boolean {
  const raw = text.trim();
  if (raw === '') return () => true;
  const upper = raw.toUpperCase();
  const tracking = normalizeTrackingNumber(raw);
  const byTracking = tracking.length >= 4;
  const byPhone = /^\d{4}$/.test(raw);
  return (f) =>
    f.caseNo.startsWith(upper) || f.orderNo.startsWith(upper) || (byTracking && f.returnTrackingNo.startsWith(tracking)) || (byPhone && f.buyerPhoneTail === raw);
}

export function matchesSearch(text: string, f: QueueFacts): boolean {
  return searchMatcher(text)(f);
}

const byId = (a: QueueFacts, b: QueueFacts): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The order of the index walk: the sort field, then the id. */
export function compareFacts(sort: SortKey): (a: QueueFacts, b: QueueFacts) => number {
  const by = (field: (f: QueueFacts) => string) => (a: QueueFacts, b: QueueFacts) => {
    const x = field(a);
    const y = field(b);
    return x < y ? -1 : x > y ? 1 : byId(a, b);
  };
  switch (sort) {
    case 'due':
      // Ended cases ('' = no deadline) last.
      return by((f) => (f.dueAt === '' ? '\uffff' : f.dueAt));
    case 'oldest':
      return by((f) => f.openedAt);
    case 'newest': {
      const oldest = by((f) => f.openedAt);
      return (a, b) => oldest(b, a);
    }
    case 'case_no':
      return by((f) => f.caseNo);
  }
}

/** The ids of the cases among `all` in a queue with its filters and search, in the chosen order. */
export function selectQueue(all: Iterable<QueueFacts>, spec: { queue: QueueKey; filters: QueueFilters; search: string; sort: SortKey; me?: string | null }, now: string): string[] {
  const search = searchMatcher(spec.search);
  const found: QueueFacts[] = [];
  for (const f of all) {
    if (inQueue(spec.queue, f, now) && matchesFilters(spec.filters, f, spec.me) && search(f)) found.push(f);
  }
  return found.sort(compareFacts(spec.sort)).map((f) => f.id);
}

/** How many of the cases among `all` are in a queue. */
export function countQueue(all: Iterable<QueueFacts>, queue: QueueKey, now: string): number {
  let n = 0;
  for (const f of all) if (inQueue(queue, f, now)) n += 1;
  return n;
}
