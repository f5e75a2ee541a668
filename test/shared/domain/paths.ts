/**
 * Paths that bring a case of each type into each of its states, and one canonical payload (or a
 * few variants) per command type. Used by the transition-coverage test and the property suite.
 */
import type { AfterSalesCase, CaseEvent, CaseType, Command, CommandType, Order, PayloadOf } from '../../../shared/domain';
import { ACTORS, ADDRESS, command, ctx, makeOrder, PRODUCTS, run, T0 } from './fixtures';
import { inspection } from './inspection';

export interface Snapshot {
  label: string;
  order: Order;
  c: AfterSalesCase;
  events: CaseEvent[];
}

type Step = readonly [CommandType, Record<string, unknown>];

const RETURN_ADDRESS = { returnAddress: ADDRESS };
const SHIP_BACK = { carrier: 'SF', trackingNumber: 'SF1234567890', invoiceReturned: false };
const OUTBOUND = { carrier: 'SF', trackingNumber: 'SF9876543210' };

export function inspectionFor(sku: string, quantity: number) {
  return {
    inspection: inspection({ sku, quantity, condition: 'opened_resalable', checklist: { seals: true }, weightGrams: 700, disposition: { kind: 'restock', location: 'R-01' } }),
  };
}

interface Flow {
  type: CaseType;
  label: string;
  orderState: Order['state'];
  apply: Record<string, unknown>;
  /** Steps after apply; a snapshot is taken after each. */
  steps: Step[];
}

const applyBase = { orderId: 'O1', quantity: 1, description: '', evidence: [] };

