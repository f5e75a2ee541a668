/**
 * The sync engine: pushes the outbox, pulls changes, rebases the overlay. It is the only code that
 * talks to the central API about cases. Never awaits the network inside a Dexie transaction: a
 * batch is read in one transaction, sent with none open, and its results recorded in another.
 */
import { z } from 'zod';
import { CaseStateSchema } from '../../../shared/domain';
import type { AfterSalesCase, Policy } from '../../../shared/domain';
import { MAX_PULL_LIMIT, type Change, type PullResponse, type PushCommand, type PushResult } from '../../../shared/sync/wire';
import type { DeskDb } from '../db/schema';
import { phoneTail } from '../db/schema';
import { classifyStorageError, isStorageError, type StorageProblem } from '../db/storage';
import type { CaseSnapshotRow, CaseViewRow, ConflictRow, OrderLineRow, OrderRow, OutboxRow, Rejection } from '../db/types';
import { SyncApiError, type SyncApi } from './api';
import { backoffDelay, DEFAULT_BACKOFF, Waiter, type BackoffOptions } from './connectivity';
import type { Leadership } from './leader';
import { readPolicy, rebaseCase, rebaseCases, SYNC_TABLES, viewRow } from './local';
import { MAX_BATCH } from './limits';
import { blockedCases, deviceIdOf, nextBatch } from './outbox';

export type ConnectionState = 'unknown' | 'online' | 'offline' | 'needs_sign_in';

export interface FirstSyncProgress {
  /** Changes written so far. */
  received: number;
  /** Pages written by this run. */
  pages: number;
  done: boolean;
  /**
   * Changes the whole download holds (at least `received`), as the server counted them when the
   * download began; null when the server did not say.
   */
  total: number | null;
}

export interface EngineStatus {
  connection: ConnectionState;
  running: boolean;
  syncing: boolean;
  lastSyncAt: string | null;
  lastError: { kind: string; code: string } | null;
  /** Set while the first full download of this workstation runs (and once it is done). */
  firstSync: FirstSyncProgress | null;
  /** Consecutive failed attempts; 0 after a success. */
  attempt: number;
  nextRetryAt: string | null;
  storageProblem: StorageProblem | null;
}

export type SyncOutcome = { ok: true; pushed: number; pulled: number } | { ok: false; error: SyncApiError | Error };

export interface EngineOptions {
  db: DeskDb;
  api: SyncApi;
  clock?: () => Date;
  /** Commands per push (at most `MAX_BATCH`). */
  batchSize?: number;
  pullLimit?: number;
  /** Pause between syncs while all is well. */
  pollIntervalMs?: number;
  backoff?: BackoffOptions;
  waiter?: Waiter;
  /** When given, the loop runs only while this instance leads. */
  leadership?: Leadership;
  /** Lets the UI breathe between pull pages (a scan must not wait for the first sync). */
  yieldBetweenPages?: () => Promise<void>;
  /** A push unanswered for this long marks its rows 'sending' (pending list); default 1 s. */
  markSendingAfterMs?: number;
}

const CaseDataSchema = z.looseObject({
  id: z.string(),
  orderId: z.string(),
  lineId: z.string(),
  sku: z.string(),
  state: CaseStateSchema,
  type: z.string(),
  version: z.number().int(),
  commandIds: z.array(z.string()),
  stateEnteredAt: z.string(),
});

function asCase(data: unknown): AfterSalesCase | null {
  return CaseDataSchema.safeParse(data).success ? (data as AfterSalesCase) : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** An order change as stored; lenient so one odd order never stops the whole pull. */
export function orderRowFromChange(change: Change): OrderRow {
  const raw = (typeof change.data === 'object' && change.data !== null ? change.data : {}) as Record<string, unknown>;
  const lines: OrderLineRow[] = Array.isArray(raw.lines)
    ? raw.lines
        .filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null)
        .map((l) => ({ ...l, id: String(l.id ?? ''), sku: String(l.sku ?? ''), quantity: num(l.quantity), unitPrice: num(l.unitPrice), discount: num(l.discount), coins: num(l.coins), paid: num(l.paid) }))
    : [];
  const buyerPhone = str(raw.buyerPhone);
  return {
    id: change.id,
    orderNo: str(raw.orderNo) ?? change.id,
    state: str(raw.state) ?? '',
    buyerId: str(raw.buyerId),
    buyerName: str(raw.buyerName),
    buyerPhone,
    buyerPhoneTail: phoneTail(buyerPhone) || null,
    shippingFee: num(raw.shippingFee),
    paidAt: str(raw.paidAt),
    shippedAt: str(raw.shippedAt),
    signedAt: str(raw.signedAt),
    completedAt: str(raw.completedAt),
    lines,
    skus: [...new Set(lines.map((l) => l.sku).filter((s) => s !== ''))],
    changeSeq: change.seq,
    raw,
  };
}

