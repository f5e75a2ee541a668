/**
 * The merge of server snapshots and the local overlay, and the local decision context. Every
 * function here runs inside the caller's Dexie transaction over `SYNC_TABLES` and never touches
 * the network.
 */
import Dexie from 'dexie';
import {
  DEFAULT_POLICY,
  decide,
  evolveAll,
  nextDeadline,
  normalizeTrackingNumber,
  type AfterSalesCase,
  type Command,
  type DecideContext,
  type Decision,
  type OrderLine,
  type Policy,
  type Product,
} from '../../../shared/domain';
import { decisionInputsFromWireOrder } from '../../../shared/sync/order-context';
import type { DeskDb } from '../db/schema';
import { phoneTail } from '../db/schema';
import type { CaseSnapshotRow, CaseViewRow, OrderRow, OutboxRow, OverlayRow, Rejection } from '../db/types';
import { isParcelCommand } from './parcels';

/** Tables a command's local effect touches. */
export const SYNC_TABLES = ['cases', 'orders', 'caseView', 'overlay', 'outbox', 'conflicts', 'meta', 'parcels', 'parcelSnapshots'] as const;

export function readPolicy(db: DeskDb): Promise<Policy> {
  return db.meta.get('policy').then((row) => (row?.value as Policy | undefined) ?? DEFAULT_POLICY);
}

/**
 * Product attributes this workstation was not sent: assumed physical goods without seven-day
 * return or warranty. Only the optimistic answer depends on it; the server decides with the
 * catalogue and its answer replaces ours on the next pull.
 */
export function assumedProduct(line: OrderLine): Product {
  return { sku: line.sku, spu: line.sku, unitPrice: line.unitPrice, sevenDayNoReason: false, virtual: false, weightGrams: 0, warrantyDays: 0, active: true };
}

export interface ContextRows {
  order: OrderRow | undefined;
  views: CaseViewRow[];
}

/**
 * Reads what a decision on a case of `orderId` needs. A chain of Dexie promises (not a native
 * async function), so it keeps the caller's transaction however deep it is awaited.
 */
export function readContextRows(db: DeskDb, orderId: string | undefined): Promise<ContextRows> {
  if (!orderId) return Dexie.Promise.resolve({ order: undefined, views: [] });
  // Both requests go out at once.
  return Dexie.Promise.all([db.orders.get(orderId), db.caseView.where('orderId').equals(orderId).toArray()]).then(([order, views]) => ({ order, views }));
}

/** Decision context from what this workstation holds; `null` when the order is not here (yet). */
export function contextFrom(rows: ContextRows, now: string, policy: Policy): DecideContext | null {
  if (!rows.order) return null;
  const inputs = decisionInputsFromWireOrder(rows.order.raw);
  if (!inputs) return null;
  const products = { ...inputs.products };
  for (const line of inputs.order.lines) products[line.sku] ??= assumedProduct(line);
  return { order: inputs.order, products, policy, now, otherCases: rows.views.map((v) => v.data) };
}

export const CONTEXT_UNAVAILABLE = 'sync.context_unavailable';
export const BLOCKED = 'sync.blocked';

export function orderIdOf(current: AfterSalesCase | undefined, command: Command): string | undefined {
  return current?.orderId ?? (command.type === 'buyer.apply' ? command.payload.orderId : undefined);
}

/** Decides a command on the merged case with the local context (pure). */
export function decideWith(rows: ContextRows, current: AfterSalesCase | undefined, command: Command, now: string, policy: Policy): Decision | { ok: false; rejection: Rejection } {
  const ctx = contextFrom(rows, now, policy);
  if (!ctx) {
    if (!current && command.type !== 'buyer.apply') return { ok: false, rejection: { code: 'case_not_found', params: { caseId: command.caseId } } };
    return { ok: false, rejection: { code: CONTEXT_UNAVAILABLE, params: { orderId: orderIdOf(current, command) ?? null } } };
  }
  return decide(current, command, ctx);
}

/** The overlay rows of a case, in outbox order. */
export function overlayRows(db: DeskDb, caseId: string): Promise<OverlayRow[]> {
  return db.overlay.where('[caseId+seq]').between([caseId, Dexie.minKey], [caseId, Dexie.maxKey]).toArray();
}

/** Folds the overlay over the snapshot (pure). */
export function mergeCase(snapshot: AfterSalesCase | undefined, overlay: readonly OverlayRow[]): { merged: AfterSalesCase | undefined; applied: number } {
  let cur = snapshot;
  let applied = 0;
  for (const row of overlay) {
    const first = row.events[0];
    if (!first) continue;
    if (cur?.commandIds.includes(row.commandId)) continue;
    // A stale row (the snapshot moved on) and every later one built on it wait for the next rebase.
    if (first.version !== (cur?.version ?? 0) + 1) break;
    try {
      cur = evolveAll(cur, row.events);
      applied += 1;
    } catch {
      break;
    }
  }
  return { merged: cur, applied };
}

