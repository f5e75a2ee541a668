/** What the push pipeline's modules share: the request's context, the case row, numbering, acknowledgements. */
import type { FastifyBaseLogger } from 'fastify';
import { TZDate } from '@date-fns/tz';
import { DEFAULT_POLICY, type AfterSalesCase } from '../../shared/domain';
import { formatCaseNumber } from '../../shared/barcode';
import type { Db, Queryable } from '../db/db';
import { isRetryable, toInt } from '../db/db';
import type { CaseSnapshot } from '../../shared/sync';
import type { CommandActor, OrderFollowUp, ServerRules } from './rules';

export interface PushContext {
  db: Db;
  rules: ServerRules;
  actor: CommandActor;
  deviceId: string;
  clock: () => Date;
  log: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  /**
   * `server`: commands the server issues itself (the deadline sweeper) or replays from recorded
   * history (the demo seed). Their device is the server's and their times are its own. Anything
   * else is a client's, and is checked as one.
   */
  origin?: 'client' | 'server';
}

export interface CaseRow {
  id: string;
  case_no: string;
  version: number;
  state: string;
  deleted: boolean;
  data: AfterSalesCase;
}

/** Thrown while deciding a command when the rules themselves fail: that command is refused alone. */
export class RuleFailure extends Error {}

/** How often a transaction that met a retryable error (unique race, serialisation, deadlock) is tried. */
const MAX_ATTEMPTS = 4;

/** Runs `fn` in a transaction, again from the start after a retryable error; any other error, or the last, is thrown. */
export async function retriedTransaction<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}

/** Runs a pure rules function; a throw becomes a `RuleFailure` of the command being decided. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new RuleFailure('rules threw', { cause: error });
  }
}

export function snapshot(row: CaseRow): CaseSnapshot {
  return { id: row.id, caseNo: row.case_no, version: toInt(row.version), state: row.state, deleted: row.deleted, data: row.data };
}

const SETTLEMENT_KEYS = ['frozen', 'settlable', 'refundedCash', 'refundedCoins'] as const;

export function orderDiffers(stored: { state: string; settlement: unknown }, followUp: OrderFollowUp): boolean {
  const settlement = (typeof stored.settlement === 'object' && stored.settlement !== null ? stored.settlement : {}) as Record<string, unknown>;
  return stored.state !== followUp.state || SETTLEMENT_KEYS.some((key) => settlement[key] !== followUp.settlement[key]);
}

/** The business day (store time zone) whose counter numbers a case applied for at `appliedAt`. */
export function caseNumberDay(appliedAt: string): { date: { year: number; month: number; day: number }; iso: string } {
  const day = new TZDate(Date.parse(appliedAt), DEFAULT_POLICY.timeZone);
  const date = { year: day.getFullYear(), month: day.getMonth() + 1, day: day.getDate() };
  return { date, iso: `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}` };
}

/**
 * 售后单号: RMA + yyMMdd + a number that restarts each business day (shared/barcode), dated by when
 * the case was applied for, in the store's time zone. The day's counter row serialises numbering.
 * `count` numbers at once (one batch): the last `count` of the day's counter, in order.
 */
export async function assignCaseNos(tx: Queryable, appliedAt: string, count = 1): Promise<string[]> {
  const { date, iso } = caseNumberDay(appliedAt);
  const [row] = await tx.query<{ last: unknown }>(
    `INSERT INTO case_number_days (day, last) VALUES ($1, $2)
     ON CONFLICT (day) DO UPDATE SET last = case_number_days.last + EXCLUDED.last RETURNING last`,
    [iso, count],
  );
  const last = toInt(row?.last);
  return Array.from({ length: count }, (_, i) => formatCaseNumber(last - count + 1 + i, date));
}

export async function lastAckedSeq(db: Queryable, deviceId: string): Promise<number> {
  const [row] = await db.query<{ last_acked_seq: unknown }>('SELECT last_acked_seq FROM devices WHERE id = $1', [deviceId]);
  return row ? toInt(row.last_acked_seq) : 0;
}
