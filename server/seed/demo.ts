/**
 * Writes the demo data into the central database: products, orders, and every case driven to its
 * state by the same push pipeline a workstation uses (`applyCommand`), so the stored events, case
 * rows and change numbers are exactly what real traffic would leave. Idempotent: command ids are
 * derived from the case and step, so seeding twice changes nothing.
 */
import type { Db } from '../db/db';
import { upsertProduct } from '../sync/catalog';
import { upsertOrder } from '../sync/changes';
import { applyCommand } from '../sync/push';
import type { ServerRules } from '../sync/engine-port';
import { generateDemoData, type DemoData, type DemoOptions } from './demo-data';
import { demoCommandId } from './replay';
import { seedDemoStaff } from './staff';

export interface SeedReport {
  staffCreated: string[];
  products: number;
  orders: number;
  cases: number;
  commands: { applied: number; duplicate: number; refused: number };
}

interface QuietLog {
  error(obj: unknown, msg?: string): void;
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: unknown }>('SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM cases) AS n');
  return Number(row?.n ?? 0) === 0;
}

export async function seedDemo(
  db: Db,
  rules: ServerRules,
  options: Omit<DemoOptions, 'now'> & { now?: Date; log?: QuietLog } = {},
): Promise<SeedReport> {
  const staffCreated = await seedDemoStaff(db);
  const now = options.now ?? new Date();
  const data: DemoData = generateDemoData({ ...options, now });
  const productBySku = new Map(data.products.map((p) => [p.sku, p]));
  const productsForOrder = (skus: readonly string[]) => {
    const spus = new Set(skus.map((sku) => productBySku.get(sku)?.spu));
    return Object.fromEntries(data.products.filter((p) => spus.has(p.spu)).map((p) => [p.sku, p]));
  };

  await db.transaction(async (tx) => {
    for (const p of data.products) await upsertProduct(tx, p);
  });
  // Orders in chunks: one transaction each keeps memory flat for large --scale runs.
  for (let i = 0; i < data.orders.length; i += 500) {
    await db.transaction(async (tx) => {
      for (const o of data.orders.slice(i, i + 500)) {
        const { order } = o;
        await upsertOrder(tx, {
          id: order.id,
          orderNo: o.orderNo,
          state: order.state,
          buyerId: order.buyerId,
          buyerName: o.buyerName,
          buyerPhone: o.buyerPhone,
          address: o.address,
          shippingFee: order.shippingFee,
          paidAt: order.paidAt,
          shippedAt: order.shippedAt,
          signedAt: order.signedAt,
          confirmedAt: order.confirmedAt,
          lines: order.lines,
          data: {
            invoiceIssued: order.invoiceIssued,
            platformSubsidy: order.platformSubsidy,
            serviceFee: order.serviceFee,
            // The order's products and their SPU siblings, so an exchange target is known offline too.
            products: productsForOrder(order.lines.map((l) => l.sku)),
          },
        });
      }
    });
  }

  const log: QuietLog & { [k: string]: unknown } = (options.log ?? { error: () => undefined }) as QuietLog & { [k: string]: unknown };
  const commands = { applied: 0, duplicate: 0, refused: 0 };
  let deviceSeq = 0;
  for (const demo of data.cases) {
    const startMs = Date.parse(demo.startAt);
    let version = 0;
    for (const [index, step] of demo.steps.entries()) {
      deviceSeq += 1;
      const result = await applyCommand(
        {
          db,
          rules,
          actor: step.actor,
          deviceId: 'demo-seed',
          clock: () => new Date(),
          log: log as never,
        },
        {
          id: demoCommandId(demo.caseId, index),
          deviceSeq,
          type: step.type,
          caseId: demo.caseId,
          baseVersion: version,
          occurredAt: new Date(startMs + step.atMinute * 60_000).toISOString(),
          payload: step.payload,
        },
      );
      if (result.status === 'applied') {
        commands.applied += 1;
        version = result.version;
      } else if (result.status === 'duplicate') {
        commands.duplicate += 1;
        if (result.original.status === 'applied') version = result.original.version;
      }
      else {
        commands.refused += 1;
        log.error({ caseId: demo.caseId, step: step.type, result }, 'demo command refused');
      }
    }
  }
  return { staffCreated, products: data.products.length, orders: data.orders.length, cases: data.cases.length, commands };
}
