/** A local store holding one case in each customer-service situation, as a pull would have left it. */
import { DEFAULT_POLICY, type AfterSalesCase, type Command, type DecideContext } from '../../../../shared/domain';
import { decisionInputsFromWireOrder } from '../../../../shared/sync/order-context';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { orderRowFromChange } from '../../../../renderer/src/sync/engine';
import { inspection } from '../../../shared/domain/inspection';
import { BUYER, CS, NOW, RETURN_ADDRESS, WAREHOUSE, command, foldCommands, putSnapshot, serverCaseAfter, wireOrder } from '../../sync/fixtures';

export const GZ_ADDRESS = { warehouseId: 'WH-GZ', name: '广州退货仓', phone: '020-88880000', address: '广州市白云区' };

const approve = (id: string, address = RETURN_ADDRESS) => command('cs.approve', id, 1, { returnAddress: address }, CS);
const shipBack = (id: string, carrier: string, trackingNumber: string) => command('buyer.ship_back', id, 2, { carrier, trackingNumber }, BUYER);

/** Moves a folded case's clock: opened and entered its state at `at` (its deadline follows). */
function at(c: AfterSalesCase, iso: string): AfterSalesCase {
  return { ...c, openedAt: iso, stateEnteredAt: iso, updatedAt: iso };
}

export interface Seeded {
  /** Case id → case number. */
  caseNo: Record<string, string>;
}

/**
 * The clock of these cases is the fixtures' NOW (2026-03-01T10:00Z). Due (review 7 days, dispute 3,
 * refund 2): REFUND 02-23, PR-OLD 02-27 09:00, ESC 03-01 09:00 (all three overdue), DISP 03-02,
 * PR-NEW 03-07.
 */
export async function seedQueues(db: DeskDb): Promise<Seeded> {
  const damaged = inspection({ condition: 'damaged', checklist: { packaging: false }, weightGrams: 900, notes: '外箱破损', disposition: { kind: 'scrap' } });
  const cases: Array<[AfterSalesCase, string, string]> = [
    [at(serverCaseAfter('PR-OLD', 'O-1'), '2026-02-20T09:00:00.000Z'), 'RMA260220000001', '13900001111'],
    [at(serverCaseAfter('PR-NEW', 'O-2'), '2026-02-28T09:00:00.000Z'), 'RMA260228000002', '13900002222'],
    [at(serverCaseAfter('REJ', 'O-3', [command('cs.reject', 'REJ', 1, { reason: '照片不清晰' }, CS)]), '2026-02-27T09:00:00.000Z'), 'RMA260227000003', '13900003333'],
    [at(serverCaseAfter('SHIP', 'O-4', [approve('SHIP', GZ_ADDRESS)]), '2026-02-26T09:00:00.000Z'), 'RMA260226000004', '13900004444'],
    [at(serverCaseAfter('RECV', 'O-5', [approve('RECV'), shipBack('RECV', 'SF', 'SF1234567890')]), '2026-02-25T09:00:00.000Z'), 'RMA260225000005', '13900005555'],
    [
      at(serverCaseAfter('DISP', 'O-6', [approve('DISP'), shipBack('DISP', 'YTO', 'YT9876543210123'), command('warehouse.raise_dispute', 'DISP', 3, { category: 'empty_parcel', notes: '空包', photos: [] }, WAREHOUSE)]), '2026-02-27T12:00:00.000Z'),
      'RMA260224000006',
      '13900006666',
    ],
    [at(serverCaseAfter('ESC', 'O-7', [command('cs.escalate', 'ESC', 1, { reason: '买家投诉' }, CS)]), '2026-02-22T09:00:00.000Z'), 'RMA260223000007', '13900007777'],
    [
      at(serverCaseAfter('REFUND', 'O-8', [approve('REFUND'), shipBack('REFUND', 'SF', 'SF5555555555'), command('warehouse.receive', 'REFUND', 3, { inspection: damaged }, WAREHOUSE)]), '2026-02-21T09:00:00.000Z'),
      'RMA260222000008',
      '13900008888',
    ],
    [at(serverCaseAfter('GONE', 'O-9', [command('buyer.withdraw', 'GONE', 1, {}, BUYER)]), '2026-02-21T09:00:00.000Z'), 'RMA260221000009', '13900009999'],
  ];
  const caseNo: Record<string, string> = {};
  for (const [c, no, phone] of cases) {
    await db.orders.put(orderRowFromChange({ seq: 1, kind: 'order', id: c.orderId, deleted: false, version: null, caseNo: null, data: { ...wireOrder(c.orderId, phone), orderNo: `NO-${c.orderId}` } }));
    await putSnapshot(db, c, no);
    caseNo[c.id] = no;
  }
  return { caseNo };
}

/** An order on the wire in another state than the fixtures' completed one. */
export function wireOrderIn(id: string, state: 'awaiting_shipment' | 'shipped' | 'completed'): Record<string, unknown> {
  const base = wireOrder(id);
  if (state === 'completed') return base;
  const shipped = state === 'shipped';
  return { ...base, state, shippedAt: shipped ? base.shippedAt : null, signedAt: null, confirmedAt: null, completedAt: null };
}

/** The rule book's context for an order on the wire (no other cases), at the fixtures' NOW. */
export function contextOf(wire: Record<string, unknown>): DecideContext {
  const inputs = decisionInputsFromWireOrder(wire);
  if (!inputs) throw new Error('fixture order does not parse');
  return { order: inputs.order, products: inputs.products, policy: DEFAULT_POLICY, now: NOW, otherCases: [] };
}

/** A case opened on `wire` with `apply` and taken through `steps` by the rule book. */
export function caseOn(wire: Record<string, unknown>, caseId: string, apply: { caseType: string; reason: string }, steps: readonly Command[] = []): AfterSalesCase {
  const ctx = contextOf(wire);
  const first = command('buyer.apply', caseId, 0, { orderId: ctx.order.id, lineId: `${ctx.order.id}-L1`, caseType: apply.caseType, quantity: 1, reason: apply.reason, description: '', evidence: [] }, BUYER);
  return foldCommands([first, ...steps], ctx);
}
