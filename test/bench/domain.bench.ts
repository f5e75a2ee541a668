/**
 * Domain core throughput. Each figure and its baseline are measured five times, alternately; the
 * figure is the median with its spread (min…max), and a `.latency` figure gives per-item latency
 * percentiles pooled over the batches (a latency, not a percentile of rates).
 *  - domain.decide_evolve: commands decided and applied per second on a realistic mix (returns,
 *    exchanges, cancels, refunds, rejections with resubmission, disputes, reships, plus ~10 %
 *    refused commands: replays, stale versions, wrong roles). Baseline: a bare loop doing one
 *    object spread of the case per command (the least any immutable update costs).
 *  - domain.fold: cases rebuilt per second from 50-event histories. Baseline: structuredClone of
 *    the folded case (copying the snapshot instead of rebuilding it).
 */
import {
  allocateOrderLines,
  decide,
  evolve,
  foldCase,
  parsePolicy,
  type AfterSalesCase,
  type CaseEvent,
  type Command,
  type CommandType,
  type DecideContext,
  type Order,
  type Product,
} from '../../shared/domain';
import { inspection as buildInspection } from '../shared/domain/inspection';
import { alternate, percentile, withSpread, type Benchmark, type BenchFigure } from './types';

const T0 = Date.parse('2026-03-10T02:00:00.000Z');
const iso = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

const products: Record<string, Product> = {
  A: { sku: 'A', spu: 'SPU-A', unitPrice: 2000, sevenDayNoReason: true, virtual: false, weightGrams: 700, warrantyDays: 365, active: true },
  A2: { sku: 'A2', spu: 'SPU-A', unitPrice: 2000, sevenDayNoReason: true, virtual: false, weightGrams: 700, warrantyDays: 365, active: true },
  C: { sku: 'C', spu: 'SPU-C', unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 500, warrantyDays: 0, active: true },
};
const address = { warehouseId: 'WH1', name: 'Returns desk', phone: '021-5555-0100', address: '1 Warehouse Rd' };
const policy = parsePolicy({ defaultReturnAddress: address });
const actors = {
  buyer: { id: 'buyer-1', role: 'buyer' as const },
  cs: { id: 'cs-1', role: 'cs' as const },
  warehouse: { id: 'wh-1', role: 'warehouse' as const, warehouseId: 'WH1' },
  finance: { id: 'fin-1', role: 'finance' as const },
  system: { id: 'system', role: 'system' as const },
};

function order(state: Order['state']): Order {
  const shipped = state !== 'awaiting_shipment';
  return {
    id: 'O1',
    buyerId: 'buyer-1',
    state,
    lines: allocateOrderLines(
      [
        { id: 'L-A', sku: 'A', quantity: 3, unitPrice: 2000 },
        { id: 'L-C', sku: 'C', quantity: 1, unitPrice: 5000 },
      ],
      500,
      1000,
    ),
    shippingFee: 1200,
    invoiceIssued: true,
    paidAt: iso(-3000),
    shippedAt: shipped ? iso(-2000) : null,
    signedAt: state === 'completed' ? iso(-1500) : null,
    confirmedAt: state === 'completed' ? iso(-1000) : null,
    platformSubsidy: 0,
    serviceFee: 0,
  };
}

const inspection = buildInspection({ sku: 'A', condition: 'opened_resalable', checklist: { seals: true }, weightGrams: 700, disposition: { kind: 'restock', location: 'R-01' } });

type Step = readonly [CommandType, Record<string, unknown>] | readonly [CommandType, Record<string, unknown>, 'replay' | 'stale' | 'wrong_role'];

interface Script {
  orderState: Order['state'];
  apply: Record<string, unknown>;
  steps: Step[];
}

const applyBase = { orderId: 'O1', lineId: 'L-A', quantity: 1, description: '', evidence: [] };
const shipBack = { carrier: 'SF', trackingNumber: 'SF1234567890', invoiceReturned: false };
const outbound = { carrier: 'SF', trackingNumber: 'SF9876543210' };