function toWire(row: OutboxRow): PushCommand {
  return { id: row.id, deviceSeq: row.seq, type: row.type, caseId: row.caseId, baseVersion: row.baseVersion, occurredAt: row.occurredAt, payload: row.command.payload };
}

const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class SyncEngine {
  readonly #db: DeskDb;
  readonly #api: SyncApi;
  readonly #clock: () => Date;
  readonly #batchSize: number;
  readonly #pullLimit: number;
  readonly #pollMs: number;
  readonly #backoff: BackoffOptions;
  readonly #waiter: Waiter;
  readonly #leadership: Leadership | undefined;
  readonly #yield: () => Promise<void>;
  readonly #markSendingAfterMs: number;
  #status: EngineStatus = {
    connection: 'unknown',
    running: false,
    syncing: false,
    lastSyncAt: null,
    lastError: null,
    firstSync: null,
    attempt: 0,
    nextRetryAt: null,
    storageProblem: null,
  };
  readonly #listeners = new Set<(status: EngineStatus) => void>();
  #controller: AbortController | null = null;
  #loop: Promise<void> | null = null;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: EngineOptions) {
    this.#db = options.db;
    this.#api = options.api;
    this.#clock = options.clock ?? (() => new Date());
    this.#batchSize = Math.max(1, Math.min(MAX_BATCH, options.batchSize ?? MAX_BATCH));
    // The largest page the API serves: half the requests and transactions of a download.
    this.#pullLimit = options.pullLimit ?? MAX_PULL_LIMIT;
    this.#pollMs = options.pollIntervalMs ?? 15_000;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#waiter = options.waiter ?? new Waiter();
    this.#leadership = options.leadership;
    this.#yield = options.yieldBetweenPages ?? defaultYield;
    this.#markSendingAfterMs = options.markSendingAfterMs ?? 1_000;
  }

  get status(): EngineStatus {
    return this.#status;
  }

  subscribe(listener: (status: EngineStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }

  #set(patch: Partial<EngineStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const listener of this.#listeners) listener(this.#status);
  }

  /** Starts the background loop (push, pull, wait; back off on failure). */
  start(): void {
    if (this.#loop) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.#set({ running: true });
    this.#loop = this.#run(controller.signal).finally(() => {
      this.#set({ running: false, syncing: false, nextRetryAt: null });
    });
  }

  /** Stops the loop, cancelling a request in flight. The outbox keeps everything not yet answered. */
  async stop(): Promise<void> {
    this.#controller?.abort();
    const loop = this.#loop;
    this.#loop = null;
    this.#controller = null;
    await loop;
    await this.#tail.catch(() => undefined);
  }

  /** Ends the current wait: a new command, the "sync now" button, a fresh sign-in. */
  wake(): void {
    this.#waiter.wake();
  }

  async #run(signal: AbortSignal): Promise<void> {
    if (this.#leadership) {
      const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await Promise.race([this.#leadership.acquired, aborted]);
    }
    const lastSync = await this.#db.meta.get('lastSyncAt').catch(() => undefined);
    if (typeof lastSync?.value === 'string' && this.#status.lastSyncAt === null) this.#set({ lastSyncAt: lastSync.value });
    while (!signal.aborted) {
      if (this.#status.connection === 'offline') {
        // Heartbeat first: a cheap request tells whether the server is back.
        const alive = await this.#api.health(signal).then(
          () => true,
          () => false,
        );
        if (signal.aborted) break;
        if (!alive) {
          await this.#pause(signal);
          continue;
        }
      }
      const outcome = await this.syncOnce(signal);
      if (signal.aborted) break;
      if (outcome.ok) {
        this.#set({ attempt: 0, nextRetryAt: null });
        await this.#waiter.wait(this.#pollMs, signal);
      } else if (this.#status.connection === 'needs_sign_in') {
        // Nothing to do until someone signs in again; the session store wakes us.
        await this.#waiter.wait(10 * 60_000, signal);
      } else {
        await this.#pause(signal);
      }
    }
  }

  async #pause(signal: AbortSignal): Promise<void> {
    const attempt = this.#status.attempt + 1;
    const delay = backoffDelay(attempt, this.#backoff);
    this.#set({ attempt, nextRetryAt: new Date(this.#clock().getTime() + delay).toISOString() });
    await this.#waiter.wait(delay, signal);
  }

  /** One push of everything pushable, then a pull to the end. Serialised: never two at once. */
  syncOnce(signal?: AbortSignal): Promise<SyncOutcome> {
    const run = this.#tail.then(() => this.#syncOnce(signal));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #syncOnce(signal?: AbortSignal): Promise<SyncOutcome> {
    this.#set({ syncing: true });
    try {
      const pushed = await this.#pushAll(signal);
      const pulled = await this.#pullAll(signal);
      const at = this.#clock().toISOString();
      await this.#db.meta.put({ key: 'lastSyncAt', value: at });
      this.#set({ connection: 'online', lastSyncAt: at, lastError: null, storageProblem: null, syncing: false });
      return { ok: true, pushed, pulled };
    } catch (error) {
      const patch: Partial<EngineStatus> = { syncing: false };
      if (error instanceof SyncApiError) {
        if (error.kind === 'unauthorized') patch.connection = 'needs_sign_in';
        else if (error.kind === 'network') patch.connection = 'offline';
        else if (error.kind !== 'aborted') patch.connection = 'online';
        if (error.kind !== 'aborted') patch.lastError = { kind: error.kind, code: error.code };
        this.#set(patch);
        return { ok: false, error };
      }
      if (isStorageError(error)) {
        const problem = classifyStorageError(error);
        this.#set({ ...patch, storageProblem: problem, lastError: { kind: 'storage', code: `storage.${problem}` } });
      } else {
        this.#set({ ...patch, lastError: { kind: 'internal', code: error instanceof Error ? error.name : 'unknown' } });
      }
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  // ---------------------------------------------------------------------------------------- push

  /**
   * Pushes batch after batch until nothing is pushable, one request on its way at a time. While a
   * request is on its way, the answers to the one before are recorded and the next batch is
   * chosen (after that recording, and never with a command of a case that is on its way), so the
   * next request leaves as soon as the answer arrives. Once nothing else is pushable the answers
   * are recorded and the outbox is looked at again. Every answer received is recorded, also when
   * a later request fails.
   *
   * A row's attempt is counted when its answer (or the request's failure) is recorded, in the same
   * write. Rows are marked 'sending' only when their request fails or is still unanswered after
   * `markSendingAfterMs`: an extra write of every row of every batch would cost as much as the
   * recording itself. The mark is bookkeeping for the pending list: a row sent but not marked
   * (the app closed meanwhile) is sent again, and the server answers a command it already has
   * with its stored result.
   */
  async #pushAll(signal?: AbortSignal): Promise<number> {
    const db = this.#db;
    const deviceId = await deviceIdOf(db);
    let pushed = 0;
    let unrecorded: { rows: OutboxRow[]; results: PushResult[] } | null = null;
    const record = async (): Promise<void> => {
      const answers = unrecorded;
      unrecorded = null;
      if (answers) pushed += await this.#recordResults(answers.rows, answers.results);
    };
    const choose = (skip: ReadonlySet<string>): Promise<OutboxRow[]> => db.transaction('r', [db.outbox, db.conflicts], () => nextBatch(db, this.#batchSize, skip));
    try {
      let batch = await choose(new Set());
      for (;;) {
        if (batch.length === 0 && !unrecorded) return pushed;
        const sendable = batch.length > 0 ? await this.#uploadAttachments(batch, signal) : [];
        if (sendable.length === 0) {
          // Nothing to send now: record what is answered, then look at the outbox again.
          await record();
          batch = await choose(new Set());
          continue;
        }
        const request = this.#api.push({ deviceId, commands: sendable.map(toWire) }, signal);
        // Awaited below; until then a failure must not count as unhandled.
        request.catch(() => undefined);
        // Absolute values from the rows as chosen: marking twice counts one attempt.
        const markSent = (lastError?: string): Promise<unknown> => {
          const now = this.#clock().toISOString();
          return db.transaction('rw', db.outbox, () =>
            db.outbox.bulkUpdate(sendable.map((row) => ({ key: row.id, changes: { status: 'sending', attempts: row.attempts + 1, updatedAt: now, ...(lastError ? { lastError } : {}) } }))),
          );
        };
        const slowMarks: Promise<unknown>[] = [];
        const slow = setTimeout(() => slowMarks.push(markSent()), this.#markSendingAfterMs);
        let response;
        try {
          await record();
          const next = choose(new Set(sendable.map((row) => row.caseId)));
          next.catch(() => undefined);
          try {
            // No mark once the answer is here, even while the next batch is still being chosen.
            response = await request.finally(() => clearTimeout(slow));
            const ids = new Set(response.results.map((r) => r.id));
            if (!sendable.some((row) => ids.has(row.id))) throw new SyncApiError('server', 'sync.invalid_reply', 200, 'push answered none of the commands');
          } catch (error) {
            if (error instanceof SyncApiError && error.kind !== 'aborted') await markSent(error.code);
            throw error;
          }
          unrecorded = { rows: sendable, results: response.results };
          batch = await next;
        } finally {
          clearTimeout(slow);
          // Written before the answers are recorded (transactions on the outbox run in order).
          await Promise.allSettled(slowMarks);
        }
      }
    } finally {
      // Only reached with answers left over when the loop stopped on an error: record them, and
      // report that error (if recording fails too, the rows stay 'sending' and go again).
      if (unrecorded) await record().catch(() => undefined);
    }
  }

  /**
   * Records the answers to a batch in one transaction. Refused commands go to the inbox and their
   * cases are rebased. An applied command whose effect is already in the overlay changes nothing
   * a rebase would redo, so its case is rebased only when the answer can change the merge: the
   * snapshot already reached the acknowledged version (the overlay row goes), the command no
   * longer fit locally (the commands behind it are released), or the case has an open conflict.
   */
  async #recordResults(sent: readonly OutboxRow[], results: readonly PushResult[]): Promise<number> {
    const db = this.#db;
    const byId = new Map(results.map((r) => [r.id, r]));
    const now = this.#clock().toISOString();
    const policy = await readPolicy(db);
    return db.transaction('rw', [...SYNC_TABLES], async () => {
      const answered = sent.filter((row) => byId.has(row.id));
      if (answered.length === 0) return 0;
      const updates: { key: string; changes: Partial<OutboxRow> }[] = [];
      const inbox: ConflictRow[] = [];
      const serverCases: { caseId: string; snapshot: CaseSnapshotRow }[] = [];
      const applied: { row: OutboxRow; version: number }[] = [];
      const rebase = new Set<string>();
      for (const row of answered) {
        const result = byId.get(row.id) as PushResult;
        const final = result.status === 'duplicate' ? result.original : result;
        if (final.status === 'applied') {
          updates.push({ key: row.id, changes: { status: 'acked', ackedVersion: final.version, lastError: null, attempts: row.attempts + 1, updatedAt: now } });
          applied.push({ row, version: final.version });
          continue;
        }
        rebase.add(row.caseId);
        if (final.status === 'conflict') {
          updates.push({ key: row.id, changes: { status: 'conflict', lastError: final.rejection.code, attempts: row.attempts + 1, updatedAt: now } });
          const serverCase = asCase(final.case.data);
          inbox.push(inboxEntry(row, 'conflict', final.rejection, now, serverCase, final.case.version));
          // The reply carries the authoritative case: newer than ours, it becomes the snapshot.
          if (serverCase && !final.case.deleted) {
            serverCases.push({ caseId: row.caseId, snapshot: { id: final.case.id, caseNo: final.case.caseNo, version: final.case.version, state: final.case.state, changeSeq: 0, data: serverCase } });
          }
        } else {
          updates.push({ key: row.id, changes: { status: 'rejected', lastError: final.code, attempts: row.attempts + 1, updatedAt: now } });
          inbox.push(inboxEntry(row, 'rejected', { code: final.code, params: final.params }, now));
        }
      }
      await db.outbox.bulkUpdate(updates);
      if (inbox.length > 0) await db.conflicts.bulkPut(inbox);
      if (serverCases.length > 0) {
        const current = new Map<string, CaseSnapshotRow | undefined>();
        (await db.cases.bulkGet(serverCases.map((c) => c.caseId))).forEach((row, i) => current.set((serverCases[i] as { caseId: string }).caseId, row));
        const newer: CaseSnapshotRow[] = [];
        for (const { caseId, snapshot } of serverCases) {
          const mine = current.get(caseId);
          if (snapshot.version <= (mine?.version ?? -1)) continue;
          const row = { ...snapshot, changeSeq: mine?.changeSeq ?? 0 };
          current.set(caseId, row);
          newer.push(row);
        }
        if (newer.length > 0) await db.cases.bulkPut(newer);
      }
      if (applied.length > 0) {
        const snapshots = await db.cases.bulkGet(applied.map((a) => a.row.caseId));
        const overlay = await db.overlay.bulkGet(applied.map((a) => a.row.id));
        const held = await blockedCases(db);
        applied.forEach(({ row, version }, i) => {
          const snapshot = snapshots[i];
          const effect = overlay[i];
          if ((snapshot && snapshot.version >= version) || !effect || effect.failing !== null || held.has(row.caseId)) rebase.add(row.caseId);
        });
      }
      // In answer order, as the cases were touched.
      await rebaseCases(db, [...new Set(answered.map((r) => r.caseId))].filter((id) => rebase.has(id)), now, policy);
      return answered.length;
    });
  }

  /** Uploads the photos a batch references; a photo the server refuses sends its command to the inbox. */
  async #uploadAttachments(batch: OutboxRow[], signal?: AbortSignal): Promise<OutboxRow[]> {
    const db = this.#db;
    const refs = [...new Set(batch.flatMap((r) => r.attachments))];
    if (refs.length === 0) return batch;
    const stored = await db.attachments.bulkGet(refs);
    const refused = new Map<string, string>();
    for (const attachment of stored) {
      if (!attachment || attachment.uploaded === 1) continue;
      try {
        const bytes = new Uint8Array(await attachment.blob.arrayBuffer());
        await this.#api.putAttachment(attachment.sha256, attachment.mime, bytes, signal);
        await db.attachments.update(attachment.sha256, { uploaded: 1 });
      } catch (error) {
        if (error instanceof SyncApiError && error.kind === 'client') refused.set(attachment.sha256, error.code);
        else throw error;
      }
    }
    if (refused.size === 0) return batch;
    const now = this.#clock().toISOString();
    const policy = await readPolicy(db);
    const blocked = batch.filter((r) => r.attachments.some((a) => refused.has(a)));
    await db.transaction('rw', [...SYNC_TABLES], async () => {
      for (const row of blocked) {
        const sha256 = row.attachments.find((a) => refused.has(a)) ?? '';
        const code = refused.get(sha256) ?? 'attachment.refused';
        await recordRejection(db, row, { code, params: { sha256 } }, now);
        await rebaseCase(db, row.caseId, now, policy);
      }
    });
    return batch.filter((r) => !blocked.includes(r));
  }

  // ---------------------------------------------------------------------------------------- pull

  async #pullAll(signal?: AbortSignal): Promise<number> {
    const db = this.#db;
    let cursor = Number((await db.meta.get('cursor'))?.value ?? 0);
    const first = (await db.meta.get('firstSyncDone'))?.value !== true;
    // A first sync that was interrupted carries on with the count it had reached.
    const resumed = first ? progressOf((await db.meta.get('firstSyncProgress'))?.value) : null;
    let received = resumed?.received ?? 0;
    let total = resumed?.total ?? null;
    let pages = 0;
    const progress = (done: boolean): FirstSyncProgress => ({ received, pages, done, total: total === null ? null : Math.max(total, received) });
    if (first) this.#set({ firstSync: progress(false) });
    const policy = await readPolicy(db);
    // The next page is requested while this one is written: the server reads while IndexedDB writes.
    const ahead = new AbortController();
    const stopAhead = (): void => ahead.abort();
    signal?.addEventListener('abort', stopAhead, { once: true });
    if (signal?.aborted) ahead.abort();
    const request = (since: number): Promise<PullResponse> => {
      const reply = this.#api.pull(since, this.#pullLimit, ahead.signal);
      // Not awaited when the page before it fails: that failure is the one reported.
      reply.catch(() => undefined);
      return reply;
    };
    let pulled = 0;
    const orders = new OrderMemo();
    try {
      let next = request(cursor);
      for (;;) {
        const page = await next;
        if (page.hasMore && page.nextCursor <= cursor) throw new SyncApiError('server', 'sync.invalid_reply', 200, 'pull cursor did not advance');
        if (page.hasMore) next = request(page.nextCursor);
        if (first && page.remaining !== undefined) total = received + page.changes.length + page.remaining;
        received += page.changes.length;
        pulled += page.changes.length;
        await this.#applyPage(page, policy, first ? { received, total } : null, orders);
        cursor = page.nextCursor;
        pages += 1;
        if (first) this.#set({ firstSync: progress(false) });
        if (!page.hasMore) break;
        await this.#yield();
      }
    } finally {
      signal?.removeEventListener('abort', stopAhead);
      ahead.abort();
    }
    if (first) {
      await db.meta.put({ key: 'firstSyncDone', value: true });
      this.#set({ firstSync: progress(true) });
    }
    return pulled;
  }

  /**
   * Writes one page: snapshots, orders and the merged view of every case they touch, in one
   * transaction with the cursor. Cases without local commands get their view straight from the
   * snapshot in hand; those with overlay rows are rebased (in one batch). The order fields a view
   * shows come from the page, else from `memo` (orders earlier pages of this pull wrote), else
   * from the store.
   */
  async #applyPage(page: PullResponse, policy: Policy, firstSync: { received: number; total: number | null } | null, memo: OrderMemo): Promise<void> {
    const db = this.#db;
    const latest = new Map<string, Change>();
    for (const change of page.changes) latest.set(`${change.kind}:${change.id}`, change);
    const orders: OrderRow[] = [];
    const snapshots: CaseSnapshotRow[] = [];
    const tombstones: string[] = [];
    for (const change of latest.values()) {
      if (change.kind === 'order') {
        if (!change.deleted) orders.push(orderRowFromChange(change));
        continue;
      }
      if (change.deleted) {
        tombstones.push(change.id);
        continue;
      }
      const data = asCase(change.data);
      if (!data || change.version === null) throw new SyncApiError('server', 'sync.invalid_reply', 200, `case ${change.id} is not a case`);
      snapshots.push({ id: change.id, caseNo: change.caseNo ?? '', version: change.version, state: data.state, changeSeq: change.seq, data });
    }
    const now = this.#clock().toISOString();
    const meta = [
      { key: 'cursor', value: page.nextCursor },
      { key: 'lastAckedSeq', value: page.lastAckedSeq },
      ...(firstSync ? [{ key: 'firstSyncProgress', value: firstSync }] : []),
    ];
    await db.transaction('rw', [...SYNC_TABLES], async () => {
      if (orders.length > 0) await db.orders.bulkPut(orders);
      if (snapshots.length > 0) await db.cases.bulkPut(snapshots);
      if (tombstones.length > 0) await db.cases.bulkDelete(tombstones);

      // Every case whose merge may have changed: those on the page and those of its orders.
      const snapshotById = new Map<string, CaseSnapshotRow | undefined>(snapshots.map((s) => [s.id, s]));
      for (const id of tombstones) snapshotById.set(id, undefined);
      const ofOrders = orders.length > 0 ? await db.caseView.where('orderId').anyOf(orders.map((o) => o.id)).primaryKeys() : [];
      const elsewhere = ofOrders.filter((id) => !snapshotById.has(id));
      if (elsewhere.length > 0) (await db.cases.bulkGet(elsewhere)).forEach((row, i) => snapshotById.set(elsewhere[i] as string, row));
      const ids = [...snapshotById.keys()];
      // Only cases with overlay rows need a rebase; for every other one the view is the snapshot.
      const withLocal = new Set((await db.overlay.where('caseId').anyOf(ids).keys()).map(String));
      const orderById = new Map<string, ViewOrder>(orders.map((o) => [o.id, o]));
      const missing: string[] = [];
      for (const orderId of new Set(ids.flatMap((id) => (withLocal.has(id) ? [] : [snapshotById.get(id)?.data.orderId ?? ''])))) {
        if (orderId === '' || orderById.has(orderId)) continue;
        const known = memo.get(orderId);
        if (known) orderById.set(orderId, known);
        else missing.push(orderId);
      }
      if (missing.length > 0) (await db.orders.bulkGet(missing)).forEach((o) => o && orderById.set(o.id, o));
      const views: CaseViewRow[] = [];
      const gone: string[] = [];
      for (const id of ids) {
        if (withLocal.has(id)) continue;
        const snapshot = snapshotById.get(id);
        if (snapshot) views.push(viewRow(snapshot, snapshot.data, orderById.get(snapshot.data.orderId), 0, policy));
        else gone.push(id);
      }
      if (views.length > 0) await db.caseView.bulkPut(views);
      if (gone.length > 0) await db.caseView.bulkDelete(gone);
      if (withLocal.size > 0) await rebaseCases(db, [...withLocal], now, policy);
      await db.meta.bulkPut(meta);
    });
    // Committed: the next pages may take these orders from memory.
    for (const o of orders) memo.set(o);
  }
}

