/**
 * What a customer-service queue is: its key, the sorts, the filters, and the states and owner
 * its membership stands on (shared by the index walk and the narrow read).
 */
import { z } from 'zod';
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

/**
 * The case owner filter (跟进人, the owner `cs.assign` sets): the signed-in person's cases, the
 * unassigned ones, or one staff member's (a supervisor sorting out who has what). "Mine" is kept
 * as such, not as an id, so a saved filter follows whoever is signed in.
 */
export const OwnerFilterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mine') }),
  z.object({ kind: z.literal('unassigned') }),
  z.object({ kind: z.literal('staff'), staffId: z.string().min(1).max(100) }),
]);
export type OwnerFilter = z.infer<typeof OwnerFilterSchema>;

/** The staff id an owner filter asks for ('' for unassigned; null when "mine" has nobody signed in). */
export function ownerWanted(owner: OwnerFilter, me: string | null | undefined): string | null {
  if (owner.kind === 'unassigned') return '';
  if (owner.kind === 'mine') return me ?? null;
  return owner.staffId;
}

/** Whether a case's owner (absent or null: never assigned or released) passes the filter. */
export function ownerMatches(owner: OwnerFilter | null, caseOwner: string | null | undefined, me: string | null | undefined): boolean {
  if (owner === null) return true;
  const wanted = ownerWanted(owner, me);
  if (wanted === null) return false;
  return wanted === '' ? !caseOwner : caseOwner === wanted;
}

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
  /** Case owner; null: anyone's. */
  owner: OwnerFilter | null;
}

export interface QueueSpec {
  queue: QueueKey;
  filters: QueueFilters;
  search: string;
  sort: SortKey;
  /** Staff id of the signed-in person (the owner filter's "mine"). */
  me?: string | null;
}

export function emptyFilters(): QueueFilters {
  return { types: [], reasons: [], states: [], warehouses: [], carriers: [], openedFrom: null, openedTo: null, amountMin: null, amountMax: null, owner: null };
}

/** Number of filters in use (for the filter button's badge). */
export function activeFilterCount(f: QueueFilters): number {
  const lists = [f.types, f.reasons, f.states, f.warehouses, f.carriers].filter((l) => l.length > 0).length;
  return lists + (f.openedFrom !== null || f.openedTo !== null ? 1 : 0) + (f.amountMin !== null || f.amountMax !== null ? 1 : 0) + (f.owner ? 1 : 0);
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
