/**
 * Random walks that reach every state. Each step mostly picks one of the commands `decide` would
 * accept now (`availableCommands` for every actor), sometimes a random command of any type, and
 * sometimes a new application on the order (other cases on the same or another line). Time moves
 * minutes to two days per step with rare jumps of days or weeks, so review, shipment and
 * receipt deadlines expire and the sweeper's `system.*` commands become available. Orders vary:
 * odd unit prices, discounts and coins that do not split evenly, shipping fees, invoices, a
 * virtual line. Invariants are checked after every step, and coverage of every state and of the
 * steps that are hard to reach is asserted, so the walks cannot silently stop at review.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateOrderLines,
  allowedReasons,
  availableCommands,
  CASE_STATES,
  COMMAND_TYPES,
  decide,
  evolve,
  isTerminal,
  ORDER_STATES_BY_CASE_TYPE,
  probeCommand,
  unitSlice,
  VIRTUAL_CASE_TYPES,
  type Actor,
  type AfterSalesCase,
  type CaseState,
  type CaseType,
  type Command,
  type CommandType,
  type DecideContext,
  type Order,
  type OrderState,
  type PayloadOf,
  type Product,
} from '../../../shared/domain';
import { ACTORS, at, command, orderTimes, POLICY, policy, T0 } from './fixtures';
import { commandFor, payloadVariants } from './paths';

const SEED = 20_261_206;
const NUM_RUNS = 250;
/** Minimum entries per state and applications of the hard-to-reach commands over the whole run. */
const MIN_PER_STATE = 25;
const MIN_PER_COMMAND = 25;

const ROLE_ACTORS: readonly Actor[] = [ACTORS.buyer, ACTORS.cs, ACTORS.warehouse, ACTORS.finance, ACTORS.system];
const POLICIES = [POLICY, policy({ money: { returnShipping: 'by_quality', outboundShippingAfterShipment: 'pro_rata' } })];

const orderArb = fc.record({
  state: fc.constantFrom<OrderState>('awaiting_shipment', 'shipped', 'completed', 'completed'),
  lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 4 }), halfPrice: fc.integer({ min: 50, max: 15_000 }) }), { minLength: 1, maxLength: 3 }),
  virtualLine: fc.boolean(),
  discountPct: fc.integer({ min: 0, max: 30 }),
  coinsPct: fc.integer({ min: 0, max: 30 }),
  shippingFee: fc.integer({ min: 0, max: 1999 }),
  invoiceIssued: fc.boolean(),
  policy: fc.nat(POLICIES.length - 1),
});

const stepArb = fc.record({
  /** < 80 a command available now, < 88 a new application, else any command type at random. */
  mode: fc.integer({ min: 0, max: 99 }),
  pick: fc.nat(),
  variant: fc.nat(),
  minutes: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 59 }) },
    { weight: 12, arbitrary: fc.integer({ min: 60, max: 48 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 3 * 24 * 60, max: 16 * 24 * 60 }) },
  ),
});

const walkArb = fc.record({ order: orderArb, steps: fc.array(stepArb, { minLength: 10, maxLength: 45 }) });

type OrderSpec = typeof orderArb extends fc.Arbitrary<infer T> ? T : never;
type WalkSpec = typeof walkArb extends fc.Arbitrary<infer T> ? T : never;

/** An order whose lines have odd prices, so paid amounts and coins rarely split evenly by unit. */
function buildOrder(spec: OrderSpec): { order: Order; products: Record<string, Product> } {
  const drafts = spec.lines.map((l, i) => ({ id: `L${i}`, sku: `P${i}`, quantity: l.quantity, unitPrice: 2 * l.halfPrice + 1 }));
  if (spec.virtualLine && spec.state !== 'awaiting_shipment') drafts.push({ id: 'LV', sku: 'V', quantity: 1, unitPrice: 9900 });
  const total = drafts.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const discount = Math.floor((total * spec.discountPct) / 100);
  const coins = Math.floor(((total - discount) * spec.coinsPct) / 100);
  const products: Record<string, Product> = {};
  for (const d of drafts) {
    const virtual = d.sku === 'V';
    products[d.sku] = { sku: d.sku, spu: `SPU-${d.sku}`, unitPrice: d.unitPrice, sevenDayNoReason: !virtual, virtual, weightGrams: virtual ? 0 : 500, warrantyDays: 365, active: true };
  }
  const order: Order = {
    id: 'O1',
    buyerId: ACTORS.buyer.id,
    state: spec.state,
    lines: allocateOrderLines(drafts, discount, coins),
    shippingFee: spec.shippingFee,
    invoiceIssued: spec.invoiceIssued,
    platformSubsidy: 0,
    serviceFee: 0,
    ...orderTimes(spec.state),
  };
  return { order, products };
}

