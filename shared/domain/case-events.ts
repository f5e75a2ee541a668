/**
 * Events (facts) appended to a case. The case is the fold of its events and the timeline
 * (协商历史) is the event list: every event carries actor, role, time and the command it came from.
 */
import type {
  Actor,
  CaseType,
  CloseCause,
  DisputeCategory,
  DisputeResolution,
  Inspection,
  IsoTime,
  Minor,
  Reason,
  RefundAdjustment,
  RefundBreakdown,
  ReshipCause,
  ReturnAddress,
} from './model';

export interface CaseEventData {
  'case.applied': {
    orderId: string;
    lineId: string;
    sku: string;
    buyerId: string;
    caseType: CaseType;
    quantity: number;
    reason: Reason;
    description: string;
    evidence: string[];
    exchangeSku: string | null;
    beforeShipment: boolean;
    shippingPaidBy: 'buyer' | 'seller';
  };
  /** Buyer changed the application; `resubmitted` when it came back from `rejected`. */
  'case.modified': {
    quantity: number;
    reason: Reason;
    description: string;
    evidence: string[];
    shippingPaidBy: 'buyer' | 'seller';
    resubmitted: boolean;
  };
  'case.withdrawn': Record<string, never>;
  /** CS (or the system on review timeout) approved. `next` is the state entered. */
  'case.approved': {
    returnAddress: ReturnAddress | null;
    next: 'awaiting_buyer_shipment' | 'awaiting_refund' | 'awaiting_exchange_shipment' | 'awaiting_receipt';
    refund: RefundBreakdown | null;
    /** True when a platform escalation overturned a rejection. */
    overturned: boolean;
  };
  'case.rejected': { reason: string };
  'case.interception_recorded': { intercepted: boolean; refund: RefundBreakdown | null };
  'case.reship_created': { cause: ReshipCause };
  'case.return_shipped': {
    carrier: string;
    trackingNumber: string;
    invoiceReturned: boolean;
    declaredCost: Minor | null;
  };
  /** Warehouse accepted the goods; `next` is `awaiting_refund` or `awaiting_exchange_shipment`. */
  'case.goods_received': {
    inspection: Inspection;
    invoiceReturned: boolean;
    next: 'awaiting_refund' | 'awaiting_exchange_shipment';
    refund: RefundBreakdown | null;
  };
  /** Warehouse sent the case back to CS (logistics → CS). */
  'case.returned_to_cs': { reason: string };
  'case.dispute_raised': { category: DisputeCategory; notes: string; photos: string[] };
  'case.dispute_resolved': {
    resolution: DisputeResolution;
    reason: string;
    agreedAmount: Minor | null;
    refund: RefundBreakdown | null;
  };
  'case.amount_overridden': { adjustment: RefundAdjustment; refund: RefundBreakdown };
  'case.escalated': { reason: string };
  'case.note_added': { text: string };
  /** `previous` is the owner before (null: unassigned). */
  'case.owner_assigned': { owner: string | null; previous: string | null };
  'case.outbound_shipped': { carrier: string | null; trackingNumber: string | null };
  /** Buyer confirmed receipt of the outbound parcel, or the system did on timeout. */
  'case.receipt_confirmed': { automatic: boolean };
  'case.refund_approved': { reference: string; refund: RefundBreakdown };
  /** Finance sent the case one step back (to the warehouse, or to CS when nothing was returned). */
  'case.refund_rejected': { reason: string; next: 'awaiting_receipt' | 'pending_review' };
  'case.carrier_compensation_recorded': { amount: Minor; claimRef: string };
  'case.closed': { cause: CloseCause };
}

export type CaseEventType = keyof CaseEventData;

export interface EventEnvelope<T extends CaseEventType> {
  type: T;
  caseId: string;
  /** Case version after this event (1 for the first). */
  version: number;
  occurredAt: IsoTime;
  actor: Actor;
  /** Command the event was decided from. */
  commandId: string;
  data: CaseEventData[T];
}

export type CaseEvent = { [T in CaseEventType]: EventEnvelope<T> }[CaseEventType];
export type CaseEventOf<T extends CaseEventType> = EventEnvelope<T>;
