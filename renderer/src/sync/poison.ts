/**
 * A batch the server cannot process. When one command in a batch makes the server fail on the
 * whole request (a 500 from an unexpected error, a 400 because one value does not fit the wire
 * schema), retrying the same batch would block the workstation's outbox forever. After the same
 * commands failed that way twice, the batch is narrowed down: its halves are sent one after the
 * other, the half that fails is halved again, and so on until the single command is found; the
 * others are applied on the way. That command goes to the conflict inbox with the server's code.
 *
 * It stays bounded and cautious. Only answers about the request's content count: a failed
 * connection, a timeout, a 502/503/504, 429 or 401 never start a narrowing. A command is put
 * aside only after it failed alone twice while another request of the same narrowing was
 * answered, so a server failing on every request (database down) does not empty the outbox into
 * the inbox; the narrowing then stops and the engine backs off as usual. At most
 * `MAX_ISOLATION_REQUESTS` requests per narrowing; a later sync carries on from there.
 */
import type { PushResponse, PushResult } from '../../../shared/sync/wire';
import type { OutboxRow, Rejection } from '../db/types';
import { SyncApiError } from './api';

/** The code of the inbox entry; its params carry the server's answer (`status`, `code`). */
export const UNPROCESSABLE = 'sync.unprocessable';

/** Requests failed the same way before a batch is narrowed down. */
export const POISON_THRESHOLD = 2;

/** Requests one narrowing may send (a batch of 250 with one bad command takes about 17). */
export const MAX_ISOLATION_REQUESTS = 40;

/** Statuses that answer the request's content: the server read it and could not process it. */
const CONTENT_STATUSES: ReadonlySet<number> = new Set([400, 413, 422, 500]);

/** Whether a failed push may be the doing of one of its commands. */
export function isContentFailure(error: unknown): error is SyncApiError {
  return error instanceof SyncApiError && (error.kind === 'server' || error.kind === 'client') && error.status !== null && CONTENT_STATUSES.has(error.status) && error.code !== 'sync.invalid_reply';
}

/** The inbox's reason for a command the server could not process. */
export function unprocessable(error: SyncApiError): Rejection {
  return { code: UNPROCESSABLE, params: { status: error.status, code: error.code } };
}

/**
 * Commands whose requests failed on their content, with how often. In memory: after a restart a
 * batch has to fail twice again before it is narrowed down, which costs one request.
 */
export class PoisonSuspects {
  readonly #failures = new Map<string, number>();

  /** Notes a failed request; true when it is time to narrow the batch down. */
  failed(rows: readonly OutboxRow[], error: unknown): boolean {
    if (!isContentFailure(error)) {
      // Not about the content: this request says nothing for or against its commands.
      return false;
    }
    let due = false;
    for (const row of rows) {
      const n = (this.#failures.get(row.id) ?? 0) + 1;
      this.#failures.set(row.id, n);
      if (n >= POISON_THRESHOLD) due = true;
    }
    return due;
  }

  /** Commands answered (or put aside, or found neither) are no longer suspects. */
  clear(rows: readonly OutboxRow[]): void {
    if (this.#failures.size === 0) return;
    for (const row of rows) this.#failures.delete(row.id);
  }

  get size(): number {
    return this.#failures.size;
  }
}

export interface IsolationPort {
  /** Sends these commands as one request; throws `SyncApiError` when it fails. */
  send(rows: OutboxRow[]): Promise<PushResponse>;
  /** Records the answers to a request; returns how many commands were answered. */
  record(rows: OutboxRow[], results: PushResult[]): Promise<number>;
  /** Notes a request that failed (rows stay in the outbox). */
  failed(rows: OutboxRow[], error: SyncApiError): Promise<unknown>;
  /** Puts a command the server cannot process aside, into the inbox. */
  poisoned(row: OutboxRow, error: SyncApiError): Promise<void>;
  /** A narrowing found nothing either way. */
  inconclusive(rows: OutboxRow[]): void;
}

/**
 * Narrows `batch` (which failed with `failure`) down to the commands the server cannot process,
 * records the answers to the rest, and returns how many commands were answered. Both halves of
 * a failing part are sent before either is narrowed further, so a sibling's answer soon shows
 * the server works; while none has, only the first failing half is followed (several bad
 * commands, or a server failing on everything: the latter ends at a single command after about
 * two requests per halving, and nothing is put aside). Throws the failure when it cannot tell or
 * ran out of requests, and any other error (offline, signed out) as it comes: the caller backs
 * off as after any failed push.
 */
export async function isolatePoison(batch: readonly OutboxRow[], failure: SyncApiError, port: IsolationPort): Promise<number> {
  let answered = 0;
  let requests = 0;
  // Some request of this narrowing was answered: the server works, the failures are the content's.
  let serverWorks = false;

  const attempt = async (rows: OutboxRow[]): Promise<SyncApiError | null> => {
    if (requests >= MAX_ISOLATION_REQUESTS) throw failure;
    requests += 1;
    try {
      const response = await port.send(rows);
      answered += await port.record(rows, response.results);
      serverWorks = true;
      return null;
    } catch (error) {
      if (!isContentFailure(error)) throw error;
      await port.failed(rows, error);
      return error;
    }
  };

  /** `rows` failed with `error` as one request. */
  const narrow = async (rows: OutboxRow[], error: SyncApiError): Promise<void> => {
    if (rows.length === 1) {
      if (!serverWorks) throw error;
      const row = rows[0] as OutboxRow;
      // Once more alone, so that one unlucky failure does not put a good command aside.
      const again = await attempt([row]);
      if (again) await port.poisoned(row, again);
      return;
    }
    const middle = Math.ceil(rows.length / 2);
    const halves = [rows.slice(0, middle), rows.slice(middle)];
    const failures: (SyncApiError | null)[] = [];
    for (const half of halves) failures.push(await attempt(half));
    for (const [i, half] of halves.entries()) {
      const halfFailure = failures[i];
      if (halfFailure) await narrow(half, halfFailure);
    }
  };

  try {
    await narrow([...batch], failure);
  } catch (error) {
    // Nothing told the server's trouble from the content's: start counting again, so the next
    // narrowing of these commands waits for two more failures (a server failing on every
    // request is asked about every other sync, not at every one).
    if (!serverWorks) port.inconclusive([...batch]);
    throw error;
  }
  return answered;
}