export function viewRow(snapshot: CaseSnapshotRow | undefined, merged: AfterSalesCase, order: Pick<OrderRow, 'orderNo' | 'buyerPhone'> | undefined, pendingCount: number, policy: Policy): CaseViewRow {
  const deadline = nextDeadline(merged, policy);
  return {
    id: merged.id,
    caseNo: snapshot?.caseNo ?? '',
    orderId: merged.orderId,
    orderNo: order?.orderNo ?? '',
    sku: merged.sku,
    state: merged.state,
    returnTrackingNo: merged.returnShipment ? normalizeTrackingNumber(merged.returnShipment.trackingNumber) : '',
    buyerPhoneTail: phoneTail(order?.buyerPhone),
    queue: deadline?.owner ?? '',
    dueAt: deadline?.dueAt ?? '',
    version: merged.version,
    serverVersion: snapshot?.version ?? 0,
    pending: pendingCount > 0 ? 1 : 0,
    pendingCount,
    data: merged,
  };
}

/**
 * The merged row of one case from its snapshot and overlay rows (in outbox order); undefined when
 * neither holds the case. `known` is an order the caller already read in this transaction (not
 * read again when it is the case's order).
 */
export async function mergedView(db: DeskDb, snapshot: CaseSnapshotRow | undefined, overlay: OverlayRow[], policy: Policy, known?: OrderRow): Promise<CaseViewRow | undefined> {
  const { merged } = mergeCase(snapshot?.data, overlay);
  if (!merged) return undefined;
  const order = known?.id === merged.orderId ? known : await db.orders.get(merged.orderId);
  return viewRow(snapshot, merged, order, overlay.length, policy);
}

/** Rewrites the merged row of one case from its snapshot and overlay (see `mergedView`). */
export async function recomputeView(db: DeskDb, caseId: string, policy: Policy, known?: OrderRow): Promise<CaseViewRow | undefined> {
  const snapshot = await db.cases.get(caseId);
  const row = await mergedView(db, snapshot, await overlayRows(db, caseId), policy, known);
  await (row ? db.caseView.put(row) : db.caseView.delete(caseId));
  return row;
}

/** What a rebase reads for one case. */
interface RebaseInput {
  snapshot: CaseSnapshotRow | undefined;
  /** In outbox order. */
  overlay: OverlayRow[];
  /** In outbox order. */
  outbox: OutboxRow[];
  openConflicts: Set<string>;
}