export interface WalkStats {
  walks: number;
  steps: number;
  stateEntries: Record<CaseState, number>;
  applied: Partial<Record<CommandType, number>>;
  finalStates: Partial<Record<CaseState, number>>;
  picked: { available: number; idle: number; application: number; random: number };
  randomAccepted: number;
  applicationsRefused: Record<string, number>;
  secondApplicationsBlocked: number;
  terminalProbes: number;
  longJumps: number;
}

function newStats(): WalkStats {
  const stateEntries = Object.fromEntries(CASE_STATES.map((s) => [s, 0])) as Record<CaseState, number>;
  return {
    walks: 0,
    steps: 0,
    stateEntries,
    applied: {},
    finalStates: {},
    picked: { available: 0, idle: 0, application: 0, random: 0 },
    randomAccepted: 0,
    applicationsRefused: {},
    secondApplicationsBlocked: 0,
    terminalProbes: 0,
    longJumps: 0,
  };
}

const bump = <K extends string>(rec: Partial<Record<K, number>>, key: K): void => {
  rec[key] = (rec[key] ?? 0) + 1;
};

/**
 * People move a case on more often than they give up or go round: withdrawing, rejecting,
 * escalating, modifying and confirming receipt (many buyers never do), notes and assignments
 * (bookkeeping that moves nothing) are picked less. A
 * sweeper command, once due, runs soon.
 */
const RARE: ReadonlySet<CommandType> = new Set<CommandType>(['buyer.withdraw', 'buyer.modify', 'buyer.confirm_receipt', 'cs.escalate', 'cs.reject', 'cs.override_amount', 'cs.add_note', 'cs.assign']);
function weightOf(type: CommandType): number {
  if (type.startsWith('system.')) return 8;
  return RARE.has(type) ? 1 : 4;
}

function weightedPick<T>(items: ReadonlyArray<{ item: T; weight: number }>, pick: number): T | undefined {
  const total = items.reduce((s, x) => s + x.weight, 0);
  if (total === 0) return undefined;
  let r = pick % total;
  for (const x of items) {
    if (r < x.weight) return x.item;
    r -= x.weight;
  }
  return undefined;
}

function applicationPayload(order: Order, products: Record<string, Product>, pick: number, variant: number): PayloadOf<'buyer.apply'> | null {
  const line = order.lines[pick % order.lines.length];
  if (!line) return null;
  const virtual = products[line.sku]?.virtual === true;
  const types = (Object.keys(ORDER_STATES_BY_CASE_TYPE) as CaseType[]).filter(
    (t) => ORDER_STATES_BY_CASE_TYPE[t].includes(order.state) && (!virtual || VIRTUAL_CASE_TYPES.includes(t)),
  );
  const caseType = types[variant % types.length];
  if (!caseType) return null;
  const reasons = allowedReasons(caseType, order.state);
  const reason = reasons[Math.floor(variant / 7) % reasons.length] ?? 'other';
  const quantity = 1 + (Math.floor(variant / 3) % line.quantity);
  return { orderId: order.id, lineId: line.id, caseType, quantity, reason, description: '', evidence: [] };
}

/** Checks the events of an accepted command and applies them. */
function applyAccepted(c: AfterSalesCase | undefined, cmd: Command, events: ReturnType<typeof decide> & { ok: true }): AfterSalesCase {
  const from = c?.version ?? 0;
  expect(events.events.length).toBeGreaterThan(0);
  events.events.forEach((e, i) => {
    expect(e.version).toBe(from + i + 1);
    expect(e.caseId).toBe(cmd.caseId);
    expect(e.commandId).toBe(cmd.id);
  });
  let next = c;
  for (const e of events.events) next = evolve(next, e);
  if (!next) throw new Error('no case after events');
  expect(next.version).toBe(from + events.events.length);
  expect(next.commandIds.at(-1)).toBe(cmd.id);
  return next;
}

