/**
 * Bulk demo seeding for large `--scale` runs. Applying 100,000 cases one command per transaction
 * takes too long on embedded PGlite, so each case is replayed in memory through the very rules
 * `applyCommand` runs (validate → decide → evolve → index → order effects, on the same order
 * document the server would read) and the resulting rows — orders, cases, events, commands,
 * case numbers, stock, device acknowledgement — are written with multi-row INSERTs, a chunk of
 * cases per transaction. Cases already stored are skipped, so seeding stays idempotent.
 */
import { formatCaseNumber } from '../../shared/barcode';
import { DEFAULT_POLICY, evolve, validateCommand, type AfterSalesCase, type CaseEvent, type Policy } from '../../shared/domain';
import { decisionInputsFromWireOrder, type StoredResult } from '../../shared/sync';
import type { Db, Queryable } from '../db/db';
import { nextChangeSeqs, type OrderRecord } from '../sync/changes';
import { caseNumberDay } from '../sync/push';
import { caseIndex, decideOnServer, orderFollowUp, type LoadedContext, type OrderFollowUp } from '../sync/rules';
import { upsertProduct } from '../sync/catalog';
import type { DemoData } from './demo-data';
import { demoOrderRecord } from './orders';
import { demoCommandId } from './replay';

export const DEMO_DEVICE_ID = 'demo-seed';

const CHUNK = 1000;
/** Parameters per statement (PostgreSQL allows 65,535). */
const MAX_PARAMS = 30_000;

/** The order document `order_doc` builds from these columns (migration 009, read through sync/order-json.ts). */
export function wireOrderOf(record: OrderRecord): Record<string, unknown> {
  return {
    ...record.data,
    id: record.id,
    orderNo: record.orderNo,
    state: record.state,
    buyerId: record.buyerId ?? null,
    buyerName: record.buyerName ?? null,
    buyerPhone: record.buyerPhone ?? null,
    address: record.address ?? null,
    shippingFee: record.shippingFee,
    paidAt: record.paidAt ?? null,
    shippedAt: record.shippedAt ?? null,
    signedAt: record.signedAt ?? null,
    confirmedAt: record.confirmedAt ?? null,
    completedAt: record.completedAt ?? null,
    lines: record.lines.map((l) => ({ ...l.data, id: l.id, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, coins: l.coins, paid: l.paid })),
  };
}

/** INSERT of many rows, split so no statement exceeds the parameter limit. `casts` per column, e.g. `::jsonb`. */
export async function insertRows(tx: Queryable, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], casts: readonly string[] = [], suffix = ''): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    const tuples = slice.map((row) => {
      const cells = row.map((value, c) => {
        params.push(value);
        return `$${params.length}${casts[c] ?? ''}`;
      });
      return `(${cells.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`, params);
  }
}

interface ReplayedCase {
  caseId: string;
  state: AfterSalesCase;
  version: number;
  occurredAt: string;
  events: CaseEvent[];
  commands: { id: string; deviceSeq: number; type: string; actorId: string; result: StoredResult }[];
  followUp: OrderFollowUp | null;
}

export interface BulkReport {
  commands: { applied: number; duplicate: number; refused: number };
}