/** Flows whose union reaches every state of every case type. */
export const FLOWS: Flow[] = [
  // cancel after payment
  { type: 'cancel_after_payment', label: 'cancel-approve', orderState: 'awaiting_shipment', apply: { ...applyBase, lineId: 'L-A', caseType: 'cancel_after_payment', reason: 'changed_mind' }, steps: [['cs.approve', {}], ['finance.approve_refund', { reference: '' }]] },
  { type: 'cancel_after_payment', label: 'cancel-intercept', orderState: 'awaiting_shipment', apply: { ...applyBase, lineId: 'L-A', caseType: 'cancel_after_payment', reason: 'changed_mind' }, steps: [['cs.intercept_result', { intercepted: false }], ['cs.intercept_result', { intercepted: true }]] },
  { type: 'cancel_after_payment', label: 'cancel-reject', orderState: 'awaiting_shipment', apply: { ...applyBase, lineId: 'L-A', caseType: 'cancel_after_payment', reason: 'changed_mind' }, steps: [['cs.reject', { reason: 'already packed' }], ['cs.escalate', { reason: 'buyer complained' }], ['buyer.withdraw', {}]] },
  // refund only, before shipment and after
  { type: 'refund_only', label: 'refund-before', orderState: 'awaiting_shipment', apply: { ...applyBase, lineId: 'L-A', caseType: 'refund_only', reason: 'changed_mind' }, steps: [['cs.reject', { reason: 'no' }], ['cs.escalate', { reason: 'platform' }], ['cs.approve', {}], ['finance.approve_refund', { reference: '' }]] },
  { type: 'refund_only', label: 'refund-after', orderState: 'completed', apply: { ...applyBase, lineId: 'L-B', caseType: 'refund_only', reason: 'quality_issue' }, steps: [['cs.approve', {}], ['finance.reject_refund', { reason: 'check' }], ['buyer.withdraw', {}]] },
  { type: 'refund_only', label: 'refund-rejected', orderState: 'completed', apply: { ...applyBase, lineId: 'L-B', caseType: 'refund_only', reason: 'quality_issue' }, steps: [['cs.reject', { reason: 'no proof' }], ['buyer.modify', { description: 'photos attached' }]] },
  // return and refund
  { type: 'return_refund', label: 'return-happy', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'return_refund', reason: 'quality_issue' }, steps: [['cs.approve', RETURN_ADDRESS], ['buyer.ship_back', SHIP_BACK], ['warehouse.receive', inspectionFor('A', 1)], ['cs.override_amount', { cash: 1500, kind: 'override', reason: 'goodwill' }], ['finance.approve_refund', { reference: '' }]] },
  { type: 'return_refund', label: 'return-dispute', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'return_refund', reason: 'no_reason_seven_days' }, steps: [['cs.approve', RETURN_ADDRESS], ['buyer.ship_back', SHIP_BACK], ['warehouse.raise_dispute', { category: 'empty_parcel', notes: '', photos: [] }], ['cs.resolve_dispute', { resolution: 'return_to_buyer', reason: 'empty parcel' }]] },
  { type: 'return_refund', label: 'return-reject-chain', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'return_refund', reason: 'size_or_fit' }, steps: [['cs.reject', { reason: 'worn' }], ['buyer.modify', { description: 'not worn' }], ['cs.approve', RETURN_ADDRESS], ['buyer.ship_back', SHIP_BACK], ['warehouse.reject', { reason: 'not our parcel' }], ['cs.approve', {}], ['warehouse.receive', inspectionFor('A', 1)], ['finance.reject_refund', { reason: 're-check' }]] },
  { type: 'return_refund', label: 'return-overturned', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'return_refund', reason: 'quality_issue' }, steps: [['cs.reject', { reason: 'no proof' }], ['cs.escalate', { reason: 'platform' }], ['cs.approve', RETURN_ADDRESS]] },
  // exchange
  { type: 'exchange', label: 'exchange-happy', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'exchange', reason: 'size_or_fit', exchangeSku: 'A2' }, steps: [['cs.approve', RETURN_ADDRESS], ['buyer.ship_back', SHIP_BACK], ['warehouse.receive', inspectionFor('A', 1)], ['warehouse.ship_exchange', OUTBOUND], ['buyer.confirm_receipt', {}]] },
  { type: 'exchange', label: 'exchange-dispute', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'exchange', reason: 'quality_issue' }, steps: [['cs.reject', { reason: 'no' }], ['cs.escalate', { reason: 'platform' }], ['cs.approve', RETURN_ADDRESS], ['buyer.ship_back', SHIP_BACK], ['warehouse.raise_dispute', { category: 'damaged_by_buyer', notes: '', photos: [] }], ['cs.resolve_dispute', { resolution: 'agreed_amount', amount: 1000, reason: 'half' }]] },
  // reship
  { type: 'reship', label: 'reship-lost', orderState: 'shipped', apply: { ...applyBase, lineId: 'L-A', caseType: 'reship', reason: 'parcel_lost' }, steps: [['cs.create_reship', { cause: 'lost_parcel' }], ['finance.record_carrier_compensation', { amount: 2000, claimRef: 'CLM-1' }], ['warehouse.ship_reship', OUTBOUND], ['buyer.confirm_receipt', {}]] },
  { type: 'reship', label: 'reship-rejected', orderState: 'shipped', apply: { ...applyBase, lineId: 'L-A', caseType: 'reship', reason: 'missing_item' }, steps: [['cs.reject', { reason: 'in transit' }], ['buyer.withdraw', {}]] },
  { type: 'reship', label: 'reship-from-refund', orderState: 'shipped', apply: { ...applyBase, lineId: 'L-A', caseType: 'refund_only', reason: 'not_received' }, steps: [['cs.create_reship', { cause: 'missing_item' }], ['warehouse.ship_reship', OUTBOUND]] },
  // repair
  { type: 'repair', label: 'repair-happy', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'repair', reason: 'quality_issue' }, steps: [['cs.approve', RETURN_ADDRESS], ['buyer.ship_back', SHIP_BACK], ['warehouse.receive', inspectionFor('A', 1)], ['warehouse.ship_exchange', OUTBOUND], ['buyer.confirm_receipt', {}]] },
  { type: 'repair', label: 'repair-rejected', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'repair', reason: 'quality_issue' }, steps: [['cs.reject', { reason: 'out of scope' }], ['buyer.modify', { description: 'more' }], ['cs.approve', RETURN_ADDRESS], ['buyer.ship_back', SHIP_BACK], ['warehouse.raise_dispute', { category: 'damaged_by_buyer', notes: '', photos: [] }], ['cs.resolve_dispute', { resolution: 'full_refund', reason: 'ok' }]] },
  { type: 'repair', label: 'repair-overturned', orderState: 'completed', apply: { ...applyBase, lineId: 'L-A', caseType: 'repair', reason: 'quality_issue' }, steps: [['cs.reject', { reason: 'no' }], ['cs.escalate', { reason: 'platform' }], ['cs.approve', RETURN_ADDRESS]] },
  { type: 'reship', label: 'reship-escalated', orderState: 'shipped', apply: { ...applyBase, lineId: 'L-A', caseType: 'reship', reason: 'missing_item' }, steps: [['cs.reject', { reason: 'no' }], ['cs.escalate', { reason: 'platform' }]] },
  // virtual goods
  { type: 'return_refund', label: 'virtual-return', orderState: 'completed', apply: { ...applyBase, lineId: 'L-V', caseType: 'return_refund', reason: 'other' }, steps: [['cs.approve', {}], ['finance.approve_refund', { reference: '' }]] },
  { type: 'exchange', label: 'virtual-exchange', orderState: 'completed', apply: { ...applyBase, lineId: 'L-V', caseType: 'exchange', reason: 'other' }, steps: [['cs.approve', {}], ['warehouse.ship_exchange', { carrier: null, trackingNumber: null }], ['buyer.confirm_receipt', {}]] },
];

