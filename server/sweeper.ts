/**
 * Deadline sweeper (超时处理): applies the system actions that have fallen due — auto-approve after
 * the review timeout, auto-close after a buyer or warehouse timeout, auto-confirm an exchange —
 * as system commands through the one command pipeline (`applyCommand`, a batch of one).
 *
 * Each case row carries `next_due_at` / `next_action`, maintained by `applyCommand` from the
 * shared `nextDeadline`, so finding due work is an index scan. Several API instances may sweep the
 * same database: candidates are picked with `FOR UPDATE SKIP LOCKED` (a case being changed right
 * now is left for the next round), and the command id is derived from (case, version, action), so
 * the `commands` primary key lets one system command take effect at most once. On top of that only
 * one instance sweeps at a time (leadership.ts); each round it ran is recorded in
 * `sweeper_rounds` with the instance's id.
 */
import type { FastifyBaseLogger } from 'fastify';
import { SYSTEM_ACTOR, TERMINAL_STATES, type AfterSalesCase } from '../shared/domain';
import type { Db } from './db/db';
import { toInt } from './db/db';
import { caseIndex, type ServerRules } from './sync/rules';
import { applyCommand } from './sync/push';
import { nameBasedUuid } from './ids';
import { systemCommandName } from '../shared/sync/system-commands';
import { runEvery } from './periodic';
import { alwaysLeader, type Leadership } from './leadership';

/** Device under which system commands are recorded (created by migration 003). */
const SWEEPER_DEVICE_ID = 'system-sweeper';

export interface SweepOptions {
  db: Db;
  rules: ServerRules;
  clock?: () => Date;
  log: Pick<FastifyBaseLogger, 'error' | 'info' | 'warn'>;
  /** Cases handled per round (default 200). */
  batchSize?: number;
}

export interface SweepReport {
  /** Due cases found. */
  due: number;
  /** System commands that took effect now. */
  applied: number;
  /** Already applied (another sweeper, or an earlier round). */
  duplicate: number;
  /** Refused by the rules (the case changed in between). */
  refused: number;
}

/** Name-based UUID (RFC 9562 v5 layout) of the system command due on a case at one version. */
export function systemCommandId(caseId: string, version: number, action: string): string {
  return nameBasedUuid(systemCommandName(caseId, version, action));
}

interface Candidate {
  id: string;
  version: unknown;
  next_action: string;
}