/** The order fields a case's view shows. */
type ViewOrder = Pick<OrderRow, 'orderNo' | 'buyerPhone'>;

/**
 * The view fields of orders a pull has written, so that a case whose order came on an earlier
 * page is not read back from the store (a first sync of a large warehouse gets its orders pages
 * before their cases). Bounded: the oldest entries go first; a forgotten order is read again.
 */
class OrderMemo {
  static readonly LIMIT = 250_000;
  readonly #entries = new Map<string, ViewOrder>();

  get(id: string): ViewOrder | undefined {
    return this.#entries.get(id);
  }

  set(order: OrderRow): void {
    this.#entries.delete(order.id);
    this.#entries.set(order.id, { orderNo: order.orderNo, buyerPhone: order.buyerPhone });
    if (this.#entries.size > OrderMemo.LIMIT) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }
}

function progressOf(value: unknown): { received: number; total: number | null } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { received, total } = value as { received?: unknown; total?: unknown };
  if (typeof received !== 'number') return null;
  return { received, total: typeof total === 'number' ? total : null };
}

/**
 * A command the server refused for good: the outbox row is closed as rejected and the inbox gets
 * an entry for a person. Call inside a transaction over SYNC_TABLES.
 */
async function recordRejection(db: DeskDb, row: OutboxRow, rejection: Rejection, now: string): Promise<void> {
  await db.outbox.update(row.id, { status: 'rejected', lastError: rejection.code, updatedAt: now });
  await db.conflicts.put(inboxEntry(row, 'rejected', rejection, now));
}

/** An open inbox entry for a command the server did not apply. */
function inboxEntry(row: OutboxRow, kind: ConflictRow['kind'], rejection: Rejection, now: string, serverCase: AfterSalesCase | null = null, serverVersion: number | null = null): ConflictRow {
  return {
    commandId: row.id,
    caseId: row.caseId,
    kind,
    rejection,
    command: row.command,
    serverCase,
    serverVersion,
    createdAt: now,
    open: 1,
    resolution: null,
    resolvedAt: null,
    followUpId: null,
  };
}