function checkMoney(order: Order, cases: readonly AfterSalesCase[]): void {
  for (const c of cases) {
    const r = c.refund;
    if (!r) continue;
    for (const v of [r.goods, r.coins, r.outboundShipping, r.taxDeduction, r.cash]) {
      expect(Number.isSafeInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(r.cash).toBe(r.goods + r.outboundShipping + r.returnShipping - r.taxDeduction + r.adjustments.reduce((s, a) => s + a.amount, 0));
  }
  for (const line of order.lines) {
    const done = cases.filter((c) => c.lineId === line.id && c.state === 'completed' && c.refund !== null);
    const units = done.reduce((s, c) => s + c.quantity, 0);
    const goods = done.reduce((s, c) => s + (c.refund?.goods ?? 0), 0);
    const coins = done.reduce((s, c) => s + (c.refund?.coins ?? 0), 0);
    expect(units).toBeLessThanOrEqual(line.quantity);
    // Refunds take units in order, so what was refunded is exactly the first `units` shares.
    expect(goods).toBe(unitSlice(line.paid, line.quantity, 0, units));
    expect(goods).toBeLessThanOrEqual(line.paid);
    expect(coins).toBeLessThanOrEqual(line.coins);
  }
}

function runWalk(spec: WalkSpec, stats: WalkStats): void {
  const { order, products } = buildOrder(spec.order);
  const pol = POLICIES[spec.order.policy] ?? POLICY;
  const cases: AfterSalesCase[] = [];
  let now = T0;
  let nextCase = 1;
  const context = (): DecideContext => ({ order, products, policy: pol, now, otherCases: cases });
  const replace = (c: AfterSalesCase): void => {
    const i = cases.findIndex((x) => x.id === c.id);
    if (i >= 0) cases[i] = c;
    else cases.push(c);
  };
  const enter = (before: CaseState | null, after: AfterSalesCase): void => {
    if (before !== after.state) stats.stateEntries[after.state] += 1;
    if (isTerminal(after.state)) {
      // A terminal case offers nothing to anyone, now or later, but an internal note to customer service.
      const later = { ...context(), now: at(now, 24 * 400) };
      for (const actor of ROLE_ACTORS) {
        const expected = actor.role === 'cs' || actor.role === 'admin' ? ['cs.add_note'] : [];
        expect(availableCommands(after, actor, later), `${after.state} ${actor.role}`).toEqual(expected);
      }
    }
  };

  stats.walks += 1;
  for (const step of spec.steps) {
    stats.steps += 1;
    if (step.minutes >= 3 * 24 * 60) stats.longJumps += 1;
    now = at(now, step.minutes / 60);
    const active = cases.filter((c) => !isTerminal(c.state));

    if ((step.mode >= 80 && step.mode < 88) || (step.mode < 80 && active.length === 0)) {
      stats.picked.application += 1;
      const payload = applicationPayload(order, products, step.pick, step.variant);
      if (!payload) continue;
      const cmd = command('buyer.apply', payload, { caseId: `RMA-${nextCase}`, occurredAt: now });
      const d = decide(undefined, cmd, context());
      if (!d.ok) {
        bump(stats.applicationsRefused, d.rejection.code);
        continue;
      }
      nextCase += 1;
      const c = applyAccepted(undefined, cmd, d);
      bump(stats.applied, 'buyer.apply');
      if (c.state !== 'pending_review') stats.stateEntries.pending_review += 1;
      enter(null, c);
      replace(c);
    } else if (step.mode < 80) {
      stats.picked.available += 1;
      const c = active[step.pick % active.length];
      if (!c) continue;
      const choices: Array<{ item: { type: CommandType; actor: Actor } | null; weight: number }> = ROLE_ACTORS.flatMap((actor) =>
        availableCommands(c, actor, context()).map((type) => ({ item: { type, actor }, weight: weightOf(type) })),
      );
      // Nobody acts on the case this time (the buyer never confirms, the desk is busy): time
      // passes, and the deadlines the sweeper enforces can run out.
      choices.push({ item: null, weight: 3 });
      const chosen = weightedPick(choices, step.variant);
      if (!chosen) {
        stats.picked.idle += 1;
        continue;
      }
      const variants = payloadVariants(chosen.type, c);
      let cmd: Command = { ...commandFor(chosen.type, variants[step.pick % variants.length] ?? {}, c, now), actor: chosen.actor };
      let d = decide(c, cmd, context());
      // A realistic payload may ask for more than the rules allow (an agreed amount over the
      // ceiling); the command is still available, with the payload `availableCommands` used.
      if (!d.ok) {
        cmd = { ...probeCommand(c, chosen.type, chosen.actor, context()), id: cmd.id };
        d = decide(c, cmd, context());
      }
      if (!d.ok) throw new Error(`available ${chosen.type} refused in ${c.state}: ${JSON.stringify(d.rejection)}`);
      const next = applyAccepted(c, cmd, d);
      bump(stats.applied, chosen.type);
      enter(c.state, next);
      replace(next);
    } else {
      stats.picked.random += 1;
      const c = cases[step.pick % Math.max(1, cases.length)];
      if (!c) continue;
      const type = COMMAND_TYPES[step.variant % COMMAND_TYPES.length] as CommandType;
      const variants = payloadVariants(type, c);
      const cmd = commandFor(type, variants[step.pick % variants.length] ?? {}, c, now);
      const d = decide(c, cmd, context());
      if (isTerminal(c.state)) {
        stats.terminalProbes += 1;
        if (type === 'cs.add_note') {
          // The one thing an ended case takes: a note, which leaves it ended.
          expect(d.ok, `a note on a ${c.state} case`).toBe(true);
          if (d.ok) expect(applyAccepted(c, cmd, d).state).toBe(c.state);
          continue;
        }
        expect(d.ok, `${type} on a ${c.state} case`).toBe(false);
        if (!d.ok) expect(['case_terminal', 'case_already_exists']).toContain(d.rejection.code);
        continue;
      }
      if (!d.ok) continue;
      stats.randomAccepted += 1;
      const next = applyAccepted(c, cmd, d);
      bump(stats.applied, type);
      enter(c.state, next);
      replace(next);
    }

    checkMoney(order, cases);
    // One active case per line: a second application that would pass on its own is refused
    // while any non-terminal case is on the line (whatever state it waits in).
    for (const c of cases) {
      if (isTerminal(c.state)) continue;
      const line = order.lines.find((l) => l.id === c.lineId);
      const second = applicationPayload(order, products, line ? order.lines.indexOf(line) : 0, step.variant);
      if (!second) continue;
      const cmd = command('buyer.apply', second, { caseId: 'RMA-second', occurredAt: now });
      const without = decide(undefined, cmd, { ...context(), otherCases: cases.filter((x) => x.id !== c.id) });
      if (!without.ok) continue;
      const withIt = decide(undefined, cmd, context());
      expect(withIt.ok ? null : withIt.rejection.code, `second application beside a ${c.state} case`).toBe('active_case_exists');
      stats.secondApplicationsBlocked += 1;
    }
  }
  for (const c of cases) bump(stats.finalStates, c.state);
}

describe('state machine walks that reach every state', () => {
  // Hundreds of walks decide every available command at every step: seconds on a loaded machine.
  it('keep every invariant at every step and reach every state and the hard steps many times', () => {
    const stats = newStats();
    fc.assert(
      fc.property(walkArb, (spec) => runWalk(spec, stats)),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    console.log(`state machine walks (seed ${SEED}, ${NUM_RUNS} runs):\n${JSON.stringify(stats, null, 1)}`);

    for (const state of CASE_STATES) expect(stats.stateEntries[state], `entries into ${state}`).toBeGreaterThanOrEqual(MIN_PER_STATE);
    for (const type of ['warehouse.receive', 'cs.resolve_dispute', 'finance.approve_refund'] as const) {
      expect(stats.applied[type] ?? 0, `${type} applied`).toBeGreaterThanOrEqual(MIN_PER_COMMAND);
    }
    for (const type of ['system.auto_close', 'system.auto_approve', 'system.auto_confirm'] as const) {
      expect(stats.applied[type] ?? 0, `${type} applied`).toBeGreaterThanOrEqual(5);
    }
    // Most steps do something: the walks are not stuck refusing commands.
    const acted = Object.values(stats.applied).reduce((s, n) => s + (n ?? 0), 0);
    expect(acted / stats.steps).toBeGreaterThan(0.5);
    expect(stats.secondApplicationsBlocked).toBeGreaterThan(100);
    expect(stats.terminalProbes).toBeGreaterThan(20);
  }, 60_000);
});