/** One round: every case due at `clock()` gets its system command (up to `batchSize`). */
export async function sweepOnce(options: SweepOptions): Promise<SweepReport> {
  const clock = options.clock ?? (() => new Date());
  const now = clock();
  const limit = options.batchSize ?? 200;
  const candidates = await options.db.transaction((tx) =>
    tx.query<Candidate>(
      `SELECT id, version, next_action FROM cases
        WHERE next_action IS NOT NULL AND next_due_at <= $1 AND NOT deleted
        ORDER BY next_due_at, id LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [now.toISOString(), limit],
    ),
  );
  const report: SweepReport = { due: candidates.length, applied: 0, duplicate: 0, refused: 0 };
  for (const candidate of candidates) {
    const version = toInt(candidate.version);
    const result = await applyCommand(
      { db: options.db, rules: options.rules, actor: { id: SYSTEM_ACTOR.id, role: 'system' }, deviceId: SWEEPER_DEVICE_ID, clock, log: options.log, origin: 'server' },
      {
        id: systemCommandId(candidate.id, version, candidate.next_action),
        deviceSeq: now.getTime(),
        type: candidate.next_action,
        caseId: candidate.id,
        baseVersion: version,
        occurredAt: now.toISOString(),
        payload: {},
      },
    );
    if (result.status === 'applied') {
      report.applied += 1;
      continue;
    }
    if (result.status === 'duplicate') report.duplicate += 1;
    else {
      report.refused += 1;
      options.log.warn({ caseId: candidate.id, action: candidate.next_action, code: result.code }, 'system action refused');
    }
    // Refused at this version (e.g. no return address for an auto-approval): park the case until
    // its next change recomputes the deadline, instead of picking it up every round.
    if (result.status !== 'duplicate' || result.original.status !== 'applied') {
      await options.db.query('UPDATE cases SET next_action = NULL WHERE id = $1 AND version = $2', [candidate.id, version]);
    }
  }
  return report;
}

export interface Sweeper {
  /** Runs a round now (rounds never overlap); null when another instance leads. */
  runNow(): Promise<SweepReport | null>;
  stop(): Promise<void>;
}

export interface SweeperOptions extends SweepOptions {
  intervalSeconds: number;
  /** Who may sweep (default: this instance always). */
  leadership?: Leadership;
  /** Names this instance in `sweeper_rounds` (default: a random id). */
  instanceId?: string;
}

/** Rounds are kept this long in `sweeper_rounds`. */
const ROUND_HISTORY_MS = 7 * 86_400_000;

/**
 * Sweeps every `intervalSeconds` until stopped, when this instance leads; a failing round is
 * logged and retried next time.
 */
export function startSweeper(options: SweeperOptions): Sweeper {
  let stopped = false;
  const leadership = options.leadership ?? alwaysLeader;
  const instanceId = options.instanceId ?? `sweeper-${Math.random().toString(36).slice(2, 10)}`;
  const periodic = runEvery(
    options.intervalSeconds,
    async (): Promise<SweepReport | null> => {
      if (stopped || !(await leadership.acquire())) return null;
      // Wall-clock times (not the injectable clock): they say when the round really ran.
      const startedAt = new Date();
      const total: SweepReport = { due: 0, applied: 0, duplicate: 0, refused: 0 };
      // Drain the backlog in batches, so a long downtime is caught up in one round.
      for (;;) {
        const round = await sweepOnce(options);
        total.due += round.due;
        total.applied += round.applied;
        total.duplicate += round.duplicate;
        total.refused += round.refused;
        if (stopped || round.due < (options.batchSize ?? 200) || round.applied === 0) break;
      }
      const finishedAt = new Date();
      await options.db.query('INSERT INTO sweeper_rounds (instance_id, started_at, finished_at, due, applied) VALUES ($1, $2, $3, $4, $5)', [
        instanceId,
        startedAt.toISOString(),
        finishedAt.toISOString(),
        total.due,
        total.applied,
      ]);
      await options.db.query('DELETE FROM sweeper_rounds WHERE started_at < $1', [new Date(finishedAt.getTime() - ROUND_HISTORY_MS).toISOString()]);
      if (total.due > 0) options.log.info({ sweep: total }, 'deadline sweep');
      return total;
    },
    (error) => options.log.error({ err: error }, 'deadline sweep failed'),
  );
  return {
    runNow: periodic.runNow,
    async stop() {
      stopped = true;
      await periodic.stop();
      await leadership.release();
    },
  };
}

/**
 * Fills `next_due_at` / `next_action` for cases stored before those columns existed (run once,
 * right after the migration that adds them). Open cases only; keyset pages of 500.
 */
export async function indexDeadlines(db: Db, rules: ServerRules): Promise<number> {
  let after = '';
  let indexed = 0;
  for (;;) {
    const rows = await db.query<{ id: string; data: AfterSalesCase }>(
      // The ended states come from the rule book, not a copy of them here.
      `SELECT id, data FROM cases WHERE id > $1 AND NOT deleted AND NOT (state = ANY($2::text[])) ORDER BY id LIMIT 500`,
      [after, [...TERMINAL_STATES]],
    );
    if (rows.length === 0) return indexed;
    for (const row of rows) {
      const index = caseIndex(row.data, rules.policy);
      const dueAt = index.nextAction ? index.nextDueAt : null;
      if (dueAt !== null) {
        await db.query('UPDATE cases SET next_due_at = $2, next_action = $3 WHERE id = $1', [row.id, dueAt, index.nextAction]);
        indexed += 1;
      }
      after = row.id;
    }
  }
}