const SCRIPTS: Script[] = [
  // Return and refund, straight through, with a replayed ship-back.
  { orderState: 'completed', apply: { ...applyBase, caseType: 'return_refund', reason: 'quality_issue' }, steps: [['cs.approve', { returnAddress: address }], ['buyer.ship_back', shipBack], ['buyer.ship_back', shipBack, 'replay'], ['warehouse.receive', { inspection }], ['finance.approve_refund', { reference: 'P' }]] },
  // Exchange.
  { orderState: 'completed', apply: { ...applyBase, caseType: 'exchange', reason: 'size_or_fit', exchangeSku: 'A2' }, steps: [['cs.approve', { returnAddress: address }], ['buyer.ship_back', shipBack], ['warehouse.receive', { inspection }], ['warehouse.ship_exchange', outbound], ['buyer.confirm_receipt', {}]] },
  // Cancel before shipment after interception.
  { orderState: 'awaiting_shipment', apply: { ...applyBase, caseType: 'cancel_after_payment', reason: 'changed_mind' }, steps: [['cs.intercept_result', { intercepted: true }], ['finance.approve_refund', { reference: 'P' }]] },
  // Rejected, resubmitted, approved, with a stale-version command.
  { orderState: 'completed', apply: { ...applyBase, caseType: 'return_refund', reason: 'size_or_fit' }, steps: [['cs.reject', { reason: 'photos' }], ['buyer.modify', { description: 'more photos' }], ['cs.approve', {}, 'stale'], ['cs.approve', {}], ['buyer.ship_back', shipBack], ['warehouse.receive', { inspection }], ['cs.override_amount', { cash: 1500, kind: 'override', reason: 'scratch' }], ['finance.approve_refund', { reference: 'P' }]] },
  // Dispute resolved by an agreed amount, with a wrong-role attempt.
  { orderState: 'completed', apply: { ...applyBase, caseType: 'return_refund', reason: 'no_reason_seven_days' }, steps: [['cs.approve', {}], ['buyer.ship_back', shipBack], ['finance.approve_refund', { reference: 'P' }, 'wrong_role'], ['warehouse.raise_dispute', { category: 'missing_parts', notes: '', photos: [] }], ['cs.resolve_dispute', { resolution: 'agreed_amount', amount: 1000, reason: 'agreed' }], ['finance.approve_refund', { reference: 'P' }]] },
  // Refund only, not received; and a reship.
  { orderState: 'shipped', apply: { ...applyBase, caseType: 'refund_only', reason: 'not_received' }, steps: [['cs.approve', {}], ['finance.approve_refund', { reference: 'P' }]] },
  { orderState: 'shipped', apply: { ...applyBase, caseType: 'reship', reason: 'parcel_lost' }, steps: [['cs.create_reship', { cause: 'lost_parcel' }], ['warehouse.ship_reship', outbound], ['finance.record_carrier_compensation', { amount: 1000, claimRef: 'C' }], ['buyer.confirm_receipt', {}]] },
  // Withdrawn after approval; auto-closed after a rejection.
  { orderState: 'completed', apply: { ...applyBase, caseType: 'return_refund', reason: 'quality_issue' }, steps: [['cs.approve', {}], ['buyer.withdraw', {}]] },
  { orderState: 'completed', apply: { ...applyBase, caseType: 'exchange', reason: 'quality_issue' }, steps: [['cs.reject', { reason: 'no' }], ['system.auto_close', {}]] },
];

interface Prepared {
  /** Context per command: the application is judged at its time, the rest later (deadlines due). */
  contexts: DecideContext[];
  commands: Command[];
}

/** Builds each script's commands with the ids and versions they will meet (decide is deterministic). */
function prepare(script: Script, n: number): Prepared {
  const o = order(script.orderState);
  const applyCtx: DecideContext = { order: o, products, policy, now: iso(0), otherCases: [] };
  const ctx: DecideContext = { ...applyCtx, now: iso(20_000) };
  const commands: Command[] = [];
  const contexts: DecideContext[] = [applyCtx];
  const caseId = `RMA-${n}`;
  const first = { id: `${caseId}-0`, type: 'buyer.apply', caseId, baseVersion: 0, occurredAt: iso(0), actor: actors.buyer, payload: script.apply } as Command;
  commands.push(first);
  let c: AfterSalesCase | undefined;
  const d0 = decide(undefined, first, applyCtx);
  if (!d0.ok) throw new Error(`bench script ${n}: apply refused ${JSON.stringify(d0.rejection)}`);
  for (const e of d0.events) c = evolve(c, e);
  let last = first;
  script.steps.forEach(([type, payload, twist], i) => {
    if (!c) throw new Error('no case');
    const role = type.split('.')[0] as keyof typeof actors;
    let cmd = { id: `${caseId}-${i + 1}`, type, caseId, baseVersion: c.version, occurredAt: iso(i * 20_000 / 10), actor: actors[role], payload } as Command;
    if (twist === 'replay') cmd = { ...last, baseVersion: c.version };
    if (twist === 'stale') cmd = { ...cmd, baseVersion: c.version - 1 };
    if (twist === 'wrong_role') cmd = { ...cmd, actor: actors.warehouse };
    commands.push(cmd);
    contexts.push(ctx);
    const d = decide(c, cmd, ctx);
    if (twist) {
      if (d.ok) throw new Error(`bench script ${n}: ${type} (${twist}) was accepted`);
      return;
    }
    if (!d.ok) throw new Error(`bench script ${n}: ${type} refused ${JSON.stringify(d.rejection)}`);
    for (const e of d.events) c = evolve(c, e);
    last = cmd;
  });
  return { contexts, commands };
}

/**
 * Runs `fn` (which processes `unit` items) repeatedly for about `ms`; returns the overall rate and
 * the latency of each batch per item, in microseconds (ascending).
 */
function measure(ms: number, unit: number, fn: () => void): { rate: number; latencies: number[] } {
  const latencies: number[] = [];
  let items = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    const t = performance.now();
    fn();
    now = performance.now();
    items += unit;
    latencies.push(((now - t) * 1000) / unit);
  }
  return { rate: items / ((now - start) / 1000), latencies: latencies.sort((a, b) => a - b) };
}

let sink = 0;

