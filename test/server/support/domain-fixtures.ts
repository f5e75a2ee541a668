/** Orders and commands for the production rules (shared/domain), applied straight through `applyCommand`. */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { parsePolicy, type Policy } from '../../../shared/domain';
import type { Db } from '../../../server/db/db';
import { upsertProduct } from '../../../server/sync/catalog';
import { upsertOrder } from '../../../server/sync/changes';
import { applyCommand } from '../../../server/sync/push';
import { productionRules } from '../../../server/sync/rules';
import type { CommandActor } from '../../../server/sync/rules';
import type { PushResult } from '../../../shared/sync';

export const KETTLE = { sku: 'SKU-KETTLE', spu: 'SPU-KETTLE', unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 700, warrantyDays: 365, active: true };
export const KETTLE_RED = { ...KETTLE, sku: 'SKU-KETTLE-RED' };
export const RETURN_ADDRESS = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-55550000', address: '上海市嘉定区退货路 1 号' };
export const POLICY: Policy = parsePolicy({ defaultReturnAddress: RETURN_ADDRESS });
export const rules = productionRules(POLICY);

export const ACTORS = {
  buyer: { id: 'staff-buyer1', role: 'buyer' },
  cs: { id: 'staff-cs1', role: 'cs' },
  wh: { id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' },
  fin: { id: 'staff-fin1', role: 'finance' },
} as const satisfies Record<string, CommandActor>;

export const inspection = (sku = 'SKU-KETTLE', quantity = 1) => ({
  received: [{ sku, quantity }],
  condition: 'opened_resalable',
  checklist: { packaging: true, seals: null, accessories: true, serialNumber: null },
  weightGrams: 700,
  photos: [],
  notes: '',
  disposition: { kind: 'restock', location: 'A-01' },
});

export const silentLog = { error: () => undefined, warn: () => undefined, info: () => undefined } as unknown as FastifyBaseLogger;

/** A received order (confirmed `confirmedAt`) of one line of `quantity` kettles. */
export async function createDomainOrder(db: Db, confirmedAt: Date, quantity = 2, id = `order-${randomUUID().slice(0, 8)}`): Promise<string> {
  const day = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = confirmedAt.getTime();
  await db.transaction(async (tx) => {
    await upsertProduct(tx, { ...KETTLE, name: '电水壶', gtin: '6901234567892' });
    await upsertOrder(tx, {
      id,
      orderNo: `NO-${id}`,
      state: 'completed',
      buyerId: 'staff-buyer1',
      shippingFee: 1000,
      paidAt: iso(t - 4 * day),
      shippedAt: iso(t - 3 * day),
      signedAt: iso(t - day),
      confirmedAt: iso(t),
      lines: [{ id: `${id}-L1`, sku: 'SKU-KETTLE', quantity, unitPrice: 5000, discount: 0, coins: 0, paid: 5000 * quantity }],
      data: { products: { 'SKU-KETTLE': KETTLE, 'SKU-KETTLE-RED': KETTLE_RED } },
    });
  });
  return id;
}

let deviceSeq = 0;

/** Applies one command as `actor` at time `at` (server clock and occurredAt). */
export async function apply(db: Db, actor: CommandActor, caseId: string, type: string, baseVersion: number, payload: unknown, at: Date): Promise<PushResult> {
  deviceSeq += 1;
  return applyCommand(
    { db, rules, actor, deviceId: `dev-${actor.id}`, clock: () => at, log: silentLog },
    { id: randomUUID(), deviceSeq, type, caseId, baseVersion, occurredAt: at.toISOString(), payload },
  );
}

export async function applyOk(db: Db, actor: CommandActor, caseId: string, type: string, baseVersion: number, payload: unknown, at: Date): Promise<number> {
  const result = await apply(db, actor, caseId, type, baseVersion, payload, at);
  if (result.status !== 'applied') throw new Error(`${type} on ${caseId}: ${JSON.stringify(result)}`);
  return result.version;
}
