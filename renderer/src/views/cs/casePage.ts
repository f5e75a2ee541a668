/**
 * What the case page reads (售后单详情), in one liveQuery: the merged case, its server snapshot,
 * the order, the other cases of the order, this workstation's commands on the case (pending,
 * acknowledged or refused), open conflicts and the policy. Every read is a key or index lookup,
 * so the page opens in the same time with ten cases or a hundred thousand.
 */
import Dexie from 'dexie';
import type { DecideContext, Policy, ReturnAddress } from '../../../../shared/domain';
import { distinctKeys } from '../../db/distinct';
import type { DeskDb } from '../../db/schema';
import type { CaseSnapshotRow, CaseViewRow, ConflictRow, OrderRow, OutboxRow } from '../../db/types';
import { contextFrom, readPolicy } from '../../sync/local';

export interface CasePageData {
  view: CaseViewRow;
  snapshot: CaseSnapshotRow | undefined;
  order: OrderRow | undefined;
  /** The other cases of the same order. */
  related: CaseViewRow[];
  /** This workstation's commands on the case, in outbox order. */
  outbox: OutboxRow[];
  openConflicts: ConflictRow[];
  policy: Policy;
}

export async function loadCasePage(db: DeskDb, caseId: string): Promise<CasePageData | null> {
  const [view, snapshot, outbox, conflicts, policy] = await Promise.all([
    db.caseView.get(caseId),
    db.cases.get(caseId),
    db.outbox.where('[caseId+seq]').between([caseId, Dexie.minKey], [caseId, Dexie.maxKey]).toArray(),
    db.conflicts.where('caseId').equals(caseId).toArray(),
    readPolicy(db),
  ]);
  if (!view) return null;
  const [order, sameOrder] = await Promise.all([db.orders.get(view.orderId), db.caseView.where('orderId').equals(view.orderId).toArray()]);
  return {
    view,
    snapshot,
    order,
    related: sameOrder.filter((v) => v.id !== caseId).sort((a, b) => (a.data.openedAt < b.data.openedAt ? -1 : 1)),
    outbox,
    openConflicts: conflicts.filter((c) => c.open === 1),
    policy,
  };
}

/** The decision context of the page's case (null until its order reached this workstation). */
export function pageContext(data: CasePageData, now: string): DecideContext | null {
  return contextFrom({ order: data.order, views: [data.view, ...data.related] }, now, data.policy);
}

/** The decision context of a queue row (its order; the other cases of the order are not read for a row). */
export function rowContext(row: { view: CaseViewRow; order: OrderRow | undefined }, policy: Policy, now: string): DecideContext | null {
  return contextFrom({ order: row.order, views: [row.view] }, now, policy);
}

/**
 * Return addresses CS can choose from (退货地址): the policy's default, then one per warehouse
 * that cases were already sent back to, found through the return-warehouse index (one row read
 * per warehouse).
 */
export async function knownReturnAddresses(db: DeskDb): Promise<ReturnAddress[]> {
  const policy = await readPolicy(db);
  const warehouses = (await distinctKeys(db.caseView, 'data.returnAddress.warehouseId')).map(String);
  const rows = await Promise.all(warehouses.map((w) => db.caseView.where('data.returnAddress.warehouseId').equals(w).first()));
  const out: ReturnAddress[] = [];
  const seen = new Set<string>();
  for (const address of [policy.defaultReturnAddress, ...rows.map((r) => r?.data.returnAddress ?? null)]) {
    if (!address || seen.has(address.warehouseId)) continue;
    seen.add(address.warehouseId);
    out.push(address);
  }
  return out;
}