/** Repeats of each figure and its baseline, alternated (see `alternate`). */
const RUNS = 5;

/**
 * A throughput figure (median of the alternated repeats, with their spread) and its latency figure
 * (per-item latency percentiles pooled over every batch of the engine's repeats).
 */
async function rateFigures(name: string, unit: string, items: number, run: () => void, baseline: () => void): Promise<BenchFigure[]> {
  measure(300, items, run);
  measure(200, items, baseline);
  const rounds = await alternate(RUNS, () => measure(600, items, run), () => measure(400, items, baseline));
  const latencies = rounds.engine.flatMap((m) => m.latencies).sort((a, b) => a - b);
  const round2 = (n: number): number => Math.round(n * 100) / 100;
  return [
    { name, unit, ...withSpread(rounds.engine.map((m) => m.rate), rounds.baseline.map((m) => m.rate)), n: latencies.length * items },
    {
      name: `${name}.latency`,
      unit: `µs/${unit.split('/')[0]?.replace(/s$/, '')}`,
      value: round2(percentile(latencies, 50)),
      p50: round2(percentile(latencies, 50)),
      p95: round2(percentile(latencies, 95)),
      p99: round2(percentile(latencies, 99)),
      n: latencies.length,
    },
  ];
}

async function decideEvolveFigures(): Promise<BenchFigure[]> {
  const prepared = SCRIPTS.map((s, i) => prepare(s, i));
  const perRound = prepared.reduce((s, p) => s + p.commands.length, 0);
  const ROUNDS = 50;
  const round = (): void => {
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of prepared) {
        let c: AfterSalesCase | undefined;
        for (let k = 0; k < p.commands.length; k++) {
          const d = decide(c, p.commands[k] as Command, p.contexts[k] as DecideContext);
          if (d.ok) for (const e of d.events) c = evolve(c, e);
        }
        sink += c ? c.version : 0;
      }
    }
  };
  // Baseline: one object spread of the case per command, nothing else.
  const sample = foldCase(historyOf50());
  const baselineRound = (): void => {
    for (let r = 0; r < ROUNDS; r++) {
      let c = sample;
      for (let i = 0; i < perRound; i++) c = { ...c, version: c.version + 1 };
      sink += c.version;
    }
  };
  return rateFigures('domain.decide_evolve', 'commands/s', perRound * ROUNDS, round, baselineRound);
}

/** A 50-event history: rejections and resubmissions, then warehouse/finance back-and-forth. */
function historyOf50(): CaseEvent[] {
  const o = order('completed');
  const ctx: DecideContext = { order: o, products, policy, now: iso(0), otherCases: [] };
  const events: CaseEvent[] = [];
  let c: AfterSalesCase | undefined;
  let i = 0;
  const issue = (type: CommandType, payload: Record<string, unknown>): void => {
    const role = type.split('.')[0] as keyof typeof actors;
    const cmd = { id: `H-${i}`, type, caseId: 'RMA-H', baseVersion: c?.version ?? 0, occurredAt: iso(i), actor: actors[role], payload } as Command;
    i += 1;
    const d = decide(c, cmd, ctx);
    if (!d.ok) throw new Error(`history: ${type} refused ${JSON.stringify(d.rejection)}`);
    for (const e of d.events) c = evolve(c, e);
    events.push(...d.events);
  };
  issue('buyer.apply', { ...applyBase, caseType: 'return_refund', reason: 'quality_issue' });
  // At most three applications in all: two rejections, each answered with a resubmission.
  for (let k = 0; k < 2; k++) {
    issue('cs.reject', { reason: `r${k}` });
    issue('buyer.modify', { description: `attempt ${k}` });
  }
  issue('cs.escalate', { reason: 'platform' });
  issue('cs.approve', { returnAddress: address });
  issue('buyer.ship_back', shipBack);
  while (events.length < 48) {
    issue('warehouse.receive', { inspection });
    issue('cs.override_amount', { cash: 1500, kind: 'override', reason: 'scratch' });
    issue('finance.reject_refund', { reason: 're-check' });
  }
  issue('warehouse.receive', { inspection });
  issue('finance.approve_refund', { reference: 'P' });
  return events.slice(0, 50);
}

async function foldFigures(): Promise<BenchFigure[]> {
  const history = historyOf50();
  if (history.length !== 50) throw new Error(`history has ${history.length} events`);
  const folded = foldCase(history);
  const BATCH = 2000;
  const run = (): void => {
    for (let k = 0; k < BATCH; k++) sink += foldCase(history).version;
  };
  const baseline = (): void => {
    for (let k = 0; k < BATCH; k++) sink += structuredClone(folded).version;
  };
  return rateFigures('domain.fold', 'cases/s', BATCH, run, baseline);
}

export default [
  {
    name: 'domain.decide_evolve',
    run: async () => {
      const f = await decideEvolveFigures();
      if (sink === -1) console.log(sink);
      return f;
    },
  },
  {
    name: 'domain.fold',
    run: async () => {
      const f = await foldFigures();
      if (sink === -1) console.log(sink);
      return f;
    },
  },
] satisfies Benchmark[];
