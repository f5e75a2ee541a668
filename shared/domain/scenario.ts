/**
 * Scenarios: a documented JSON format (docs/scenarios.md) describing an order, a policy and timed
 * steps with expected states, rejections and refund breakdowns, and a pure runner. The CLI
 * (`npm run scenarios`) and the test suite both use it; a company can also replay its own policy
 * against a scenario before adopting it.
 */
import { z } from 'zod';
import { CommandSchema, COMMAND_TYPES, type Command, type CommandType, type SystemCommandType } from './commands';
import type { CaseEvent } from './case-events';
import { decide, type DecideContext } from './decide';
import { evolve, foldCase } from './evolve';
import { allocateOrderLines } from './money';
import { ActorSchema, IsoTimeSchema, OrderStateSchema, ProductSchema, type Actor, type AfterSalesCase, type Order, type Product, type Role } from './model';
import { orderEffects } from './order';
import { parsePolicy, type Policy } from './policy';
import { shippingFee } from './shipping';
import { buyerStatusOf } from './status';
import { nextDeadline, toIso, toMs } from './time';

const RelativeOrAbsoluteTime = z.union([IsoTimeSchema, z.string().regex(/^\+\d+(m|h|d)$/)]);

const ScenarioLineSchema = z.object({
  id: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPrice: z.number().int().nonnegative(),
  /** Either give all three of discount / coins / paid, or none and let the order-level amounts be allocated. */
  discount: z.number().int().nonnegative().optional(),
  coins: z.number().int().nonnegative().optional(),
  paid: z.number().int().nonnegative().optional(),
});

const ScenarioOrderSchema = z.object({
  id: z.string().min(1).default('O1'),
  buyerId: z.string().min(1).default('buyer-1'),
  state: OrderStateSchema,
  lines: z.array(ScenarioLineSchema).min(1),
  /** Order-level promotion discount and coins, allocated to lines by largest remainder. */
  discount: z.number().int().nonnegative().default(0),
  coins: z.number().int().nonnegative().default(0),
  /** Outbound shipping fee; omitted → priced with the policy's shipping template. */
  shippingFee: z.number().int().nonnegative().optional(),
  invoiceIssued: z.boolean().default(false),
  paidAt: IsoTimeSchema.nullable().default(null),
  shippedAt: IsoTimeSchema.nullable().default(null),
  signedAt: IsoTimeSchema.nullable().default(null),
  confirmedAt: IsoTimeSchema.nullable().default(null),
  platformSubsidy: z.number().int().nonnegative().default(0),
  serviceFee: z.number().int().nonnegative().default(0),
});

const JsonRecord = z.record(z.string(), z.unknown());

const ExpectSchema = z
  .object({
    /** Expected case state after the step. */
    state: z.string().optional(),
    /** Expected rejection (code, and a subset of params). */
    rejection: z.object({ code: z.string(), params: JsonRecord.optional() }).optional(),
    /** Subset of the refund breakdown (e.g. `{ "goods": 1800, "coins": 200 }`), or null. */
    refund: JsonRecord.nullable().optional(),
    /** Subset of any case fields (deep partial match). */
    case: JsonRecord.optional(),
    buyerStatus: z.string().optional(),
    /** Next deadline: `{ action, dueAt, owner }` subset, or null. */
    deadline: JsonRecord.nullable().optional(),
    /** Event types produced by the step, in order. */
    events: z.array(z.string()).optional(),
    /** Order-level effects subset: `state`, `settlementFrozen`, `settlable`, `refundedCash`, `refundedCoins`, `restocks`, `receiptDueAt`, `shippingFee`, `lines`. */
    order: JsonRecord.optional(),
  })
  .strict();

