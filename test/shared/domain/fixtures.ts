/** Test fixtures: a small store, orders in each state, actors and a command driver. */
import {
  allocateOrderLines,
  decide,
  DEFAULT_POLICY,
  evolve,
  parsePolicy,
  type Actor,
  type AfterSalesCase,
  type CaseEvent,
  type Command,
  type CommandType,
  type DecideContext,
  type Decision,
  type Order,
  type OrderState,
  type PayloadOf,
  type Policy,
  type PolicyInput,
  type Product,
  type RefundInput,
  type ReturnAddress,
} from '../../../shared/domain';
import { inspection } from './inspection';

export const T0 = '2026-03-10T02:00:00.000Z';

export function at(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

export const PHOTO = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

export const PRODUCTS: Record<string, Product> = {
  A: { sku: 'A', spu: 'SPU-A', unitPrice: 2000, sevenDayNoReason: true, virtual: false, weightGrams: 700, warrantyDays: 365, active: true },
  A2: { sku: 'A2', spu: 'SPU-A', unitPrice: 2000, sevenDayNoReason: true, virtual: false, weightGrams: 700, warrantyDays: 365, active: true },
  B: { sku: 'B', spu: 'SPU-B', unitPrice: 3000, sevenDayNoReason: false, virtual: false, weightGrams: 300, warrantyDays: 0, active: true },
  C: { sku: 'C', spu: 'SPU-C', unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 500, warrantyDays: 0, active: true },
  V: { sku: 'V', spu: 'SPU-V', unitPrice: 9900, sevenDayNoReason: false, virtual: true, weightGrams: 0, warrantyDays: 0, active: true },
};

export const ADDRESS: ReturnAddress = { warehouseId: 'WH1', name: 'Returns desk', phone: '021-5555-0100', address: '1 Warehouse Rd, Shanghai' };

export const POLICY: Policy = parsePolicy({ defaultReturnAddress: ADDRESS });

export function policy(input: PolicyInput): Policy {
  return parsePolicy({ defaultReturnAddress: ADDRESS, ...input });
}

export const ACTORS = {
  buyer: { id: 'buyer-1', role: 'buyer' },
  otherBuyer: { id: 'buyer-2', role: 'buyer' },
  cs: { id: 'cs-1', role: 'cs' },
  admin: { id: 'admin-1', role: 'admin' },
  warehouse: { id: 'wh-staff-1', role: 'warehouse', warehouseId: 'WH1' },
  otherWarehouse: { id: 'wh-staff-9', role: 'warehouse', warehouseId: 'WH9' },
  finance: { id: 'fin-1', role: 'finance' },
  system: { id: 'system', role: 'system' },
} satisfies Record<string, Actor>;

/** Times of an order that reached `state`, paid two days before T0. */
export function orderTimes(state: OrderState): Pick<Order, 'paidAt' | 'shippedAt' | 'signedAt' | 'confirmedAt'> {
  const paidAt = at(T0, -48);
  switch (state) {
    case 'pending_payment':
      return { paidAt: null, shippedAt: null, signedAt: null, confirmedAt: null };
    case 'awaiting_shipment':
      return { paidAt, shippedAt: null, signedAt: null, confirmedAt: null };
    case 'shipped':
      return { paidAt, shippedAt: at(T0, -24), signedAt: null, confirmedAt: null };
    case 'completed':
    case 'closed':
      return { paidAt, shippedAt: at(T0, -40), signedAt: at(T0, -30), confirmedAt: at(T0, -20) };
  }
}

/** Order with lines A×2 (20 yuan), B×2 (30 yuan), C×2 (50 yuan), V×1 (virtual); 20 yuan coins. */
export function makeOrder(state: OrderState = 'completed', patch: Partial<Order> = {}): Order {
  const lines = allocateOrderLines(
    [
      { id: 'L-A', sku: 'A', quantity: 2, unitPrice: 2000 },
      { id: 'L-B', sku: 'B', quantity: 2, unitPrice: 3000 },
      { id: 'L-C', sku: 'C', quantity: 2, unitPrice: 5000 },
      { id: 'L-V', sku: 'V', quantity: 1, unitPrice: 9900 },
    ],
    0,
    2000,
  );
  return {
    id: 'O1',
    buyerId: 'buyer-1',
    state,
    lines,
    shippingFee: 1000,
    invoiceIssued: false,
    platformSubsidy: 0,
    serviceFee: 0,
    ...orderTimes(state),
    ...patch,
  };
}

export function ctx(order: Order, now: string = T0, otherCases: readonly AfterSalesCase[] = [], pol: Policy = POLICY): DecideContext {
  return { order, products: PRODUCTS, policy: pol, now, otherCases };
}

let seq = 0;
export function nextId(): string {
  seq += 1;
  return `cmd-${seq}`;
}

export const INSPECTION_OK = inspection({ sku: 'A', condition: 'opened_resalable', checklist: { seals: false }, weightGrams: 705, photos: [PHOTO], disposition: { kind: 'restock', location: 'R-01' } });

/** Builds a command envelope for `c` (or a new case `caseId`). */
export function command<T extends CommandType>(
  type: T,
  payload: PayloadOf<T>,
  opts: { c?: AfterSalesCase; caseId?: string; actor?: Actor; occurredAt?: string; id?: string; baseVersion?: number } = {},
): Command {
  const role = type.split('.')[0] as keyof typeof ACTORS;
  return {
    id: opts.id ?? nextId(),
    type,
    caseId: opts.c?.id ?? opts.caseId ?? 'RMA-1',
    baseVersion: opts.baseVersion ?? opts.c?.version ?? 0,
    occurredAt: opts.occurredAt ?? T0,
    actor: opts.actor ?? ACTORS[role],
    payload,
  } as Command;
}

/** Decides and applies; throws with the rejection when the command is refused. */
export function run(c: AfterSalesCase | undefined, cmd: Command, context: DecideContext, log?: CaseEvent[]): AfterSalesCase {
  const d = decide(c, cmd, context);
  if (!d.ok) throw new Error(`${cmd.type} rejected: ${JSON.stringify(d.rejection)}`);
  let next = c;
  for (const e of d.events) next = evolve(next, e);
  log?.push(...d.events);
  if (!next) throw new Error('no case');
  return next;
}

export function rejectionOf(d: Decision): string | null {
  return d.ok ? null : d.rejection.code;
}

export const APPLY_RETURN_A: PayloadOf<'buyer.apply'> = {
  orderId: 'O1',
  lineId: 'L-A',
  caseType: 'return_refund',
  quantity: 1,
  reason: 'no_reason_seven_days',
  description: '',
  evidence: [],
};

export { DEFAULT_POLICY };

/**
 * The refund of one unit of the order's first line (or `patch.line`) returned for no reason within
 * seven days, nothing refunded before; `patch` for the case at hand.
 */
export function refundInput(order: Order, patch: Partial<RefundInput> = {}): RefundInput {
  const line = patch.line ?? order.lines[0];
  if (!line) throw new Error('no line');
  return {
    order,
    line,
    quantity: 1,
    unitsAlreadyRefunded: 0,
    reason: 'no_reason_seven_days',
    beforeShipment: false,
    physicalReturn: true,
    invoiceReturned: false,
    declaredReturnCost: null,
    orderUnitsRefunded: 0,
    orderShippingRefunded: 0,
    adjustments: [],
    policy: POLICY,
    ...patch,
  };
}
