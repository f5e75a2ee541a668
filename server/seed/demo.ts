/**
 * Writes the demo data into the central database: products, orders, and every case driven to its
 * state by the same push pipeline a workstation uses (`applyCommand`), so the stored events, case
 * rows and change numbers are exactly what real traffic would leave. Idempotent: command ids are
 * derived from the case and step, so seeding twice changes nothing.
 */
import type { Db } from '../db/db';
import { upsertProduct } from '../sync/catalog';
import { upsertOrder } from '../sync/changes';
import { demoOrderRecord } from './orders';
import { applyCommand } from '../sync/push';
import type { ServerRules } from '../sync/rules';
import { generateDemoData, type DemoData, type DemoOptions } from './demo-data';
import { demoCommandId } from './replay';
import { seedDemoStaff } from './staff';
import { seedDemoCasesBulk } from './bulk';
import type { Policy } from '../../shared/domain';

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
  // EXISTS stops at the first row; counting read every row (most of a second at 100,000 cases).
  const [row] = await db.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM cases) AS empty');
  return row?.empty === true;
}

export async function seedDemo(
  db: Db,
  rules: ServerRules,
  options: Omit<DemoOptions, 'now'> & {
    now?: Date;
    log?: QuietLog;
    /**
     * Replay every case in memory through the same rules and write the rows in multi-row
     * INSERTs (`./bulk.ts`): the rows `applyCommand` would write, fast enough for 100,000 cases.
     */
    bulk?: boolean;
    /** Policy of the bulk path (the rules given are used otherwise). */
    policy?: Policy | undefined;
  } = {},
): Promise<SeedReport> {
  const staffCreated = await seedDemoStaff(db);
  const now = options.now ?? new Date();
  const data: DemoData = generateDemoData({ ...options, now });

  await db.transaction(async (tx) => {
    for (const p of data.products) await upsertProduct(tx, p);
  });
  if (options.bulk) {
    const bulk = await seedDemoCasesBulk(db, data, { policy: options.policy, clock: () => new Date() });
    return { staffCreated, products: data.products.length, orders: data.orders.length, cases: data.cases.length, commands: bulk.commands };
  }
  // Orders in chunks: one transaction each keeps memory flat for large --scale runs. An order
  // already there is left alone (its cases may have changed its state and settlement).
  for (let i = 0; i < data.orders.length; i += 500) {
    await db.transaction(async (tx) => {
      const chunk = data.orders.slice(i, i + 500);
      const existing = await tx.query<{ id: string }>('SELECT id FROM orders WHERE id = ANY($1::text[])', [chunk.map((o) => o.order.id)]);
      const known = new Set(existing.map((r) => r.id));
      for (const o of chunk) if (!known.has(o.order.id)) await upsertOrder(tx, demoOrderRecord(o, data.products));
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
          // A replay of recorded history: one device for every actor, each step at its own time.
          origin: 'server',
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