const StepSchema = z
  .object({
    /** ISO time, or relative to the previous step: `+30m`, `+168h`, `+7d`. Default `+1m`. */
    at: RelativeOrAbsoluteTime.optional(),
    /** Case id the step addresses. */
    case: z.string().min(1).optional(),
    command: z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]]).optional(),
    payload: JsonRecord.optional(),
    /** Actor; a role name uses the default actor of that role. Default: the command's role. */
    actor: z.union([z.enum(['buyer', 'cs', 'warehouse', 'finance', 'admin', 'system']), ActorSchema]).optional(),
    /** Command id; default `<case>#<step>`. Reuse an earlier id to test replay detection. */
    id: z.string().min(1).optional(),
    /** Version the command claims to have seen; default the case's current version. */
    baseVersion: z.number().int().nonnegative().optional(),
    /** Patch of the order (e.g. signing, confirmation) applied at this time. */
    order: JsonRecord.optional(),
    /** Run the deadline sweeper over every case: issues each due system action. */
    sweep: z.boolean().optional(),
    note: z.string().optional(),
    expect: ExpectSchema.optional(),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    /** Rule references (e.g. "DOMAIN §7 worked example"). */
    covers: z.array(z.string()).default([]),
    policy: z.unknown().optional(),
    products: z.array(ProductSchema).min(1),
    order: ScenarioOrderSchema,
    /** Start time: the first step's time unless it has `at`; later steps without `at` advance one minute. */
    start: IsoTimeSchema,
    steps: z.array(StepSchema).min(1),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioStep = z.infer<typeof StepSchema>;

export interface ScenarioResult {
  name: string;
  passed: boolean;
  /** One readable line per mismatch: `step 3 (cs.approve c1): state: expected "x", got "y"`. */
  failures: string[];
  steps: number;
  /** (state before, command type) pairs of accepted commands, for coverage reports. */
  transitions: string[];
  rejectionCodes: string[];
}

// ---------------------------------------------------------------------------------------------

function show(v: unknown): string {
  return JSON.stringify(v);
}

/** Deep partial comparison: every key of `expected` must match in `actual`. Arrays compare element-wise and by length. */
function partialDiff(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (expected !== null && typeof expected === 'object') {
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual) || actual.length !== expected.length) {
        out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
        return;
      }
      expected.forEach((e, i) => partialDiff(e, actual[i], `${path}[${i}]`, out));
      return;
    }
    if (actual === null || typeof actual !== 'object') {
      out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(expected)) partialDiff(v, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (expected !== actual) out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
}

const DEFAULT_ACTORS: Record<Exclude<Role, 'buyer'>, Actor> = {
  cs: { id: 'cs-1', role: 'cs' },
  warehouse: { id: 'wh-staff-1', role: 'warehouse', warehouseId: 'WH1' },
  finance: { id: 'fin-1', role: 'finance' },
  admin: { id: 'admin-1', role: 'admin' },
  system: { id: 'system', role: 'system' },
};

function buildOrder(s: Scenario, products: Record<string, Product>, policy: Policy): Order {
  const o = s.order;
  const explicit = o.lines.every((l) => l.discount !== undefined && l.coins !== undefined && l.paid !== undefined);
  const lines = explicit
    ? o.lines.map((l) => ({ id: l.id, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount ?? 0, coins: l.coins ?? 0, paid: l.paid ?? 0 }))
    : allocateOrderLines(o.lines, o.discount, o.coins);
  const fee =
    o.shippingFee ??
    shippingFee(
      policy.money.shippingTemplate,
      o.lines.map((l) => ({ quantity: l.quantity, weightGrams: products[l.sku]?.weightGrams ?? 0 })),
    );
  return {
    id: o.id,
    buyerId: o.buyerId,
    state: o.state,
    lines,
    shippingFee: fee,
    invoiceIssued: o.invoiceIssued,
    paidAt: o.paidAt,
    shippedAt: o.shippedAt,
    signedAt: o.signedAt,
    confirmedAt: o.confirmedAt,
    platformSubsidy: o.platformSubsidy,
    serviceFee: o.serviceFee,
  };
}

