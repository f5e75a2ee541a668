/** Property-based suite: invariants of the rule book stated in words, checked on random input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateLargestRemainder,
  allocateOrderLines,
  COMMAND_TYPES,
  computeRefund,
  decide,
  evolve,
  evolveAll,
  foldCase,
  isTerminal,
  PERMISSIONS,
  proRataShippingRefund,
  REASONS,
  refundCeiling,
  ROLES,
  unitSlice,
  unitSliceFromEnd,
  type AfterSalesCase,
  type CaseEvent,
  type CaseType,
  type Command,
  type Order,
  type OrderState,
  type PayloadOf,
  type Reason,
} from '../../../shared/domain';
import { ACTORS, at, command, ctx, makeOrder, policy, T0 } from './fixtures';
import { commandFor, payloadVariants } from './paths';

const RUNS = { numRuns: 300 };

/** The units of a line refunded in parts of `splits` units. */
const unitsOf = (splits: readonly number[]): number => splits.reduce((a, b) => a + b, 0);

/** Each part of a split refund as [units refunded before it, its units]. */
function splitParts(splits: readonly number[]): Array<[number, number]> {
  let before = 0;
  return splits.map((q) => {
    const part: [number, number] = [before, q];
    before += q;
    return part;
  });
}

describe('money invariants', () => {
  it('largest-remainder parts always sum exactly to the whole, each within one unit of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateLargestRemainder(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          const exact = sum === 0 ? total / weights.length : (total * (weights[i] ?? 0)) / sum;
          expect(Math.abs(p - exact)).toBeLessThan(1);
        });
      }),
      RUNS,
    );
  });

  it('order lines always satisfy paid = amount − discount − coins and the allocations sum to the order totals', () => {
    const lineArb = fc.record({ quantity: fc.integer({ min: 1, max: 20 }), unitPrice: fc.integer({ min: 1, max: 500_000 }) });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (raw, dShare, cShare) => {
        const lines = raw.map((l, i) => ({ id: `L${i}`, sku: `S${i}`, ...l }));
        const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
        const discount = Math.floor(total * dShare * 0.5);
        const coins = Math.floor(total * cShare * 0.5);
        const out = allocateOrderLines(lines, discount, coins);
        expect(out.reduce((s, l) => s + l.discount, 0)).toBe(discount);
        expect(out.reduce((s, l) => s + l.coins, 0)).toBe(coins);
        for (const l of out) {
          expect(l.paid).toBe(l.unitPrice * l.quantity - l.discount - l.coins);
          expect(l.paid).toBeGreaterThanOrEqual(0);
          // Unit by unit, cash back + coins back never exceed the unit price.
          for (let i = 0; i < l.quantity; i++) {
            expect(unitSlice(l.paid, l.quantity, i, 1) + unitSliceFromEnd(l.coins, l.quantity, i, 1)).toBeLessThanOrEqual(l.unitPrice);
          }
        }
      }),
      RUNS,
    );
  });

  it('refunding a line in any split gives back exactly the line’s paid amount and coins', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }), (total, splits) => {
        const units = unitsOf(splits);
        let sum = 0;
        let sumFromEnd = 0;
        for (const [from, q] of splitParts(splits)) {
          sum += unitSlice(total, units, from, q);
          sumFromEnd += unitSliceFromEnd(total, units, from, q);
        }
        expect(sum).toBe(total);
        expect(sumFromEnd).toBe(total);
      }),
      RUNS,
    );
  });

  it('pro-rata shipping refunds of any partial returns sum exactly to the fee once everything is back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), (fee, splits) => {
        const units = unitsOf(splits);
        let refunded = 0;
        for (const [before, q] of splitParts(splits)) {
          const r = proRataShippingRefund(fee, units, before, q, refunded);
          expect(r).toBeGreaterThanOrEqual(0);
          refunded += r;
        }
        expect(refunded).toBe(fee);
      }),
      RUNS,
    );
  });

  it('a refund never exceeds what was paid for the quantity (plus shipping share and capped return shipping)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(...REASONS),
        fc.constantFrom('by_quality' as const, 'by_reason' as const, 'negotiated' as const),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 100_000 })),
        fc.integer({ min: 0, max: 5000 }),
        (lineQty, unitPrice, coinShare, q, reason, returnShipping, physicalReturn, invoiceIssued, declared, fee) => {
          const quantity = Math.min(q, lineQty);
          const coins = Math.floor(unitPrice * lineQty * coinShare);
          const [line] = allocateOrderLines([{ id: 'L1', sku: 'A', quantity: lineQty, unitPrice }], 0, coins);
          if (!line) throw new Error('no line');
          const order: Order = { ...makeOrder('completed'), lines: [line], shippingFee: fee, invoiceIssued };
          const input = {
            order,
            line,
            quantity,
            unitsAlreadyRefunded: 0,
            reason: reason as Reason,
            beforeShipment: false,
            physicalReturn,
            invoiceReturned: false,
            declaredReturnCost: declared,
            orderUnitsRefunded: 0,
            orderShippingRefunded: 0,
            adjustments: [],
            policy: policy({ money: { returnShipping, outboundShippingAfterShipment: 'pro_rata' } }),
          };
          const r = computeRefund(input);
          // What was paid for the quantity: each unit's largest-remainder share of the line's
          // paid amount lies between floor and ceil of the average, and cash + coins back never
          // exceed the price of the units.
          expect(r.goods).toBeLessThanOrEqual(quantity * Math.ceil(line.paid / lineQty));
          expect(r.goods).toBeGreaterThanOrEqual(quantity * Math.floor(line.paid / lineQty));
          expect(r.goods).toBeLessThanOrEqual(line.paid);
          expect(r.goods + r.coins).toBeLessThanOrEqual(unitPrice * quantity);
          expect(r.cash).toBeGreaterThanOrEqual(0);
          expect(r.cash).toBeLessThanOrEqual(refundCeiling(input));
          expect(r.cash).toBe(r.goods + r.outboundShipping + r.returnShipping - r.taxDeduction);
          for (const v of [r.goods, r.coins, r.outboundShipping, r.returnShipping, r.taxDeduction, r.cash]) expect(Number.isInteger(v)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random walks through the state machine

const STARTS: Array<{ caseType: CaseType; orderState: OrderState; reason: Reason; lineId: string }> = [
  { caseType: 'cancel_after_payment', orderState: 'awaiting_shipment', reason: 'changed_mind', lineId: 'L-A' },
  { caseType: 'refund_only', orderState: 'awaiting_shipment', reason: 'changed_mind', lineId: 'L-A' },
  { caseType: 'refund_only', orderState: 'shipped', reason: 'not_received', lineId: 'L-A' },
  { caseType: 'return_refund', orderState: 'completed', reason: 'quality_issue', lineId: 'L-A' },
  { caseType: 'return_refund', orderState: 'completed', reason: 'no_reason_seven_days', lineId: 'L-C' },
  { caseType: 'return_refund', orderState: 'completed', reason: 'other', lineId: 'L-V' },
  { caseType: 'exchange', orderState: 'completed', reason: 'size_or_fit', lineId: 'L-A' },
  { caseType: 'reship', orderState: 'shipped', reason: 'parcel_lost', lineId: 'L-A' },
  { caseType: 'repair', orderState: 'completed', reason: 'quality_issue', lineId: 'L-A' },
];

interface Walk {
  order: Order;
  c: AfterSalesCase;
  events: CaseEvent[];
  applied: Command[];
  now: string;
}

const walkArb = fc.record({
  start: fc.integer({ min: 0, max: STARTS.length - 1 }),
  quantity: fc.integer({ min: 1, max: 2 }),
  steps: fc.array(fc.record({ type: fc.integer({ min: 0, max: COMMAND_TYPES.length - 1 }), variant: fc.nat(3), hours: fc.integer({ min: 0, max: 400 }) }), { maxLength: 25 }),
});

function walk(spec: { start: number; quantity: number; steps: Array<{ type: number; variant: number; hours: number }> }): Walk {
  const s = STARTS[spec.start];
  if (!s) throw new Error('start');
  const order = makeOrder(s.orderState);
  const quantity = s.lineId === 'L-V' ? 1 : spec.quantity;
  const apply = command('buyer.apply', { orderId: 'O1', lineId: s.lineId, caseType: s.caseType, quantity, reason: s.reason, description: '', evidence: [] });
  const first = decide(undefined, apply, ctx(order));
  if (!first.ok) throw new Error(`apply rejected ${JSON.stringify(first.rejection)}`);
  let c = foldCase(first.events);
  const events = [...first.events];
  const applied: Command[] = [apply];
  let now = T0;
  for (const step of spec.steps) {
    now = at(now, step.hours);
    const type = COMMAND_TYPES[step.type];
    if (!type) continue;
    const variants = payloadVariants(type, c);
    const payload = variants[step.variant % variants.length] ?? {};
    const cmd = commandFor(type, payload, c, now);
    const d = decide(c, cmd, ctx(order, now));
    if (!d.ok) continue;
    for (const e of d.events) c = evolve(c, e);
    events.push(...d.events);
    applied.push(cmd);
  }
  return { order, c, events, applied, now };
}

describe('state machine invariants', () => {
  it('folding the same events always gives the same case, equal to evolving one event at a time', () => {
    fc.assert(
      fc.property(walkArb, (spec) => {
        const w = walk(spec);
        const a = foldCase(w.events);
        const b = foldCase(structuredClone(w.events));
        expect(a).toEqual(w.c);
        expect(b).toEqual(a);
        expect(a.version).toBe(w.events.length);
        expect(a.commandIds).toEqual(w.applied.map((x) => x.id));
      }),
      RUNS,
    );
  });

  it('no command is accepted from a terminal state, but an internal note that leaves it as it is', () => {
    fc.assert(
      fc.property(walkArb, fc.nat(), (spec, pick) => {
        const w = walk(spec);
        if (!isTerminal(w.c.state)) return;
        const later = at(w.now, 24 * 365);
        for (const type of COMMAND_TYPES) {
          const variants = payloadVariants(type, w.c);
          const d = decide(w.c, commandFor(type, variants[pick % variants.length] ?? {}, w.c, later), ctx(w.order, later));
          if (type !== 'cs.add_note') {
            expect(d.ok, `${w.c.state} ${type}`).toBe(false);
            continue;
          }
          if (!d.ok) throw new Error(`a note on a ${w.c.state} case: ${d.rejection.code}`);
          const after = evolveAll(w.c, d.events);
          expect(after?.state).toBe(w.c.state);
          expect(after?.notes?.at(-1)?.text).toBe('买家来电，已解释退款时间');
        }
      }),
      RUNS,
    );
  });

  it('no role can issue another role’s command, whatever the case state', () => {
    fc.assert(
      fc.property(walkArb, fc.constantFrom(...ROLES), fc.constantFrom(...COMMAND_TYPES), (spec, role, type) => {
        if (PERMISSIONS[role].includes(type)) return;
        const w = walk(spec);
        const actor = role === 'buyer' ? ACTORS.buyer : role === 'warehouse' ? ACTORS.warehouse : ACTORS[role];
        const cmd = { ...commandFor(type, payloadVariants(type, w.c)[0] ?? {}, w.c, w.now), actor };
        const d = decide(w.c, cmd, ctx(w.order, w.now));
        expect(d).toEqual({ ok: false, rejection: { code: 'role_not_allowed', params: { role, commandType: type } } });
      }),
      RUNS,
    );
  });

  it('replaying an applied command is detected, never applied twice', () => {
    fc.assert(
      fc.property(walkArb, fc.nat(), (spec, pick) => {
        const w = walk(spec);
        const replay = w.applied[pick % w.applied.length];
        if (!replay) return;
        const d = decide(w.c, { ...replay, baseVersion: w.c.version }, ctx(w.order, w.now));
        expect(d).toEqual({ ok: false, rejection: { code: 'duplicate_command', params: { commandId: replay.id } } });
      }),
      RUNS,
    );
  });

  it('a case never refunds more than was paid for its quantity, and money stays integral', () => {
    fc.assert(
      fc.property(walkArb, (spec) => {
        const w = walk(spec);
        const r = w.c.refund;
        if (!r) return;
        const line = w.order.lines.find((l) => l.id === w.c.lineId);
        if (!line) throw new Error('line');
        expect(r.goods).toBeLessThanOrEqual(w.c.quantity * Math.ceil(line.paid / line.quantity));
        expect(r.goods + r.coins).toBeLessThanOrEqual(line.unitPrice * w.c.quantity);
        expect(Number.isInteger(r.cash)).toBe(true);
        expect(r.cash).toBeGreaterThanOrEqual(0);
        expect(r.cash).toBe(r.goods + r.outboundShipping + r.returnShipping - r.taxDeduction + r.adjustments.reduce((s, a) => s + a.amount, 0));
      }),
      RUNS,
    );
  });

  it('decide is deterministic: the same case, command and context give the same answer', () => {
    fc.assert(
      fc.property(walkArb, fc.constantFrom(...COMMAND_TYPES), (spec, type) => {
        const w = walk(spec);
        const cmd = commandFor(type, payloadVariants(type, w.c)[0] ?? {}, w.c, w.now);
        expect(decide(structuredClone(w.c), cmd, ctx(w.order, w.now))).toEqual(decide(w.c, cmd, ctx(w.order, w.now)));
      }),
      RUNS,
    );
  });
});

describe('repeated cases on one line', () => {
  it('successive returns of a line never refund more than the line paid in total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }), (splits) => {
        const order = makeOrder('completed');
        const line = order.lines.find((l) => l.id === 'L-A');
        if (!line) throw new Error('line');
        const done: AfterSalesCase[] = [];
        for (const [i, q] of splits.entries()) {
          const id = `RMA-${i}`;
          const d0 = decide(undefined, command('buyer.apply', { orderId: 'O1', lineId: 'L-A', caseType: 'refund_only', quantity: q, reason: 'quality_issue', description: '', evidence: [] }, { caseId: id }), ctx(order, T0, done));
          if (!d0.ok) {
            expect(d0.rejection.code).toBe('quantity_exceeds_available');
            continue;
          }
          let c = foldCase(d0.events);
          for (const type of ['cs.approve', 'finance.approve_refund'] as const) {
            const d = decide(c, command(type, (type === 'cs.approve' ? {} : { reference: '' }) as PayloadOf<typeof type>, { c }), ctx(order, T0, done));
            if (!d.ok) throw new Error(JSON.stringify(d.rejection));
            for (const e of d.events) c = evolve(c, e);
          }
          done.push(c);
        }
        const goods = done.reduce((s, c) => s + (c.refund?.goods ?? 0), 0);
        const units = done.reduce((s, c) => s + c.quantity, 0);
        expect(units).toBeLessThanOrEqual(line.quantity);
        expect(goods).toBe(unitSlice(line.paid, line.quantity, 0, units));
      }),
      RUNS,
    );
  });
});
