/**
 * Pushing the outbox: batches in device order, one request on its way at a time, the answers
 * recorded in their own transaction (never a request awaited inside one). A batch the server
 * fails on again and again is narrowed down to the command it cannot process (see `poison.ts`).
 */
import type { PushResponse, PushResult } from '../../../shared/sync/wire';
import type { DeskDb } from '../db/schema';
import { parcelFromWire } from '../../../shared/domain';
import type { CaseSnapshotRow, ConflictRow, OutboxRow, ParcelSnapshotRow } from '../db/types';
import { SyncApiError, type SyncApi } from './api';
import { uploadAttachments } from './attachments';
import { MAX_BATCH } from './limits';
import { readPolicy, rebaseCase, rebaseCases, SYNC_TABLES } from './local';
import { hasWaitingCommands, singleIdentity, type PushIdentities, type PushIdentity } from './identities';
import { ACTIVE_STATUSES, blockedCases, nextBatch } from './outbox';
import { isParcelCommand, recomputeParcels } from './parcels';
import { isolatePoison, PoisonSuspects, unprocessable } from './poison';
import { inboxEntry, recordRejection } from './refusals';
import { caseFromWire, commandToWire } from './wire-rows';

export interface PushOptions {
  db: DeskDb;
  api: SyncApi;
  clock: () => Date;
  /** Commands per push (at most `MAX_BATCH`). */
  batchSize?: number | undefined;
  /** A push unanswered for this long marks its rows 'sending' (pending list); default 1 s. */
  markSendingAfterMs?: number | undefined;
  /**
   * Whose token and device id each person's commands go with (a shared workstation). Without it
   * every command goes with `api` and the signed-in device id (a desk with one account).
   */
  identities?: PushIdentities | undefined;
}

export class Pusher {
  readonly #db: DeskDb;
  readonly #api: SyncApi;
  readonly #clock: () => Date;
  readonly #batchSize: number;
  readonly #markSendingAfterMs: number;
  readonly #identities: PushIdentities | undefined;
  /** Commands whose requests failed in a way that may be their own doing (kept across syncs). */
  readonly #suspects = new PoisonSuspects();

  constructor(options: PushOptions) {
    this.#db = options.db;
    this.#api = options.api;
    this.#clock = options.clock;
    this.#batchSize = Math.max(1, Math.min(MAX_BATCH, options.batchSize ?? MAX_BATCH));
    this.#markSendingAfterMs = options.markSendingAfterMs ?? 1_000;
    this.#identities = options.identities;
  }