/** Re-decides the local commands of one case on its snapshot (pure). */
function rebasePlan(caseId: string, input: RebaseInput, rows: ContextRows, now: string, policy: Policy): { drop: string[]; keep: OverlayRow[] } {
  const { snapshot, overlay, outbox, openConflicts } = input;
  const overlayById = new Map(overlay.map((r) => [r.commandId, r]));
  const drop: string[] = [];
  const keep: OverlayRow[] = [];
  let cur = snapshot?.data;
  let blocked = false;
  for (const out of outbox) {
    // Parcel commands have no case overlay (see `./parcels.ts`).
    if (isParcelCommand(out.command)) continue;
    const row = overlayById.get(out.id);
    if (out.status === 'discarded' || out.status === 'conflict' || out.status === 'rejected') {
      if (row) drop.push(out.id);
      if (openConflicts.has(out.id)) blocked = true;
      continue;
    }
    if (!row) continue;
    if (out.status === 'acked' && snapshot && out.ackedVersion !== null && snapshot.version >= out.ackedVersion) {
      drop.push(out.id);
      continue;
    }
    let next: Pick<OverlayRow, 'events' | 'failing'>;
    if (cur?.commandIds.includes(out.id)) {
      // Applied on the server and pulled, but the answer to the push has not arrived yet.
      next = { events: [], failing: null };
    } else if (blocked && out.status !== 'acked') {
      next = { events: [], failing: { code: BLOCKED, params: {} } };
    } else {
      // Judged like the server judges it: against the case as it is now, whatever version the
      // issuer saw; only a command that no longer fits turns into a conflict.
      const command = cur ? { ...out.command, baseVersion: cur.version } : out.command;
      const decision = decideWith({ order: rows.order, views: rows.views.map((v) => (v.id === caseId && cur ? { ...v, data: cur } : v)) }, cur, command, now, policy);
      if (decision.ok) {
        next = { events: decision.events, failing: null };
        cur = evolveAll(cur, decision.events);
      } else {
        next = { events: [], failing: decision.rejection };
        if (out.status !== 'acked') blocked = true;
      }
    }
    keep.push({ ...row, ...next });
  }
  return { drop, keep };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const bySeq = (a: { seq: number }, b: { seq: number }): number => a.seq - b.seq;
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Rebases the local commands of a case on its newest snapshot: each command not yet reflected
 * is decided again, in outbox order, on the merged case. An overlay row is dropped only when its
 * command was acknowledged and the snapshot reached the acknowledged version, or when the server
 * refused it. A command that no longer fits keeps its outbox row (the server will answer it) but
 * loses its effect, and the later commands of the case wait behind it.
 */
export async function rebaseCase(db: DeskDb, caseId: string, now: string, policy: Policy): Promise<CaseViewRow | undefined> {
  return (await rebaseCases(db, [caseId], now, policy))[0];
}

/**
 * `rebaseCase` for several cases at once, with the same outcome as rebasing them one after the
 * other in the given order: every table is read once for all of them, the decisions are made in
 * memory (a case sees the merged views its predecessors produced for the same order), and the
 * writes go out in bulk. Returns the merged view of each case (undefined: none), in order.
 */
export async function rebaseCases(db: DeskDb, caseIds: readonly string[], now: string, policy: Policy): Promise<(CaseViewRow | undefined)[]> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return caseIds.map(() => undefined);
  // Reads first (each awaited directly on Dexie), decisions in memory, then the writes.
  const snapshots = await db.cases.bulkGet(ids);
  const overlayOf = groupBy(await db.overlay.where('caseId').anyOf(ids).toArray(), (r) => r.caseId);
  const outboxOf = groupBy(await db.outbox.where('caseId').anyOf(ids).toArray(), (r) => r.caseId);
  const conflicts = await db.conflicts.where('caseId').anyOf(ids).toArray();
  const openConflicts = new Set(conflicts.filter((c) => c.open === 1).map((c) => c.commandId));

  const orderIdByCase = new Map<string, string | undefined>();
  ids.forEach((id, i) => {
    const firstCommand = outboxOf.get(id)?.sort(bySeq)[0]?.command;
    orderIdByCase.set(id, snapshots[i]?.data.orderId ?? (firstCommand && !isParcelCommand(firstCommand) ? orderIdOf(undefined, firstCommand) : undefined));
  });
  const orderIds = [...new Set([...orderIdByCase.values()].filter((o): o is string => o !== undefined))];
  const orders = new Map<string, OrderRow | undefined>();
  (await db.orders.bulkGet(orderIds)).forEach((order, i) => orders.set(orderIds[i] as string, order));
  // The merged views of those orders as they stand, kept current as the cases are rebased.
  const viewsOf = new Map<string, Map<string, CaseViewRow>>(orderIds.map((o) => [o, new Map()]));
  const orderOfView = new Map<string, string>();
  for (const view of orderIds.length > 0 ? await db.caseView.where('orderId').anyOf(orderIds).toArray() : []) {
    viewsOf.get(view.orderId)?.set(view.id, view);
    orderOfView.set(view.id, view.orderId);
  }
  const forget = (caseId: string): void => {
    const orderId = orderOfView.get(caseId);
    if (orderId !== undefined) viewsOf.get(orderId)?.delete(caseId);
    orderOfView.delete(caseId);
  };

  const drop: string[] = [];
  const keep: OverlayRow[] = [];
  const put = new Map<string, CaseViewRow>();
  const gone = new Set<string>();
  const result = new Map<string, CaseViewRow | undefined>();
  for (const [i, caseId] of ids.entries()) {
    const snapshot = snapshots[i];
    const orderId = orderIdByCase.get(caseId);
    const rows: ContextRows = orderId === undefined ? { order: undefined, views: [] } : { order: orders.get(orderId), views: [...(viewsOf.get(orderId)?.values() ?? [])].sort(byId) };
    const input: RebaseInput = { snapshot, overlay: (overlayOf.get(caseId) ?? []).sort(bySeq), outbox: outboxOf.get(caseId) ?? [], openConflicts };
    const plan = rebasePlan(caseId, input, rows, now, policy);
    drop.push(...plan.drop);
    keep.push(...plan.keep);
    const { merged } = mergeCase(snapshot?.data, plan.keep);
    forget(caseId);
    if (!merged) {
      put.delete(caseId);
      gone.add(caseId);
      result.set(caseId, undefined);
      continue;
    }
    let order = merged.orderId === orderId ? rows.order : orders.get(merged.orderId);
    if (merged.orderId !== orderId && !orders.has(merged.orderId)) {
      order = await db.orders.get(merged.orderId);
      orders.set(merged.orderId, order);
    }
    const view = viewRow(snapshot, merged, order, plan.keep.length, policy);
    gone.delete(caseId);
    put.set(caseId, view);
    result.set(caseId, view);
    let group = viewsOf.get(view.orderId);
    if (!group) viewsOf.set(view.orderId, (group = new Map()));
    group.set(caseId, view);
    orderOfView.set(caseId, view.orderId);
  }
  if (drop.length > 0) await db.overlay.bulkDelete(drop);
  if (keep.length > 0) await db.overlay.bulkPut(keep);
  if (gone.size > 0) await db.caseView.bulkDelete([...gone]);
  if (put.size > 0) await db.caseView.bulkPut([...put.values()]);
  return caseIds.map((id) => result.get(id));
}