/** Snapshots after apply and after every step of every flow. Applied at T0 (+1 min per step). */
export function snapshots(): Snapshot[] {
  const out: Snapshot[] = [];
  for (const flow of FLOWS) {
    const order = makeOrder(flow.orderState);
    const events: CaseEvent[] = [];
    const caseId = `RMA-${flow.label}`;
    let c = run(undefined, command('buyer.apply', flow.apply as PayloadOf<'buyer.apply'>, { caseId }), ctx(order), events);
    out.push({ label: `${flow.label}#0`, order, c, events: [...events] });
    flow.steps.forEach(([type, payload], i) => {
      const occurredAt = new Date(Date.parse(T0) + (i + 1) * 60_000).toISOString();
      c = run(c, command(type, payload as PayloadOf<typeof type>, { c, occurredAt }), ctx(order, occurredAt), events);
      out.push({ label: `${flow.label}#${i + 1}`, order, c, events: [...events] });
    });
  }
  return out;
}

/** Payload variants tried for each command type from every snapshot. */
export function payloadVariants(type: CommandType, c: AfterSalesCase): Record<string, unknown>[] {
  switch (type) {
    case 'buyer.apply':
      return [{ ...applyBase, lineId: c.lineId, caseType: c.type, reason: c.reason }];
    case 'buyer.modify':
      return [{ description: 'updated' }];
    case 'buyer.ship_back':
      return [SHIP_BACK];
    case 'cs.approve':
      return [RETURN_ADDRESS];
    case 'cs.reject':
    case 'warehouse.reject':
    case 'finance.reject_refund':
    case 'cs.escalate':
      return [{ reason: 'because' }];
    case 'cs.intercept_result':
      return [{ intercepted: true }, { intercepted: false }];
    case 'cs.create_reship':
      return [{ cause: 'missing_item' }];
    case 'cs.resolve_dispute':
      return [
        { resolution: 'agreed_amount', amount: 500, reason: 'agreed' },
        { resolution: 'return_to_buyer', reason: 'mismatch' },
        { resolution: 'full_refund', reason: 'fine' },
      ];
    case 'cs.override_amount':
      return [{ cash: 100, kind: 'override', reason: 'goodwill' }];
    case 'warehouse.receive':
      return [inspectionFor(c.sku, c.quantity)];
    case 'warehouse.raise_dispute':
      return [{ category: 'wrong_item', notes: '', photos: [] }];
    case 'warehouse.ship_exchange':
    case 'warehouse.ship_reship':
      return PRODUCTS[c.sku]?.virtual ? [{ carrier: null, trackingNumber: null }] : [OUTBOUND];
    case 'finance.approve_refund':
      return [{ reference: 'PAY-1' }];
    case 'finance.record_carrier_compensation':
      return [{ amount: 1000, claimRef: 'CLM-9' }];
    case 'cs.add_note':
      return [{ text: '买家来电，已解释退款时间' }];
    case 'cs.assign':
      // Taking it for the agent, releasing it, handing it to someone else.
      return [{ owner: 'cs-1' }, { owner: null }, { owner: 'cs-2' }];
    default:
      return [{}];
  }
}

export function commandFor(type: CommandType, payload: Record<string, unknown>, c: AfterSalesCase, occurredAt: string): Command {
  const role = type.split('.')[0] as 'buyer' | 'cs' | 'warehouse' | 'finance' | 'system';
  return command(type, payload as PayloadOf<typeof type>, { c, occurredAt, actor: ACTORS[role] });
}
