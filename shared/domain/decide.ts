/**
 * decide(case, command, context) → events | typed rejection. Pure and deterministic: the same
 * inputs always give the same answer. No zod parsing here (see `validateCommand`), so the server
 * and the offline client can run it at a high rate.
 */
import { CommandSchema, type Command, type CommandOf, type CommandType } from './commands';
import type { CaseEvent, CaseEventData, CaseEventType } from './case-events';
import {
  QUALITY_REASONS,
  isTerminal,
  type Actor,
  type AfterSalesCase,
  type CaseState,
  type CaseType,
  type IsoTime,
  type Order,
  type OrderLine,
  type Product,
  type Reason,
  type RefundAdjustment,
  type RefundBreakdown,
  type ReturnAddress,
} from './model';
import type { Policy } from './policy';
import { reject, type Rejection } from './rejections';
import { canIssue } from './permissions';
import { checkApplication, checkExchangeSku, checkLineLimits, checkQuantity } from './eligibility';
import { computeRefund, refundCeiling, withAdjustment, type RefundInput } from './money';
import { orderRefundProgress, refundedUnitsOnLine } from './order';
import { nextDeadline, toMs } from './time';
import { awaitsGoods, receivedMismatches, warehouseMismatch } from './warehouse';

/** What `decide` needs besides the case: the order, its products, the policy and the clock. */
export interface DecideContext {
  /** The order the case belongs to (for `buyer.apply`: the order applied on). */
  order: Order;
  /** Product attributes by SKU, covering the order's SKUs (and exchange targets). */
  products: Readonly<Record<string, Product>>;
  policy: Policy;
  /** Authoritative time: windows and system deadlines are judged against it. */
  now: IsoTime;
  /** The other cases of the same order, any state (the case itself is ignored if present). */
  otherCases: readonly AfterSalesCase[];
}

export type Decision = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

/** Actor of events the rules take on their own (auto-approval of an early cancel). */
export const SYSTEM_ACTOR: Actor = Object.freeze({ id: 'system', role: 'system' }) as Actor;

/** Validates an incoming command (shape, payload, defaults). Use at the boundary, not in loops. */
export function validateCommand(input: unknown): { ok: true; command: Command } | { ok: false; rejection: Rejection } {
  const res = CommandSchema.safeParse(input);
  if (res.success) return { ok: true, command: res.data };
  const first = res.error.issues[0];
  return reject('payload_invalid', {
    path: first ? first.path.join('.') : '',
    message: first ? first.message : 'invalid command',
    issues: res.error.issues.length,
  });
}

// ---------------------------------------------------------------------------------------------

/** States from which the buyer may still withdraw: before the warehouse accepted the goods. */
const WITHDRAWABLE: ReadonlySet<CaseState> = new Set<CaseState>(['pending_review', 'rejected', 'awaiting_buyer_shipment', 'awaiting_receipt']);

function event<T extends CaseEventType>(c: { id: string; version: number }, cmd: Command, type: T, data: CaseEventData[T], offset = 1, actor: Actor = cmd.actor): CaseEvent {
  return { type, caseId: c.id, version: c.version + offset, occurredAt: cmd.occurredAt, actor, commandId: cmd.id, data } as CaseEvent;
}

function one<T extends CaseEventType>(c: AfterSalesCase, cmd: Command, type: T, data: CaseEventData[T]): Decision {
  return { ok: true, events: [event(c, cmd, type, data)] };
}

function invalidState(c: AfterSalesCase, cmd: Command): Decision {
  return reject('invalid_state', { state: c.state, commandType: cmd.type });
}

function notApplicable(c: AfterSalesCase, cmd: Command): Decision {
  return reject('not_applicable_to_case_type', { caseType: c.type, commandType: cmd.type });
}

function shippingPaidBy(reason: Reason): 'buyer' | 'seller' {
  return QUALITY_REASONS.has(reason) ? 'seller' : 'buyer';
}