export async function seedDemoCasesBulk(db: Db, data: DemoData, options: { policy?: Policy | undefined; clock?: () => Date } = {}): Promise<BulkReport> {
  const policy = options.policy ?? DEFAULT_POLICY;
  const clock = options.clock ?? (() => new Date());
  const report: BulkReport = { commands: { applied: 0, duplicate: 0, refused: 0 } };
  const orders = new Map(data.orders.map((o) => [o.order.id, o]));

  await db.transaction(async (tx) => {
    for (const p of data.products) await upsertProduct(tx, p);
  });

  // Device sequence numbers as the one-by-one seeder gives them: one per step, in case order.
  const firstSeq: number[] = [];
  let seqCounter = 0;
  for (const demo of data.cases) {
    firstSeq.push(seqCounter + 1);
    seqCounter += demo.steps.length;
  }

  for (let start = 0; start < data.cases.length; start += CHUNK) {
    const chunk = data.cases.slice(start, start + CHUNK);
    await db.transaction(async (tx) => {
      const now = clock().toISOString();
      const stored = await tx.query<{ id: string }>('SELECT id FROM cases WHERE id = ANY($1::text[])', [chunk.map((c) => c.caseId)]);
      const skip = new Set(stored.map((r) => r.id));
      const storedOrders = await tx.query<{ id: string }>('SELECT id FROM orders WHERE id = ANY($1::text[])', [chunk.map((c) => c.orderId)]);
      const orderKnown = new Set(storedOrders.map((r) => r.id));

      const replayed: ReplayedCase[] = [];
      const newOrders: OrderRecord[] = [];
      for (const [offset, demo] of chunk.entries()) {
        if (skip.has(demo.caseId)) {
          report.commands.duplicate += demo.steps.length;
          continue;
        }
        const demoOrder = orders.get(demo.orderId);
        if (!demoOrder) throw new Error(`demo case ${demo.caseId}: no order ${demo.orderId}`);
        const record = demoOrderRecord(demoOrder, data.products);
        if (!orderKnown.has(record.id)) {
          newOrders.push(record);
          orderKnown.add(record.id);
        }
        const inputs = decisionInputsFromWireOrder(wireOrderOf(record));
        const extra: LoadedContext = inputs
          ? { ok: true, ctx: { order: inputs.order, products: inputs.products, policy, otherCases: [] } }
          : { ok: false, rejection: { code: 'order_mismatch', params: { orderId: record.id } } };
        const one = replayCase(demo, extra, now, firstSeq[start + offset] ?? 0);
        for (const c of one.commands) report.commands[c.result.status === 'applied' ? 'applied' : 'refused'] += 1;
        if (one.state) replayed.push({ ...one, state: one.state, followUp: orderFollowUp(one.state, extra, policy) });
      }

      // Orders first (as their cases' effects leave them), then cases, events, commands.
      const followUps = new Map(replayed.flatMap((r) => (r.followUp ? [[r.followUp.orderId, r.followUp] as const] : [])));
      const seqs = await nextChangeSeqs(tx, newOrders.length + replayed.length);
      let nextSeq = 0;
      const seq = (): number => seqs[nextSeq++] ?? 0;
      await insertRows(
        tx,
        'orders',
        ['id', 'order_no', 'state', 'buyer_id', 'buyer_name', 'buyer_phone', 'address', 'shipping_fee', 'paid_at', 'shipped_at', 'signed_at', 'confirmed_at', 'completed_at', 'data', 'change_seq', 'updated_at'],
        newOrders.map((o) => {
          const follow = followUps.get(o.id);
          const data = follow ? { ...o.data, settlement: follow.settlement } : (o.data ?? {});
          return [o.id, o.orderNo, follow?.state ?? o.state, o.buyerId ?? null, o.buyerName ?? null, o.buyerPhone ?? null, o.address ?? null, o.shippingFee, o.paidAt ?? null, o.shippedAt ?? null, o.signedAt ?? null, o.confirmedAt ?? null, o.completedAt ?? null, JSON.stringify(data), seq(), now];
        }),
        ['', '', '', '', '', '', '', '', '', '', '', '', '', '::jsonb'],
      );
      await insertRows(
        tx,
        'order_lines',
        ['id', 'order_id', 'position', 'sku', 'quantity', 'unit_price', 'discount', 'coins', 'paid_amount', 'data'],
        newOrders.flatMap((o) => o.lines.map((l, i) => [l.id, o.id, i + 1, l.sku, l.quantity, l.unitPrice, l.discount, l.coins, l.paid, JSON.stringify(l.data ?? {})])),
        ['', '', '', '', '', '', '', '', '', '::jsonb'],
      );

      const caseNos = await takeCaseNumbers(tx, replayed.map((r) => r.occurredAt));
      await insertRows(
        tx,
        'cases',
        ['id', 'case_no', 'order_id', 'line_id', 'type', 'state', 'version', 'data', 'return_tracking_no', 'created_at', 'updated_at', 'change_seq', 'next_due_at', 'next_action'],
        replayed.map((r, i) => {
          const index = caseIndex(r.state, policy);
          const nextDueAt = index.nextAction ? index.nextDueAt : null;
          return [r.caseId, caseNos[i], index.orderId, index.lineId, index.type, index.state, r.version, JSON.stringify(r.state), index.returnTrackingNo, now, now, seq(), nextDueAt, nextDueAt !== null ? index.nextAction : null];
        }),
        ['', '', '', '', '', '', '', '::jsonb'],
      );
      await insertRows(
        tx,
        'case_events',
        ['case_id', 'version', 'type', 'data', 'actor_id', 'role', 'command_id', 'occurred_at', 'recorded_at'],
        replayed.flatMap((r) => r.events.map((e) => [e.caseId, e.version, e.type, JSON.stringify(e.data ?? null), e.actor.id, e.actor.role, e.commandId, e.occurredAt, now])),
        ['', '', '', '::jsonb'],
      );
      await insertRows(
        tx,
        'commands',
        ['command_id', 'device_id', 'device_seq', 'case_id', 'type', 'actor_id', 'status', 'result', 'recorded_at'],
        replayed.flatMap((r) => r.commands.map((c) => [c.id, DEMO_DEVICE_ID, c.deviceSeq, r.caseId, c.type, c.actorId, c.result.status, JSON.stringify(c.result), now])),
        ['', '', '', '', '', '', '', '::jsonb'],
      );
      for (const r of replayed) {
        for (const restock of r.followUp?.restocks ?? []) {
          await tx.query('INSERT INTO stock_movements (case_id, sku, location, quantity, recorded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [restock.caseId, restock.sku, restock.location, restock.quantity, now]);
          await tx.query(
            `INSERT INTO product_stock (sku, on_hand, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (sku) DO UPDATE SET on_hand = product_stock.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at`,
            [restock.sku, restock.quantity, now],
          );
        }
      }
      const last = replayed.at(-1)?.commands.at(-1);
      const firstActor = replayed[0]?.commands[0]?.actorId;
      if (last && firstActor) {
        await tx.query(
          `INSERT INTO devices (id, staff_id, last_acked_seq, last_seen_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET last_acked_seq = GREATEST(devices.last_acked_seq, EXCLUDED.last_acked_seq), last_seen_at = EXCLUDED.last_seen_at`,
          [DEMO_DEVICE_ID, firstActor, last.deviceSeq, now],
        );
      }
    });
  }
  return report;
}

/** Plays one demo case through the rules exactly as `applyCommand` would, without storage. */
function replayCase(
  demo: DemoData['cases'][number],
  extra: LoadedContext,
  now: string,
  firstSeq: number,
): Omit<ReplayedCase, 'state' | 'followUp'> & { state: AfterSalesCase | null } {
  let state: AfterSalesCase | null = null;
  let version = 0;
  const events: CaseEvent[] = [];
  const commands: ReplayedCase['commands'] = [];
  const startMs = Date.parse(demo.startAt);
  const firstAt = new Date(startMs + (demo.steps[0]?.atMinute ?? 0) * 60_000).toISOString();
  demo.steps.forEach((step, index) => {
    const id = demoCommandId(demo.caseId, index);
    const occurredAt = new Date(startMs + step.atMinute * 60_000).toISOString();
    const record = (result: StoredResult) => commands.push({ id, deviceSeq: firstSeq + index, type: step.type, actorId: step.actor.id, result });
    const envelope = { id, type: step.type, caseId: demo.caseId, baseVersion: version, occurredAt, actor: step.actor, payload: step.payload };
    const validation = validateCommand(envelope);
    if (!validation.ok) return record({ id, status: 'rejected', code: validation.rejection.code, params: { ...validation.rejection.params } });
    const decision = decideOnServer(state, validation.command, extra, now);
    if (!decision.ok) return record({ id, status: 'rejected', code: decision.rejection.code, params: { ...decision.rejection.params } });
    for (const event of decision.events) {
      state = evolve(state ?? undefined, event);
      version = event.version;
      events.push(event);
    }
    record({ id, status: 'applied', version, events: decision.events.length });
  });
  return { caseId: demo.caseId, state, version, occurredAt: firstAt, events, commands };
}

/** Case numbers for cases applied for at these times, in order, from the per-day counters. */
async function takeCaseNumbers(tx: Queryable, appliedAt: readonly string[]): Promise<string[]> {
  const days = new Map<string, { date: { year: number; month: number; day: number }; count: number; next: number }>();
  const dayOf = appliedAt.map((at) => {
    const { date, iso } = caseNumberDay(at);
    const entry = days.get(iso) ?? { date, count: 0, next: 0 };
    entry.count += 1;
    days.set(iso, entry);
    return iso;
  });
  for (const [iso, entry] of days) {
    const [row] = await tx.query<{ last: unknown }>(
      `INSERT INTO case_number_days (day, last) VALUES ($1, $2)
       ON CONFLICT (day) DO UPDATE SET last = case_number_days.last + EXCLUDED.last RETURNING last`,
      [iso, entry.count],
    );
    entry.next = Number(row?.last) - entry.count + 1;
  }
  return dayOf.map((iso) => {
    const entry = days.get(iso);
    if (!entry) throw new Error('case number day missing');
    const n = entry.next;
    entry.next += 1;
    return formatCaseNumber(n, entry.date);
  });
}
