/**
 * What a customer-service queue is: its key, the sorts, the filters, and the states and owner
 * its membership stands on (shared by the index walk and the narrow read).
 */
import { CASE_STATES, isTerminal, type CaseState, type CaseType, type Reason } from '../../../../shared/domain';

export const QUEUE_KEYS = [
  'needs_me',
  'pending_review',
  'rejected',
  'disputes',
  'awaiting_buyer_shipment',
  'awaiting_outbound',
  'escalated',
  'overdue',
  'all',
] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];

export const SORT_KEYS = ['due', 'newest', 'oldest', 'case_no'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface QueueFilters {
  types: CaseType[];
  reasons: Reason[];
  states: CaseState[];
  /** Return warehouse (the approved return address). */
  warehouses: string[];
  /** Carrier of the buyer's return parcel. */
  carriers: string[];
  /** Opening time range, ISO instants (inclusive). */
  openedFrom: string | null;
  openedTo: string | null;
  /** Refund cash range in minor units (cases whose refund is computed). */
  amountMin: number | null;
  amountMax: number | null;
}

export interface QueueSpec {
  queue: QueueKey;
  filters: QueueFilters;
  search: string;
  sort: SortKey;
}

export function emptyFilters(): QueueFilters {
  return { types: [], reasons: [], states: [], warehouses: [], carriers: [], openedFrom: null, openedTo: null, amountMin: null, amountMax: null };
}

/** Number of filters in use (for the filter button's badge). */
export function activeFilterCount(f: QueueFilters): number {
  const lists = [f.types, f.reasons, f.states, f.warehouses, f.carriers].filter((l) => l.length > 0).length;
  return lists + (f.openedFrom !== null || f.openedTo !== null ? 1 : 0) + (f.amountMin !== null || f.amountMax !== null ? 1 : 0);
}

export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !isTerminal(s));

/** The role whose deadlines make the "needs me" queue: a supervisor works the CS queue too. */
export const CS_QUEUE_OWNER = 'cs';

/** Queues that are one state, by due time. */
export const STATE_OF: Partial<Record<QueueKey, CaseState>> = {
  pending_review: 'pending_review',
  rejected: 'rejected',
  disputes: 'disputed',
  awaiting_buyer_shipment: 'awaiting_buyer_shipment',
  awaiting_outbound: 'awaiting_exchange_shipment',
};