function advance(prev: number, at: string | undefined): number {
  if (at === undefined) return prev + 60_000;
  const m = /^\+(\d+)(m|h|d)$/.exec(at);
  if (!m) return toMs(at);
  const n = Number(m[1]);
  return prev + n * (m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : 86_400_000);
}

/** Runs one parsed scenario. Never throws for rule outcomes; a malformed step is a failure. */
function runScenario(s: Scenario): ScenarioResult {
  const failures: string[] = [];
  const transitions: string[] = [];
  const rejectionCodes: string[] = [];
  let policy: Policy;
  try {
    policy = parsePolicy(s.policy ?? {});
  } catch (err) {
    return { name: s.name, passed: false, failures: [`policy: ${(err as Error).message}`], steps: 0, transitions, rejectionCodes };
  }
  const products: Record<string, Product> = {};
  for (const p of s.products) products[p.sku] = p;
  let order: Order;
  try {
    order = buildOrder(s, products, policy);
  } catch (err) {
    return { name: s.name, passed: false, failures: [`order: ${(err as Error).message}`], steps: 0, transitions, rejectionCodes };
  }
  const cases = new Map<string, AfterSalesCase>();
  const histories = new Map<string, CaseEvent[]>();
  let now = toMs(s.start);

  const ctxFor = (caseId: string, at: string): DecideContext => ({
    order,
    products,
    policy,
    now: at,
    otherCases: [...cases.values()].filter((c) => c.id !== caseId),
  });

  const applyEvents = (caseId: string, events: CaseEvent[]): void => {
    let c = cases.get(caseId);
    for (const e of events) c = evolve(c, e);
    if (c) cases.set(caseId, c);
    histories.set(caseId, [...(histories.get(caseId) ?? []), ...events]);
  };

  s.steps.forEach((step, index) => {
    const n = index + 1;
    if (index > 0 || step.at !== undefined) now = advance(now, step.at);
    const at = toIso(now);
    const label = `step ${n}${step.command ? ` (${step.command}${step.case ? ` ${step.case}` : ''})` : step.sweep ? ' (sweep)' : step.order ? ' (order)' : step.case ? ` (${step.case})` : ''}`;
    const errs: string[] = [];
    let produced: CaseEvent[] = [];

    if (step.order) {
      const patched = { ...order, ...step.order };
      const parsed = z
        .object({ state: OrderStateSchema, paidAt: IsoTimeSchema.nullable(), shippedAt: IsoTimeSchema.nullable(), signedAt: IsoTimeSchema.nullable(), confirmedAt: IsoTimeSchema.nullable() })
        .safeParse(patched);
      if (!parsed.success) errs.push(`order patch: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      else order = { ...order, ...parsed.data };
    }

    if (step.sweep) {
      for (const c of [...cases.values()].sort((a, b) => a.id.localeCompare(b.id))) {
        const d = nextDeadline(c, policy);
        if (!d || d.action === null || toMs(d.dueAt) > now) continue;
        const cmd = { id: `${c.id}#sweep${n}`, type: d.action, caseId: c.id, baseVersion: c.version, occurredAt: at, actor: DEFAULT_ACTORS.system, payload: {} } as Command & { type: SystemCommandType };
        const res = decide(c, cmd, ctxFor(c.id, at));
        if (res.ok) {
          transitions.push(`${c.type}:${c.state}:${cmd.type}`);
          applyEvents(c.id, res.events);
          if (c.id === step.case) produced = res.events;
        } else errs.push(`sweep ${c.id}: ${d.action} rejected ${show(res.rejection)}`);
      }
    }

    let rejection: { code: string; params: Record<string, unknown> } | null = null;
    if (step.command) {
      const caseId = step.case;
      if (!caseId) errs.push('a command step needs "case"');
      else {
        const current = cases.get(caseId);
        const role = step.command.split('.')[0] as Role;
        const actorSpec = step.actor ?? role;
        const actor: Actor =
          typeof actorSpec === 'string' ? (actorSpec === 'buyer' ? { id: order.buyerId, role: 'buyer' } : DEFAULT_ACTORS[actorSpec]) : actorSpec;
        const input = {
          id: step.id ?? `${caseId}#${n}`,
          type: step.command,
          caseId,
          baseVersion: step.baseVersion ?? current?.version ?? 0,
          occurredAt: at,
          actor,
          payload: step.payload ?? {},
        };
        const parsed = CommandSchema.safeParse(input);
        if (!parsed.success) {
          rejection = { code: 'payload_invalid', params: { path: parsed.error.issues[0]?.path.join('.') ?? '' } };
        } else {
          const before = current?.state ?? 'none';
          const res = decide(current, parsed.data, ctxFor(caseId, at));
          if (res.ok) {
            transitions.push(`${current?.type ?? String(input.payload.caseType)}:${before}:${step.command}`);
            produced = res.events;
            applyEvents(caseId, res.events);
          } else rejection = { code: res.rejection.code, params: { ...res.rejection.params } };
        }
      }
    }
    if (rejection) rejectionCodes.push(rejection.code);

    const ex = step.expect;
    if (ex?.rejection) {
      if (!rejection) errs.push(`rejection: expected ${show(ex.rejection.code)}, but the command was accepted`);
      else {
        if (rejection.code !== ex.rejection.code) errs.push(`rejection.code: expected ${show(ex.rejection.code)}, got ${show(rejection.code)} ${show(rejection.params)}`);
        if (ex.rejection.params) partialDiff(ex.rejection.params, rejection.params, 'rejection.params', errs);
      }
    } else if (rejection) {
      errs.push(`unexpected rejection ${show(rejection.code)} ${show(rejection.params)}`);
    }
    const c = step.case ? cases.get(step.case) : undefined;
    if (ex) {
      if (ex.state !== undefined) partialDiff(ex.state, c?.state, 'state', errs);
      if (ex.refund !== undefined) partialDiff(ex.refund, c?.refund, 'refund', errs);
      if (ex.case !== undefined) partialDiff(ex.case, c, 'case', errs);
      if (ex.buyerStatus !== undefined) partialDiff(ex.buyerStatus, c ? buyerStatusOf(c) : undefined, 'buyerStatus', errs);
      if (ex.deadline !== undefined) partialDiff(ex.deadline, c ? nextDeadline(c, policy) : undefined, 'deadline', errs);
      if (ex.events !== undefined) partialDiff(ex.events, produced.map((e) => e.type), 'events', errs);
      if (ex.order !== undefined) {
        const eff = orderEffects(order, [...cases.values()], products, policy);
        partialDiff(ex.order, { ...eff, shippingFee: order.shippingFee, lines: order.lines }, 'order', errs);
      }
    }
    for (const e of errs) failures.push(`${label}: ${e}`);
  });

  // A case is the fold of its events: the incrementally evolved case must equal the fold.
  for (const [id, events] of histories) {
    const folded = foldCase(events);
    if (JSON.stringify(folded) !== JSON.stringify(cases.get(id))) failures.push(`case ${id}: foldCase(events) differs from the evolved case`);
  }
  return { name: s.name, passed: failures.length === 0, failures, steps: s.steps.length, transitions, rejectionCodes };
}

/** Parses and runs a scenario given as JSON data; schema errors are reported as failures. */
export function runScenarioJson(data: unknown, fallbackName: string): ScenarioResult {
  const parsed = ScenarioSchema.safeParse(data);
  if (!parsed.success) {
    return {
      name: fallbackName,
      passed: false,
      failures: parsed.error.issues.map((i) => `format: ${i.path.join('.')}: ${i.message}`),
      steps: 0,
      transitions: [],
      rejectionCodes: [],
    };
  }
  return runScenario(parsed.data);
}
