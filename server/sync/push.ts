import type { Db, Queryable } from '../db/db';
import { isRetryable, toInt } from '../db/db';
import { nextChangeSeqs } from './changes';
import type { EventEnvelope, OrderFollowUp, Rejection } from './engine-port';
import { StoredResultSchema, type PushCommand, type PushResult, type StoredResult } from '../../shared/sync';
import { applyGroups, type BatchOutcome, type PushGroup } from './push-batch';
import { MAX_ATTEMPTS, RuleFailure, assignCaseNos, envelopeOf, guard, lastAckedSeq, orderDiffers, snapshot, type CaseRow, type PushContext } from './push-common';

export { caseNumberDay, lastAckedSeq, type PushContext } from './push-common';

/**
 * Applies one command and returns its result: a batch of one (see `pushBatch`). The sweeper and
 * the storefront use it.
 */
export async function applyCommand(ctx: PushContext, command: PushCommand): Promise<PushResult> {
  const { results } = await pushBatch(ctx, [command]);
  const [result] = results;
  if (!result) throw new Error('a batch of one answered nothing');
  return result;
}

/**
 * Applies a push batch in order (a later command may build on an earlier one) and answers one
 * result per command. With rules that can read a batch's context at once (`loadBatch`), the batch
 * shares one transaction and every command is decided in memory on what the commands before it
 * left (see `./push-batch.ts`); otherwise, or when that path cannot finish, each command gets its
 * own transaction.
 */
export async function pushBatch(ctx: PushContext, commands: readonly PushCommand[]): Promise<{ results: PushResult[]; lastAckedSeq: number }> {
  if (ctx.rules.loadBatch) {
    const done = ctx.db.kind === 'pglite' ? await queueOf(ctx.db).submit({ ctx, commands }) : (await applyGroups([{ ctx, commands }]))?.[0];
    if (done) return { results: done.results, lastAckedSeq: done.lastAckedSeq ?? (await lastAckedSeq(ctx.db, ctx.deviceId)) };
  }
  const results: PushResult[] = [];
  for (const command of commands) results.push(await applyCommandAlone(ctx, command));
  return { results, lastAckedSeq: await lastAckedSeq(ctx.db, ctx.deviceId) };
}

/** Most commands one shared transaction takes. */
const MAX_GROUP_COMMANDS = 500;

/**
 * Embedded PGlite has one connection: transactions run one after another anyway. Push requests
 * that arrive while one is being applied wait here and are then applied together, in arrival
 * order, in one transaction (each command still decided on its own, in order), so the fixed cost
 * of a transaction is shared by every request waiting for it. A request is answered once its
 * transaction has committed.
 */
interface Waiting {
  group: PushGroup;
  resolve: (outcome: BatchOutcome | null) => void;
  reject: (error: unknown) => void;
}

class PushQueue {
  #waiting: Waiting[] = [];
  #running = false;

  submit(group: PushGroup): Promise<BatchOutcome | null> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ group, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting.length > 0) {
        await this.#settle(this.#waiting[0]?.group.ctx.db);
        const taken: Waiting[] = [];
        let size = 0;
        while (this.#waiting.length > 0) {
          const next = this.#waiting[0];
          if (!next || (taken.length > 0 && (size + next.group.commands.length > MAX_GROUP_COMMANDS || next.group.ctx.rules !== taken[0]?.group.ctx.rules))) break;
          taken.push(next);
          size += next.group.commands.length;
          this.#waiting.shift();
        }
        await this.#apply(taken);
      }
    } finally {
      this.#running = false;
    }
  }

  /**
   * Requests that arrived during the last transaction queued their sign-in check on the
   * connection behind it: once those statements have run and the requests have reached the queue
   * (a turn of the event loop), they join the next transaction instead of each waiting for one of
   * their own.
   */
  async #settle(db: Db | undefined): Promise<void> {
    await db?.idle?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async #apply(taken: readonly Waiting[]): Promise<void> {
    if (taken.length > 1) {
      try {
        const outcomes = await applyGroups(taken.map((t) => t.group));
        if (outcomes) {
          taken.forEach((t, i) => t.resolve(outcomes[i] ?? null));
          return;
        }
      } catch {
        // Some request of the group fails on its own: apply each request by itself below.
      }
    }
    for (const t of taken) {
      try {
        t.resolve(await applyGroups([t.group]).then((outcomes) => outcomes?.[0] ?? null));
      } catch (error) {
        t.reject(error);
      }
    }
  }
}

const queues = new WeakMap<Db, PushQueue>();

