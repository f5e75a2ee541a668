/**
 * Entry points of the command pipeline (`./push-batch.ts` for case commands, `./push-parcels.ts`
 * for parcel commands): a push request, or one command (a batch of one: the storefront, the
 * deadline sweeper, the demo seed).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db';
import { isRetryable, sqlState } from '../db/db';
import { PushCommandSchema, type PushCommand, type PushResult } from '../../shared/sync';
import { applyGroups, type BatchOutcome, type PushGroup } from './push-batch';
import { lastAckedSeq, type PushContext } from './push-common';
import { applyParcelGroup, isParcelPush } from './push-parcels';

export { caseNumberDay, lastAckedSeq, type PushContext } from './push-common';

/** Applies one command and returns its result: a batch of one (checked like any pushed command). */
export async function applyCommand(ctx: PushContext, command: PushCommand): Promise<PushResult> {
  const { results } = await pushBatch(ctx, [command]);
  const [result] = results;
  if (!result) throw new Error('a batch of one answered nothing');
  return result;
}

/**
 * Applies a push batch in order (a later command may build on an earlier one) and answers one
 * result per command, all in one transaction. If that transaction cannot finish because of what
 * one command carries, the commands are applied one transaction each, so that command is refused
 * alone and the others still take effect.
 */
export async function pushBatch(ctx: PushContext, commands: readonly unknown[]): Promise<{ results: PushResult[]; lastAckedSeq: number }> {
  const results: PushResult[] = [];
  let acked: number | null = null;
  // Parcel commands (`./push-parcels.ts`) and case commands are applied run by run, in the order
  // sent: a parcel matched to a case and the case's receipt behind it see each other in order.
  for (const run of runsOf(commands)) {
    const group = { ctx, commands: run.commands };
    const done = run.parcels ? await applyParcelGroup(group) : ctx.db.kind === 'pglite' ? await queueOf(ctx.db).submit(group) : await applyAlone(group);
    if (done.refused) throw done.refused;
    results.push(...done.results);
    if (done.lastAckedSeq !== null) acked = done.lastAckedSeq;
  }
  return { results, lastAckedSeq: acked ?? (await lastAckedSeq(ctx.db, ctx.deviceId)) };
}

/** The commands cut into runs of parcel commands and runs of case commands, in order. */
function runsOf(commands: readonly unknown[]): { parcels: boolean; commands: unknown[] }[] {
  const runs: { parcels: boolean; commands: unknown[] }[] = [];
  for (const command of commands) {
    const parcels = isParcelPush(command);
    const last = runs.at(-1);
    if (last && last.parcels === parcels) last.commands.push(command);
    else runs.push({ parcels, commands: [command] });
  }
  return runs;
}

/**
 * A database refusal caused by the values a command carries (data exception, constraint, a
 * program limit), as opposed to the database being unavailable: refusing that command is the
 * answer, while an outage is a 500 the client retries later.
 */
function isDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23') || state.startsWith('54'));
}

/** One request in its own transaction; when that cannot finish, its commands one transaction each. */
async function applyAlone(group: PushGroup): Promise<BatchOutcome> {
  try {
    const [outcome] = await applyGroups([group]);
    if (outcome) return outcome;
    throw new Error('a push batch answered nothing');
  } catch (error) {
    if (group.commands.length <= 1 || !(isRetryable(error) || isDataError(error))) throw error;
    group.ctx.log.warn({ err: error, commands: group.commands.length }, 'push batch applied one command at a time');
  }
  const results: PushResult[] = [];
  let acked: number | null = null;
  for (const command of group.commands) {
    const one = await applyOne(group.ctx, command);
    results.push(...one.results);
    if (one.lastAckedSeq !== null) acked = one.lastAckedSeq;
  }
  return { results, lastAckedSeq: acked };
}

/** A batch of one; a command the database refuses for what it carries is answered alone (not stored). */
async function applyOne(ctx: PushContext, command: unknown): Promise<BatchOutcome> {
  try {
    const [outcome] = await applyGroups([{ ctx, commands: [command] }]);
    if (outcome) return outcome;
    throw new Error('a push batch answered nothing');
  } catch (error) {
    if (!isDataError(error)) throw error;
    const errorId = randomUUID();
    const { id, type } = PushCommandSchema.pick({ id: true, type: true }).parse(command);
    ctx.log.error({ err: error, errorId, commandId: id, type }, 'the database refused a command');
    return { results: [{ id, status: 'rejected', code: 'server.rule_error', params: { errorId } }], lastAckedSeq: null };
  }
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
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: unknown) => void;
}

class PushQueue {
  #waiting: Waiting[] = [];
  #running = false;

  submit(group: PushGroup): Promise<BatchOutcome> {
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
        taken.forEach((t, i) => {
          const outcome = outcomes[i];
          if (outcome) t.resolve(outcome);
          else t.reject(new Error('a push batch answered nothing'));
        });
        return;
      } catch {
        // Some request of the group fails on its own: apply each request by itself below.
      }
    }
    for (const t of taken) {
      try {
        t.resolve(await applyAlone(t.group));
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