  /**
   * Pushes everything pushable, each person's commands under their own identity (see
   * `identities.ts`), in rounds while any round moved something: a command may wait behind
   * another person's on the same case. Someone whose token is missing or refused is skipped (their
   * commands wait for them); a refusal of the signed-in person's token is reported once the others
   * are done. Returns the number of commands answered.
   */
  async pushAll(signal?: AbortSignal): Promise<number> {
    const identities = this.#identities;
    if (!identities) return this.#pushUnder(await singleIdentity(this.#db, this.#api), signal);
    let pushed = 0;
    let refusal: SyncApiError | null = null;
    const waiting = new Set<string>();
    for (;;) {
      let moved = 0;
      for (const actorId of await this.#waitingActors(waiting)) {
        const identity = await identities.forActor(actorId);
        if (!identity) {
          waiting.add(actorId);
          continue;
        }
        try {
          moved += await this.#pushUnder(identity, signal);
        } catch (error) {
          if (!(error instanceof SyncApiError) || error.kind !== 'unauthorized') throw error;
          waiting.add(actorId);
          if (identity.current) refusal = error;
          else await identities.refused(identity);
          continue;
        }
        if (!identity.current && !(await hasWaitingCommands(this.#db, actorId))) await identities.drained(identity);
      }
      pushed += moved;
      if (moved === 0) break;
    }
    if (refusal) throw refusal;
    return pushed;
  }

  /** The people with commands waiting, in the order of their first one (`skip` left out). */
  async #waitingActors(skip: ReadonlySet<string>): Promise<string[]> {
    const first = new Map<string, number>();
    await this.#db.outbox
      .where('status')
      .anyOf([...ACTIVE_STATUSES])
      .each((row) => {
        const id = row.command.actor.id;
        if (!skip.has(id)) first.set(id, Math.min(first.get(id) ?? Infinity, row.seq));
      });
    return [...first.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }

  /**
   * One person's commands (all, for a desk with one account), batch after batch until none is
   * pushable, one request on its way at a time. While a
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
  async #pushUnder(identity: PushIdentity, signal?: AbortSignal): Promise<number> {
    const db = this.#db;
    // The device id the person's token was issued for.
    const { deviceId, api } = identity;
    const actorId = identity.actorId ?? undefined;
    let pushed = 0;
    let unrecorded: { rows: OutboxRow[]; results: PushResult[] } | null = null;
    const record = async (): Promise<void> => {
      const answers = unrecorded;
      unrecorded = null;
      if (answers) pushed += await this.#recordResults(answers.rows, answers.results);
    };
    const choose = (skip: ReadonlySet<string>): Promise<OutboxRow[]> => db.transaction('r', [db.outbox, db.conflicts], () => nextBatch(db, this.#batchSize, skip, actorId));
    const send = (rows: readonly OutboxRow[]): Promise<PushResponse> => api.push({ deviceId, commands: rows.map(commandToWire) }, signal);
    try {
      let batch = await choose(new Set());
      for (;;) {
        if (batch.length === 0 && !unrecorded) return pushed;
        const sendable = batch.length > 0 ? await uploadAttachments(db, api, batch, () => this.#clock().toISOString(), signal) : [];
        if (sendable.length === 0) {
          // Nothing to send now: record what is answered, then look at the outbox again.
          await record();
          batch = await choose(new Set());
          continue;
        }
        const request = send(sendable);
        // Awaited below; until then a failure must not count as unhandled.
        request.catch(() => undefined);
        const slowMarks: Promise<unknown>[] = [];
        const slow = setTimeout(() => slowMarks.push(this.#markSent(sendable)), this.#markSendingAfterMs);
        let poisoned: SyncApiError | null = null;
        try {
          await record();
          const next = choose(new Set(sendable.map((row) => row.caseId)));
          next.catch(() => undefined);
          try {
            // No mark once the answer is here, even while the next batch is still being chosen.
            const response = await request.finally(() => clearTimeout(slow));
            assertAnswered(sendable, response);
            unrecorded = { rows: sendable, results: response.results };
            this.#suspects.clear(sendable);
          } catch (error) {
            if (!(error instanceof SyncApiError) || error.kind === 'aborted') throw error;
            await this.#markSent(sendable, error.code);
            if (!this.#suspects.failed(sendable, error)) throw error;
            poisoned = error;
          }
          batch = await next;
        } finally {
          clearTimeout(slow);
          // Written before the answers are recorded (transactions on the outbox run in order).
          await Promise.allSettled(slowMarks);
        }
        if (poisoned) {
          // This batch has failed before in the same way: find the command it cannot take.
          pushed += await isolatePoison(sendable, poisoned, {
            send: async (rows) => {
              const response = await send(rows);
              assertAnswered(rows, response);
              return response;
            },
            record: async (rows, results) => {
              this.#suspects.clear(rows);
              return this.#recordResults(rows, results);
            },
            failed: (rows, error) => this.#markSent(rows, error.code),
            poisoned: (row, error) => this.#recordPoisoned(row, error),
            inconclusive: (rows) => this.#suspects.clear(rows),
          });
          batch = await choose(new Set());
        }
      }
    } finally {
      // Only reached with answers left over when the loop stopped on an error: record them, and
      // report that error (if recording fails too, the rows stay 'sending' and go again).
      if (unrecorded) await record().catch(() => undefined);
    }
  }

  /** Marks rows as on their way; absolute values from the rows as chosen, so marking twice counts one attempt. */
  #markSent(rows: readonly OutboxRow[], lastError?: string): Promise<unknown> {
    const db = this.#db;
    const now = this.#clock().toISOString();
    return db.transaction('rw', db.outbox, () =>
      db.outbox.bulkUpdate(rows.map((row) => ({ key: row.id, changes: { status: 'sending', attempts: row.attempts + 1, updatedAt: now, ...(lastError ? { lastError } : {}) } }))),
    );
  }

  /** A command the server cannot process goes to the inbox; its case's later commands wait behind it. */
  async #recordPoisoned(row: OutboxRow, error: SyncApiError): Promise<void> {
    const db = this.#db;
    const now = this.#clock().toISOString();
    const policy = await readPolicy(db);
    await db.transaction('rw', [...SYNC_TABLES], async () => {
      await recordRejection(db, row, unprocessable(error), now);
      if (isParcelCommand(row.command)) await recomputeParcels(db, [row.caseId], now, policy);
      else await rebaseCase(db, row.caseId, now, policy);
    });
    this.#suspects.clear([row]);
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
      const serverParcels: ParcelSnapshotRow[] = [];
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
          if (isParcelCommand(row.command)) {
            // A parcel conflict carries the parcel as the server holds it.
            inbox.push(inboxEntry(row, 'conflict', final.rejection, now, null, final.case.version));
            const parcel = parcelFromWire(final.case.data);
            if (parcel) serverParcels.push({ id: parcel.id, version: final.case.version, changeSeq: 0, data: parcel });
            continue;
          }
          const serverCase = caseFromWire(final.case.data);
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
      const parcelIds = [...new Set(answered.filter((r) => isParcelCommand(r.command)).map((r) => r.caseId))];
      if (serverParcels.length > 0) {
        const mine = await db.parcelSnapshots.bulkGet(serverParcels.map((p) => p.id));
        const newer = serverParcels.filter((p, i) => p.version > (mine[i]?.version ?? -1)).map((p, i) => ({ ...p, changeSeq: mine[i]?.changeSeq ?? 0 }));
        if (newer.length > 0) await db.parcelSnapshots.bulkPut(newer);
      }
      // In answer order, as the cases were touched.
      await rebaseCases(db, [...new Set(answered.map((r) => r.caseId))].filter((id) => rebase.has(id) && !parcelIds.includes(id)), now, policy);
      await recomputeParcels(db, parcelIds, now, policy);
      return answered.length;
    });
  }
}

/** A reply that answers none of the commands sent is not an answer to this request. */
function assertAnswered(rows: readonly OutboxRow[], response: PushResponse): void {
  const ids = new Set(response.results.map((r) => r.id));
  if (!rows.some((row) => ids.has(row.id))) throw new SyncApiError('server', 'sync.invalid_reply', 200, 'push answered none of the commands');
}