function queueOf(db: Db): PushQueue {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new PushQueue()));
  return queue;
}

/**
 * Applies one command in its own transaction and returns its result. The `commands` row is
 * inserted first (`ON CONFLICT DO NOTHING`): a second copy of the same command — even pushed at the
 * same moment over another connection — waits for the first transaction and then finds the stored
 * answer, so a command takes effect at most once.
 */
async function applyCommandAlone(ctx: PushContext, command: PushCommand): Promise<PushResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.transaction((tx) => applyInTransaction(ctx, tx, command));
    } catch (error) {
      if (error instanceof RuleFailure) {
        ctx.log.error({ err: error.cause, commandId: command.id, type: command.type }, 'rules failed on a command');
        // Not stored: the same command is evaluated again when the client retries.
        return { id: command.id, status: 'rejected', code: 'server.rule_error', params: {} };
      }
      // Two first commands creating the same case, or a serialisation/deadlock abort: try again.
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}

async function applyInTransaction(ctx: PushContext, tx: Queryable, command: PushCommand): Promise<PushResult> {
  const now = ctx.clock().toISOString();
  const claimed = await tx.query(
    `INSERT INTO commands (command_id, device_id, device_seq, case_id, type, actor_id, status, result, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', NULL, $7)
     ON CONFLICT (command_id) DO NOTHING
     RETURNING command_id`,
    [command.id, ctx.deviceId, command.deviceSeq, command.caseId, command.type, ctx.actor.id, now],
  );
  if (claimed.length === 0) {
    const [stored] = await tx.query<{ result: unknown }>('SELECT result FROM commands WHERE command_id = $1', [command.id]);
    await ackDevice(tx, ctx, command.deviceSeq);
    return { id: command.id, status: 'duplicate', original: StoredResultSchema.parse(stored?.result) };
  }

  const finish = async (result: StoredResult): Promise<PushResult> => {
    await tx.query('UPDATE commands SET status = $2, result = $3::jsonb WHERE command_id = $1', [command.id, result.status, JSON.stringify(result)]);
    await ackDevice(tx, ctx, command.deviceSeq);
    return result;
  };
  const rejected = (rejection: Rejection): Promise<PushResult> =>
    finish({ id: command.id, status: 'rejected', code: rejection.code, params: { ...rejection.params } });

  const roles = ctx.rules.allowedRoles(command.type);
  if (roles === null) return rejected({ code: 'command.unknown_type', params: { type: command.type } });
  if (!roles.includes(ctx.actor.role)) return rejected({ code: 'auth.forbidden_command', params: { type: command.type, role: ctx.actor.role } });

  const validation = guard(() => ctx.rules.validate(envelopeOf(ctx, command)));
  if (!validation.ok) return rejected(validation.rejection);
  const valid = validation.command;

  const [row] = await tx.query<CaseRow>('SELECT id, case_no, version, state, deleted, data FROM cases WHERE id = $1 FOR UPDATE', [command.caseId]);
  if (row?.deleted) return rejected({ code: 'case.deleted', params: { caseId: command.caseId } });
  const currentVersion = row ? toInt(row.version) : 0;
  let state: unknown = row ? row.data : null;

  let extra: unknown;
  try {
    extra = await ctx.rules.loadContext(tx, valid, state);
  } catch (error) {
    throw new RuleFailure('loadContext failed', { cause: error });
  }
  const decision = guard(() => ctx.rules.decide(state, valid, { now, extra }));
  if (!decision.ok) {
    // The command was issued against an older case and no longer fits: a human decides.
    if (row && command.baseVersion !== currentVersion) {
      return finish({ id: command.id, status: 'conflict', code: 'sync.conflict', rejection: { code: decision.rejection.code, params: { ...decision.rejection.params } }, case: snapshot(row) });
    }
    return rejected(decision.rejection);
  }
  if (decision.events.length === 0) return finish({ id: command.id, status: 'applied', version: currentVersion, events: 0 });

  const envelopes: EventEnvelope[] = [];
  let version = currentVersion;
  for (const proposed of decision.events) {
    version += 1;
    const event: EventEnvelope = {
      type: proposed.type,
      caseId: command.caseId,
      version,
      occurredAt: command.occurredAt,
      actor: ctx.actor,
      commandId: command.id,
      data: proposed.data,
    };
    state = guard(() => ctx.rules.evolve(state, event));
    envelopes.push(event);
  }
  const folded = state;
  const index = guard(() => ctx.rules.index(folded));
  const followUp = ctx.rules.effects ? guard(() => ctx.rules.effects?.(folded, extra) ?? null) : null;
  const nextDueAt = index.nextAction ? (index.nextDueAt ?? null) : null;
  const nextAction = nextDueAt !== null ? (index.nextAction ?? null) : null;

  // The order takes a change number too when its state or settlement moves (one statement for both).
  const orderChanged = followUp !== null && (followUp.previous === undefined || orderDiffers(followUp.previous, followUp));
  const [seq = 0, orderSeq] = await nextChangeSeqs(tx, orderChanged ? 2 : 1);
  if (row) {
    await tx.query(
      `UPDATE cases SET version = $2, state = $3, type = $4, order_id = $5, line_id = $6, return_tracking_no = $7,
         data = $8::jsonb, change_seq = $9, updated_at = $10, next_due_at = $11, next_action = $12 WHERE id = $1`,
      [command.caseId, version, index.state, index.type, index.orderId, index.lineId, index.returnTrackingNo, JSON.stringify(folded), seq, now, nextDueAt, nextAction],
    );
  } else {
    const [assigned] = index.caseNo ? [index.caseNo] : await assignCaseNos(tx, command.occurredAt);
    const caseNo = assigned ?? '';
    await tx.query(
      `INSERT INTO cases (id, case_no, order_id, line_id, type, state, version, data, return_tracking_no, created_at, updated_at, change_seq, next_due_at, next_action)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $10, $11, $12, $13)`,
      [command.caseId, caseNo, index.orderId, index.lineId, index.type, index.state, version, JSON.stringify(folded), index.returnTrackingNo, now, seq, nextDueAt, nextAction],
    );
  }
  if (followUp) await applyOrderFollowUp(tx, followUp, orderSeq, now);
  // All events of the command in one statement.
  const params: unknown[] = [];
  const tuples = envelopes.map((event) => {
    const base = params.length;
    params.push(event.caseId, event.version, event.type, JSON.stringify(event.data ?? null), event.actor.id, event.actor.role, event.commandId, event.occurredAt, now);
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8}, $${base + 9})`;
  });
  await tx.query(`INSERT INTO case_events (case_id, version, type, data, actor_id, role, command_id, occurred_at, recorded_at) VALUES ${tuples.join(', ')}`, params);
  return finish({ id: command.id, status: 'applied', version, events: envelopes.length });
}

/**
 * Writes the order-level effects of a command in its transaction: the order's state and
 * settlement (with the change number `seq` taken for it, so clients pull it) and restored stock
 * (once per case, SKU and location). The order row is already locked by the rules' context.
 */
async function applyOrderFollowUp(tx: Queryable, followUp: OrderFollowUp, seq: number | undefined, now: string): Promise<void> {
  let orderSeq = seq;
  if (followUp.previous === undefined) {
    // Rules that did not say how the order looked: read it (locked) and compare.
    const [order] = await tx.query<{ state: string; settlement: unknown }>(
      "SELECT state, data->'settlement' AS settlement FROM orders WHERE id = $1 FOR UPDATE",
      [followUp.orderId],
    );
    if (!order || !orderDiffers(order, followUp)) orderSeq = undefined;
  }
  if (orderSeq !== undefined) {
    await tx.query(
      `UPDATE orders SET state = $2, data = data || jsonb_build_object('settlement', $3::jsonb), change_seq = $4, updated_at = $5 WHERE id = $1`,
      [followUp.orderId, followUp.state, JSON.stringify(followUp.settlement), orderSeq, now],
    );
  }
  for (const restock of followUp.restocks) {
    const moved = await tx.query(
      `INSERT INTO stock_movements (case_id, sku, location, quantity, recorded_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, sku, location) DO NOTHING RETURNING sku`,
      [restock.caseId, restock.sku, restock.location, restock.quantity, now],
    );
    if (moved.length === 0) continue;
    await tx.query(
      `INSERT INTO product_stock (sku, on_hand, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (sku) DO UPDATE SET on_hand = product_stock.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at`,
      [restock.sku, restock.quantity, now],
    );
  }
}

/** Last statement of every command transaction (keeps lock order: case row → change lock → device). */
async function ackDevice(tx: Queryable, ctx: PushContext, deviceSeq: number): Promise<void> {
  await tx.query(
    `INSERT INTO devices (id, staff_id, last_acked_seq, last_seen_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET last_acked_seq = GREATEST(devices.last_acked_seq, EXCLUDED.last_acked_seq),
       last_seen_at = EXCLUDED.last_seen_at`,
    [ctx.deviceId, ctx.actor.id, deviceSeq, ctx.clock().toISOString()],
  );
}
