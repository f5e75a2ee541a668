/** Orders and commands for the production rules (shared/domain), applied straight through `applyCommand`. */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { parsePolicy, type Policy } from '../../../shared/domain';
import type { Db } from '../../../server/db/db';
import { inspection as buildInspection } from '../../shared/domain/inspection';
import { kettleOrder, writeOrders } from './orders';
import { applyCommand } from '../../../server/sync/push';
import { productionRules } from '../../../server/sync/rules';
import type { CommandActor } from '../../../server/sync/rules';
import type { PushResult } from '../../../shared/sync';

export const RETURN_ADDRESS = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-55550000', address: '上海市嘉定区退货路 1 号' };
export const POLICY: Policy = parsePolicy({ defaultReturnAddress: RETURN_ADDRESS });
export const rules = productionRules(POLICY);

export const ACTORS = {
  buyer: { id: 'staff-buyer1', role: 'buyer' },
  cs: { id: 'staff-cs1', role: 'cs' },
  wh: { id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' },
  fin: { id: 'staff-fin1', role: 'finance' },
} as const satisfies Record<string, CommandActor>;

/** The kettle came back opened but fit to sell again (the inspection most suites receive). */
export const inspection = (sku?: string, quantity?: number) => buildInspection({ sku, quantity, condition: 'opened_resalable', weightGrams: 700 });

export const silentLog = { error: () => undefined, warn: () => undefined, info: () => undefined } as unknown as FastifyBaseLogger;

/** A received order (confirmed `confirmedAt`) of one line of `quantity` kettles, paid in full. */
export async function createDomainOrder(db: Db, confirmedAt: Date, quantity = 2, id = `order-${randomUUID().slice(0, 8)}`): Promise<string> {
  await writeOrders(db, [kettleOrder(id, confirmedAt, { line: { quantity, discount: 0, coins: 0, paid: 5000 * quantity } })]);
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