function othersOf(id: string, cases: readonly AfterSalesCase[]): readonly AfterSalesCase[] {
  for (const o of cases) if (o.id === id) return cases.filter((x) => x.id !== id);
  return cases;
}

function findLine(order: Order, lineId: string): OrderLine | undefined {
  for (const l of order.lines) if (l.id === lineId) return l;
  return undefined;
}

interface RefundSubject {
  id: string;
  type: CaseType;
  lineId: string;
  quantity: number;
  reason: Reason;
  beforeShipment: boolean;
  invoiceReturned: boolean;
  returnShipment: { declaredCost: number | null } | null;
}

function refundInput(s: RefundSubject, line: OrderLine, ctx: DecideContext, adjustments: readonly RefundAdjustment[]): RefundInput {
  const others = othersOf(s.id, ctx.otherCases);
  const progress = orderRefundProgress(others);
  return {
    order: ctx.order,
    line,
    quantity: s.quantity,
    unitsAlreadyRefunded: refundedUnitsOnLine(others, s.lineId),
    reason: s.reason,
    beforeShipment: s.beforeShipment,
    physicalReturn: s.returnShipment !== null,
    invoiceReturned: s.invoiceReturned,
    declaredReturnCost: s.returnShipment ? s.returnShipment.declaredCost : null,
    orderUnitsRefunded: progress.units,
    orderShippingRefunded: progress.shipping,
    adjustments,
    policy: ctx.policy,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Decides a command against a case (`undefined` before `buyer.apply`). Checks, in order: the
 * role may issue the command type; the case exists (or not, for apply); the command was not
 * applied before; the case is not terminal; `baseVersion` matches; then the rule of the command.
 */
export function decide(c: AfterSalesCase | undefined, cmd: Command, ctx: DecideContext): Decision {
  if (!canIssue(cmd.actor.role, cmd.type)) return reject('role_not_allowed', { role: cmd.actor.role, commandType: cmd.type });
  if (c === undefined) {
    if (cmd.type !== 'buyer.apply') return reject('case_not_found', { caseId: cmd.caseId });
    if (cmd.baseVersion !== 0) return reject('version_conflict', { expected: cmd.baseVersion, actual: 0 });
    return decideApply(cmd, ctx);
  }
  if (c.id !== cmd.caseId) return reject('case_not_found', { caseId: cmd.caseId });
  if (c.commandIds.includes(cmd.id)) return reject('duplicate_command', { commandId: cmd.id });
  if (cmd.type === 'buyer.apply') return reject('case_already_exists', { caseId: c.id });
  // A note may be added to an ended case too: it records what happened after, for the back office.
  if (isTerminal(c.state) && cmd.type !== 'cs.add_note') return reject('case_terminal', { state: c.state, commandType: cmd.type });
  if (cmd.baseVersion !== c.version) return reject('version_conflict', { expected: cmd.baseVersion, actual: c.version });
  if (ctx.order.id !== c.orderId) return reject('order_mismatch', { orderId: ctx.order.id, caseOrderId: c.orderId });
  const role = cmd.actor.role;
  if (role === 'buyer' && cmd.actor.id !== c.buyerId) return reject('not_case_owner', { actorId: cmd.actor.id });
  const elsewhere = warehouseMismatch(c, cmd.actor);
  if (elsewhere) return { ok: false, rejection: elsewhere };

  switch (cmd.type) {
    case 'buyer.modify':
      return decideModify(c, cmd, ctx);
    case 'buyer.withdraw':
      if (!WITHDRAWABLE.has(c.state)) return reject('withdraw_not_allowed', { state: c.state });
      return one(c, cmd, 'case.withdrawn', {});
    case 'buyer.ship_back':
      if (c.state !== 'awaiting_buyer_shipment') return invalidState(c, cmd);
      return one(c, cmd, 'case.return_shipped', {
        carrier: cmd.payload.carrier,
        trackingNumber: cmd.payload.trackingNumber,
        invoiceReturned: cmd.payload.invoiceReturned,
        declaredCost: cmd.payload.declaredCost ?? null,
      });
    case 'buyer.confirm_receipt':
      if (c.state !== 'awaiting_buyer_confirmation') return invalidState(c, cmd);
      return one(c, cmd, 'case.receipt_confirmed', { automatic: false });

    case 'cs.approve':
      return decideApprove(c, cmd, ctx, cmd.payload.returnAddress);
    case 'cs.reject':
      if (c.state !== 'pending_review') return invalidState(c, cmd);
      return one(c, cmd, 'case.rejected', { reason: cmd.payload.reason });
    case 'cs.intercept_result':
      return decideIntercept(c, cmd, ctx);
    case 'cs.create_reship':
      if (c.state !== 'pending_review' && !(c.state === 'rejected' && c.escalation !== null)) return invalidState(c, cmd);
      if (c.type !== 'reship' && c.type !== 'refund_only') return notApplicable(c, cmd);
      if (ctx.order.state !== 'shipped' || ctx.order.signedAt !== null) {
        return reject('case_type_not_allowed_for_order_state', { caseType: 'reship', orderState: ctx.order.signedAt ? 'signed' : ctx.order.state });
      }
      return one(c, cmd, 'case.reship_created', { cause: cmd.payload.cause });
    case 'cs.resolve_dispute':
      return decideResolveDispute(c, cmd, ctx);
    case 'cs.override_amount':
      return decideOverride(c, cmd, ctx);
    case 'cs.escalate':
      if (c.escalation !== null) return reject('already_escalated', { at: c.escalation.at });
      return one(c, cmd, 'case.escalated', { reason: cmd.payload.reason });
    case 'cs.add_note':
      return one(c, cmd, 'case.note_added', { text: cmd.payload.text });
    case 'cs.assign':
      return decideAssign(c, cmd);

    case 'warehouse.receive':
      return decideReceive(c, cmd, ctx);
    case 'warehouse.reject':
      if (!awaitsGoods(c)) return invalidState(c, cmd);
      return one(c, cmd, 'case.returned_to_cs', { reason: cmd.payload.reason });
    case 'warehouse.raise_dispute':
      if (!awaitsGoods(c)) return invalidState(c, cmd);
      return one(c, cmd, 'case.dispute_raised', { category: cmd.payload.category, notes: cmd.payload.notes, photos: cmd.payload.photos });
    case 'warehouse.ship_exchange':
    case 'warehouse.ship_reship':
      return decideOutbound(c, cmd, ctx);

    case 'finance.approve_refund':
      if (c.state !== 'awaiting_refund' || c.refund === null) return invalidState(c, cmd);
      return one(c, cmd, 'case.refund_approved', { reference: cmd.payload.reference, refund: c.refund });
    case 'finance.reject_refund':
      if (c.state !== 'awaiting_refund') return invalidState(c, cmd);
      return one(c, cmd, 'case.refund_rejected', {
        reason: cmd.payload.reason,
        next: c.returnShipment !== null ? 'awaiting_receipt' : 'pending_review',
      });
    case 'finance.record_carrier_compensation':
      if (c.type !== 'reship' || c.reshipCause !== 'lost_parcel') return notApplicable(c, cmd);
      if (c.carrierCompensation !== null || (c.state !== 'awaiting_exchange_shipment' && c.state !== 'awaiting_buyer_confirmation')) {
        return invalidState(c, cmd);
      }
      return one(c, cmd, 'case.carrier_compensation_recorded', { amount: cmd.payload.amount, claimRef: cmd.payload.claimRef });

    case 'system.auto_close':
    case 'system.auto_approve':
    case 'system.auto_confirm':
      return decideSystem(c, cmd, ctx);
  }
}

// ---------------------------------------------------------------------------------------------

function decideApply(cmd: CommandOf<'buyer.apply'>, ctx: DecideContext): Decision {
  const p = cmd.payload;
  const order = ctx.order;
  if (p.orderId !== order.id) return reject('order_mismatch', { orderId: order.id, caseOrderId: p.orderId });
  if (cmd.actor.id !== order.buyerId) return reject('not_case_owner', { actorId: cmd.actor.id });
  const line = findLine(order, p.lineId);
  if (!line) return reject('line_not_found', { lineId: p.lineId });
  const product = ctx.products[line.sku];
  if (!product) return reject('product_not_found', { sku: line.sku });
  const others = othersOf(cmd.caseId, ctx.otherCases);
  const bad =
    checkApplication({ caseType: p.caseType, line, product, quantity: p.quantity, reason: p.reason }, order, ctx.policy, ctx.now, others) ??
    (p.caseType === 'exchange' ? checkExchangeSku(line, ctx.products[p.exchangeSku ?? line.sku], product) : null) ??
    checkLineLimits(line, p.quantity, ctx.policy, others);
  if (bad) return { ok: false, rejection: bad };

  const beforeShipment = order.state === 'awaiting_shipment';
  const head = { id: cmd.caseId, version: 0 };
  const applied = event(head, cmd, 'case.applied', {
    orderId: order.id,
    lineId: line.id,
    sku: line.sku,
    buyerId: order.buyerId,
    caseType: p.caseType,
    quantity: p.quantity,
    reason: p.reason,
    description: p.description,
    evidence: p.evidence,
    exchangeSku: p.caseType === 'exchange' ? (p.exchangeSku ?? line.sku) : null,
    beforeShipment,
    shippingPaidBy: shippingPaidBy(p.reason),
  });
  // Cancel soon after payment is approved at once (支付后30分钟内自动同意).
  const minutes = ctx.policy.cancel.autoApproveWithinMinutes;
  if (p.caseType === 'cancel_after_payment' && minutes > 0 && order.paidAt !== null && toMs(ctx.now) - toMs(order.paidAt) <= minutes * 60_000) {
    const refund = computeRefund(
      refundInput(
        { id: cmd.caseId, type: p.caseType, lineId: line.id, quantity: p.quantity, reason: p.reason, beforeShipment, invoiceReturned: false, returnShipment: null },
        line,
        ctx,
        [],
      ),
    );
    const approved = event(head, cmd, 'case.approved', { returnAddress: null, next: 'awaiting_refund', refund, overturned: false }, 2, SYSTEM_ACTOR);
    return { ok: true, events: [applied, approved] };
  }
  return { ok: true, events: [applied] };
}

function decideModify(c: AfterSalesCase, cmd: CommandOf<'buyer.modify'>, ctx: DecideContext): Decision {
  if (c.state !== 'pending_review' && c.state !== 'rejected') return invalidState(c, cmd);
  const resubmitted = c.state === 'rejected';
  // `limit` resubmissions after the first application: `limit + 1` applications in all.
  const limit = ctx.policy.limits.maxResubmissions;
  if (resubmitted && c.resubmissionCount >= limit) return reject('resubmission_limit_reached', { limit, applications: limit + 1 });
  const line = findLine(ctx.order, c.lineId);
  if (!line) return reject('line_not_found', { lineId: c.lineId });
  const product = ctx.products[line.sku];
  if (!product) return reject('product_not_found', { sku: line.sku });
  const p = cmd.payload;
  const quantity = p.quantity ?? c.quantity;
  const reason = p.reason ?? c.reason;
  const others = othersOf(c.id, ctx.otherCases);
  const bad =
    (reason !== c.reason ? checkApplication({ caseType: c.type, line, product, quantity, reason }, ctx.order, ctx.policy, ctx.now, others) : null) ??
    checkQuantity(line, quantity, others);
  if (bad) return { ok: false, rejection: bad };
  return one(c, cmd, 'case.modified', {
    quantity,
    reason,
    description: p.description ?? c.description,
    evidence: p.evidence ?? c.evidence,
    shippingPaidBy: shippingPaidBy(reason),
    resubmitted,
  });
}

function decideApprove(c: AfterSalesCase, cmd: Command, ctx: DecideContext, address: ReturnAddress | undefined): Decision {
  const overturned = c.state === 'rejected' && c.escalation !== null;
  if (c.state !== 'pending_review' && !overturned) return invalidState(c, cmd);
  if (c.type === 'reship') return notApplicable(c, cmd);
  const line = findLine(ctx.order, c.lineId);
  if (!line) return reject('line_not_found', { lineId: c.lineId });
  const product = ctx.products[c.sku];
  if (!product) return reject('product_not_found', { sku: c.sku });
  let next: CaseEventData['case.approved']['next'];
  if (c.type === 'cancel_after_payment' || c.type === 'refund_only') next = 'awaiting_refund';
  else if (product.virtual) next = c.type === 'return_refund' ? 'awaiting_refund' : 'awaiting_exchange_shipment';
  else if (c.returnShipment !== null) next = 'awaiting_receipt';
  else next = 'awaiting_buyer_shipment';
  let returnAddress: ReturnAddress | null = null;
  if (next === 'awaiting_buyer_shipment' || next === 'awaiting_receipt') {
    returnAddress = address ?? c.returnAddress ?? ctx.policy.defaultReturnAddress;
    if (returnAddress === null) return reject('return_address_required', { caseType: c.type });
  }
  const refund = next === 'awaiting_refund' ? computeRefund(refundInput(c, line, ctx, [])) : null;
  return one(c, cmd, 'case.approved', { returnAddress, next, refund, overturned });
}

/**
 * The case's owner in customer service (跟进人). An agent takes an unowned case for themselves or
 * releases their own; moving a case between agents is the supervisor's (admin).
 */
function decideAssign(c: AfterSalesCase, cmd: CommandOf<'cs.assign'>): Decision {
  const current = c.owner ?? null;
  const wanted = cmd.payload.owner;
  if (wanted === current) return reject('already_assigned', { owner: current });
  if (cmd.actor.role !== 'admin') {
    const takes = current === null && wanted === cmd.actor.id;
    const releases = current === cmd.actor.id && wanted === null;
    if (!takes && !releases) return reject('assign_not_allowed', { owner: current });
  }
  return one(c, cmd, 'case.owner_assigned', { owner: wanted, previous: current });
}

function decideIntercept(c: AfterSalesCase, cmd: CommandOf<'cs.intercept_result'>, ctx: DecideContext): Decision {
  if (c.state !== 'pending_review') return invalidState(c, cmd);
  if (!(c.type === 'cancel_after_payment' || (c.type === 'refund_only' && c.beforeShipment))) return notApplicable(c, cmd);
  let refund: RefundBreakdown | null = null;
  if (cmd.payload.intercepted) {
    const line = findLine(ctx.order, c.lineId);
    if (!line) return reject('line_not_found', { lineId: c.lineId });
    refund = computeRefund(refundInput(c, line, ctx, []));
  }
  return one(c, cmd, 'case.interception_recorded', { intercepted: cmd.payload.intercepted, refund });
}

function decideResolveDispute(c: AfterSalesCase, cmd: CommandOf<'cs.resolve_dispute'>, ctx: DecideContext): Decision {
  if (c.state !== 'disputed') return invalidState(c, cmd);
  const p = cmd.payload;
  if (p.resolution === 'return_to_buyer') {
    return one(c, cmd, 'case.dispute_resolved', { resolution: p.resolution, reason: p.reason, agreedAmount: null, refund: null });
  }
  const line = findLine(ctx.order, c.lineId);
  if (!line) return reject('line_not_found', { lineId: c.lineId });
  const input = refundInput(c, line, ctx, []);
  let refund = computeRefund(input);
  let agreedAmount: number | null = null;
  if (p.resolution === 'agreed_amount') {
    const limit = refundCeiling(input);
    if (p.amount > limit) return reject('amount_exceeds_limit', { amount: p.amount, limit });
    agreedAmount = p.amount;
    refund = withAdjustment(refund, { kind: 'dispute_agreement', amount: p.amount - refund.cash, reason: p.reason, by: cmd.actor.id, at: cmd.occurredAt });
  }
  return one(c, cmd, 'case.dispute_resolved', { resolution: p.resolution, reason: p.reason, agreedAmount, refund });
}

function decideOverride(c: AfterSalesCase, cmd: CommandOf<'cs.override_amount'>, ctx: DecideContext): Decision {
  if (c.state !== 'awaiting_refund' || c.refund === null) return invalidState(c, cmd);
  const line = findLine(ctx.order, c.lineId);
  if (!line) return reject('line_not_found', { lineId: c.lineId });
  const limit = refundCeiling(refundInput(c, line, ctx, []));
  const p = cmd.payload;
  if (p.cash > limit) return reject('amount_exceeds_limit', { amount: p.cash, limit });
  const adjustment: RefundAdjustment = { kind: p.kind, amount: p.cash - c.refund.cash, reason: p.reason, by: cmd.actor.id, at: cmd.occurredAt };
  return one(c, cmd, 'case.amount_overridden', { adjustment, refund: withAdjustment(c.refund, adjustment) });
}

function decideReceive(c: AfterSalesCase, cmd: CommandOf<'warehouse.receive'>, ctx: DecideContext): Decision {
  if (!awaitsGoods(c)) return invalidState(c, cmd);
  const inspection = cmd.payload.inspection;
  const mismatch = receivedMismatches(c, inspection.received)[0];
  if (mismatch) return { ok: false, rejection: mismatch };
  const invoiceReturned = inspection.invoiceReturned ?? c.invoiceReturned;
  if (c.type === 'exchange' || c.type === 'repair') {
    return one(c, cmd, 'case.goods_received', { inspection, invoiceReturned, next: 'awaiting_exchange_shipment', refund: null });
  }
  const line = findLine(ctx.order, c.lineId);
  if (!line) return reject('line_not_found', { lineId: c.lineId });
  const refund = computeRefund(refundInput({ ...c, invoiceReturned }, line, ctx, []));
  return one(c, cmd, 'case.goods_received', { inspection, invoiceReturned, next: 'awaiting_refund', refund });
}

function decideOutbound(c: AfterSalesCase, cmd: CommandOf<'warehouse.ship_exchange'> | CommandOf<'warehouse.ship_reship'>, ctx: DecideContext): Decision {
  if (c.state !== 'awaiting_exchange_shipment') return invalidState(c, cmd);
  const reship = cmd.type === 'warehouse.ship_reship';
  if (reship !== (c.type === 'reship')) return notApplicable(c, cmd);
  const product = ctx.products[c.exchangeSku ?? c.sku];
  if (product && !product.virtual && (cmd.payload.trackingNumber === null || cmd.payload.carrier === null)) {
    return reject('payload_invalid', { path: 'payload.trackingNumber', message: 'physical goods ship with a carrier and tracking number', issues: 1 });
  }
  return one(c, cmd, 'case.outbound_shipped', { carrier: cmd.payload.carrier, trackingNumber: cmd.payload.trackingNumber });
}

function decideSystem(c: AfterSalesCase, cmd: Command, ctx: DecideContext): Decision {
  const d = nextDeadline(c, ctx.policy);
  if (d === null || d.action !== (cmd.type as CommandType)) return invalidState(c, cmd);
  if (toMs(ctx.now) < toMs(d.dueAt)) return reject('not_due', { action: cmd.type, dueAt: d.dueAt });
  switch (cmd.type) {
    case 'system.auto_approve':
      return decideApprove(c, cmd, ctx, undefined);
    case 'system.auto_confirm':
      return one(c, cmd, 'case.receipt_confirmed', { automatic: true });
    default: {
      const cause =
        c.state === 'rejected' ? 'rejected_idle_timeout' : c.state === 'awaiting_buyer_shipment' ? 'buyer_shipment_timeout' : 'warehouse_receipt_timeout';
      return one(c, cmd, 'case.closed', { cause });
    }
  }
}
