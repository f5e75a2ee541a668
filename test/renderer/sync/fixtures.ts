/** A desk's local store seeded with what a pull would have brought: one order, one case. */
import 'fake-indexeddb/auto';
import { DEFAULT_POLICY, decide, evolveAll, type Actor, type AfterSalesCase, type Command, type DecideContext } from '../../../shared/domain';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import type { SyncApi } from '../../../renderer/src/sync/api';
import { orderRowFromChange } from '../../../renderer/src/sync/engine';
import { recomputeView } from '../../../renderer/src/sync/local';

export const NOW = '2026-03-01T10:00:00.000Z';
export const clock = (): Date => new Date(NOW);
export const SKU = 'SKU-KETTLE';
export const PRODUCT = { sku: SKU, spu: 'SPU-KETTLE', unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 1200, warrantyDays: 365, active: true };
export const RETURN_ADDRESS = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-59990000', address: '上海市嘉定区' };
export const CS: Actor = { id: 'staff-cs1', role: 'cs' };
export const WAREHOUSE: Actor = { id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' };
export const BUYER: Actor = { id: 'buyer-1', role: 'buyer' };

let n = 0;
export function uniqueName(prefix = 'desk-test'): string {
  n += 1;
  return `${prefix}-${n}-${Math.random().toString(36).slice(2)}`;
}

export function wireOrder(id = 'O1', phone = '13800138000'): Record<string, unknown> {
  return {
    id,
    orderNo: `NO-${id}`,
    state: 'completed',
    buyerId: BUYER.id,
    buyerName: '张三',
    buyerPhone: phone,
    shippingFee: 1000,
    paidAt: '2026-02-18T10:00:00+00:00',
    shippedAt: '2026-02-19T10:00:00+00:00',
    signedAt: '2026-02-21T10:00:00+00:00',
    confirmedAt: '2026-02-22T10:00:00+00:00',
    completedAt: '2026-02-22T10:00:00+00:00',
    lines: [{ id: `${id}-L1`, sku: SKU, quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }],
    products: { [SKU]: PRODUCT },
  };
}

export function command(type: Command['type'], caseId: string, baseVersion: number, payload: unknown, actor: Actor, id: string = globalThis.crypto.randomUUID()): Command {
  return { id, type, caseId, baseVersion, occurredAt: NOW, actor, payload } as Command;
}

/** The case as the server would fold it after the buyer applied (and the given CS steps). */
export function serverCaseAfter(caseId: string, orderId: string, steps: readonly Command[] = []): AfterSalesCase {
  const order = wireOrder(orderId);
  const ctx = {
    order: {
      id: orderId,
      buyerId: BUYER.id,
      state: 'completed' as const,
      lines: [{ id: `${orderId}-L1`, sku: SKU, quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }],
      shippingFee: 1000,
      invoiceIssued: false,
      paidAt: String(order.paidAt),
      shippedAt: String(order.shippedAt),
      signedAt: String(order.signedAt),
      confirmedAt: String(order.confirmedAt),
      platformSubsidy: 0,
      serviceFee: 0,
    },
    products: { [SKU]: PRODUCT },
    policy: DEFAULT_POLICY,
    now: NOW,
    otherCases: [],
  };
  const apply = command('buyer.apply', caseId, 0, { orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue', description: '', evidence: [] }, BUYER);
  return foldCommands([apply, ...steps], ctx);
}

/** The case `commands` make from nothing, each decided at the version the one before reached; a refused one fails the fixture. */
export function foldCommands(commands: readonly Command[], ctx: DecideContext): AfterSalesCase {
  let c: AfterSalesCase | undefined;
  for (const cmd of commands) {
    const d = decide(c, { ...cmd, baseVersion: c?.version ?? 0 } as Command, ctx);
    if (!d.ok) throw new Error(`fixture step ${cmd.type} refused: ${d.rejection.code}`);
    c = evolveAll(c, d.events);
  }
  if (!c) throw new Error('no case');
  return c;
}

/** Writes a pulled snapshot (and its order) into the store and refreshes the merged view. */
export async function putSnapshot(db: DeskDb, c: AfterSalesCase, caseNo = `AS-${c.id}`, changeSeq = c.version): Promise<void> {
  await db.transaction('rw', [db.cases, db.orders, db.caseView, db.overlay, db.outbox, db.conflicts, db.meta], async () => {
    if (!(await db.orders.get(c.orderId))) {
      await db.orders.put(orderRowFromChange({ seq: 1, kind: 'order', id: c.orderId, deleted: false, version: null, caseNo: null, data: wireOrder(c.orderId) }));
    }
    await db.cases.put({ id: c.id, caseNo, version: c.version, state: c.state, changeSeq, data: c });
    await recomputeView(db, c.id, DEFAULT_POLICY);
  });
}

export async function seededDb(caseId = 'C1', orderId = 'O1'): Promise<{ db: DeskDb; snapshot: AfterSalesCase }> {
  const db = await openDeskDb(uniqueName());
  const snapshot = serverCaseAfter(caseId, orderId);
  await putSnapshot(db, snapshot);
  return { db, snapshot };
}

/**
 * A central API for engine tests: an empty feed, pushes answered as applied, no sign-in; a test
 * replaces what it exercises (`push`, `pull`, …).
 */
export function fakeSyncApi(overrides: Partial<SyncApi> = {}): SyncApi {
  return {
    baseUrl: 'http://central.test',
    health: async () => ({ time: '', version: '' }),
    login: async () => {
      throw new Error('not used');
    },
    logout: async () => undefined,
    push: async (body) => ({ results: body.commands.map((c) => ({ id: c.id, status: 'applied' as const, version: 2, events: 1 })), lastAckedSeq: 0 }),
    pull: async (since) => ({ changes: [], nextCursor: since, hasMore: false, lastAckedSeq: 0 }),
    putAttachment: async () => ({ existing: false }),
    ...overrides,
  };
}
