/**
 * Pulling the change feed: page after page from the stored cursor, the next page requested while
 * this one is written, each page written in one transaction with the cursor. A tombstone (a case
 * or order deleted, or no longer this workstation's to see) removes the row and the views built
 * on it.
 */
import type { Policy } from '../../../shared/domain';
import type { Change, PullResponse } from '../../../shared/sync/wire';
import { MAX_PULL_LIMIT } from '../../../shared/sync/wire';
import type { DeskDb } from '../db/schema';
import type { CaseSnapshotRow, CaseViewRow, OrderRow, ParcelSnapshotRow } from '../db/types';
import { SyncApiError, type SyncApi } from './api';
import { readPolicy, rebaseCases, SYNC_TABLES, viewRow } from './local';
import type { FirstSyncProgress } from './status';
import { isParcelCommand, recomputeParcels } from './parcels';
import { caseFromWire, orderRowFromChange, parcelSnapshotFromChange } from './wire-rows';

export interface PullOptions {
  db: DeskDb;
  api: SyncApi;
  clock: () => Date;
  /** Changes per page; the largest the API serves by default (half the requests and transactions of a download). */
  pullLimit?: number | undefined;
  /** Lets the UI breathe between pages (a scan must not wait for the first sync). */
  yieldBetweenPages?: (() => Promise<void>) | undefined;
  /** Told how far a first download has come, after each page. */
  onFirstSync: (progress: FirstSyncProgress) => void;
}

const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class Puller {
  readonly #db: DeskDb;
  readonly #api: SyncApi;
  readonly #clock: () => Date;
  readonly #limit: number;
  readonly #yield: () => Promise<void>;
  readonly #onFirstSync: (progress: FirstSyncProgress) => void;

  constructor(options: PullOptions) {
    this.#db = options.db;
    this.#api = options.api;
    this.#clock = options.clock;
    this.#limit = options.pullLimit ?? MAX_PULL_LIMIT;
    this.#yield = options.yieldBetweenPages ?? defaultYield;
    this.#onFirstSync = options.onFirstSync;
  }

  /** Pulls to the end of the feed; returns the number of changes written. */
  async pullAll(signal?: AbortSignal): Promise<number> {
    const db = this.#db;
    let cursor = Number((await db.meta.get('cursor'))?.value ?? 0);
    const first = (await db.meta.get('firstSyncDone'))?.value !== true;
    // A first sync that was interrupted carries on with the count it had reached.
    const resumed = first ? progressOf((await db.meta.get('firstSyncProgress'))?.value) : null;
    let received = resumed?.received ?? 0;
    let total = resumed?.total ?? null;
    let pages = 0;
    const progress = (done: boolean): FirstSyncProgress => ({ received, pages, done, total: total === null ? null : Math.max(total, received) });
    if (first) this.#onFirstSync(progress(false));
    const policy = await readPolicy(db);
    // The next page is requested while this one is written: the server reads while IndexedDB writes.
    const ahead = new AbortController();
    const stopAhead = (): void => ahead.abort();
    signal?.addEventListener('abort', stopAhead, { once: true });
    if (signal?.aborted) ahead.abort();
    const request = (since: number): Promise<PullResponse> => {
      const reply = this.#api.pull(since, this.#limit, ahead.signal);
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
        if (pages === 0 && page.scope !== undefined && (await this.#scopeChanged(page.scope, cursor))) {
          // Pulled under another scope (someone else signed in on this desk, or a store from
          // before feeds had scopes): what it holds may be what this person must not see, or
          // miss what they should. Start over from the beginning of this scope's feed.
          ahead.abort();
          await this.#startOver(page.scope);
          return this.pullAll(signal);
        }
        if (page.hasMore && page.nextCursor <= cursor) throw new SyncApiError('server', 'sync.invalid_reply', 200, 'pull cursor did not advance');
        if (page.hasMore) next = request(page.nextCursor);
        if (first && page.remaining !== undefined) total = received + page.changes.length + page.remaining;
        received += page.changes.length;
        pulled += page.changes.length;
        await this.#applyPage(page, policy, first ? { received, total } : null, orders);
        cursor = page.nextCursor;
        pages += 1;
        if (first) this.#onFirstSync(progress(false));
        if (!page.hasMore) break;
        await this.#yield();
      }
    } finally {
      signal?.removeEventListener('abort', stopAhead);
      ahead.abort();
    }
    if (first) {
      await db.meta.put({ key: 'firstSyncDone', value: true });
      this.#onFirstSync(progress(true));
    }
    return pulled;
  }

  /** Whether the store was pulled under another scope; records the scope of a fresh store. */
  async #scopeChanged(scope: string, cursor: number): Promise<boolean> {
    const stored = (await this.#db.meta.get('pullScope'))?.value;
    if (stored === scope) return false;
    if (cursor > 0) return true;
    await this.#db.meta.put({ key: 'pullScope', value: scope });
    return false;
  }

  /**
   * Drops what the feed brought (case snapshots, orders, merged views) and rewinds the cursor, in
   * one transaction. The desk's own records stay: the outbox and overlay (this desk's commands,
   * still to be answered), conflicts, the parcels it has commands for, and the session log.
   */
  async #startOver(scope: string): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [...SYNC_TABLES], async () => {
      await Promise.all([db.cases.clear(), db.orders.clear(), db.caseView.clear(), db.parcelSnapshots.clear()]);
      // Parcels this desk has commands for stay as those commands make them; the others came with the feed.
      const own = new Set((await db.outbox.toArray()).filter((r) => isParcelCommand(r.command)).map((r) => r.caseId));
      await db.parcels.bulkDelete((await db.parcels.toCollection().primaryKeys()).filter((id) => !own.has(id)));
      await recomputeParcels(db, [...own], this.#clock().toISOString(), await readPolicy(db));
      await db.meta.bulkPut([
        { key: 'cursor', value: 0 },
        { key: 'pullScope', value: scope },
      ]);
      await db.meta.bulkDelete(['firstSyncDone', 'firstSyncProgress']);
    });
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
    const { orders, snapshots, tombstones, goneOrders, parcels } = readPage(page.changes);
    const now = this.#clock().toISOString();
    const meta = [
      { key: 'cursor', value: page.nextCursor },
      { key: 'lastAckedSeq', value: page.lastAckedSeq },
      ...(firstSync ? [{ key: 'firstSyncProgress', value: firstSync }] : []),
    ];
    await db.transaction('rw', [...SYNC_TABLES], async () => {
      if (orders.length > 0) await db.orders.bulkPut(orders);
      if (goneOrders.length > 0) await db.orders.bulkDelete(goneOrders);
      if (snapshots.length > 0) await db.cases.bulkPut(snapshots);
      if (tombstones.length > 0) await db.cases.bulkDelete(tombstones);

      // Every case whose merge may have changed: those on the page and those of its orders.
      const snapshotById = new Map<string, CaseSnapshotRow | undefined>(snapshots.map((s) => [s.id, s]));
      for (const id of tombstones) snapshotById.set(id, undefined);
      const touchedOrders = [...orders.map((o) => o.id), ...goneOrders];
      const ofOrders = touchedOrders.length > 0 ? await db.caseView.where('orderId').anyOf(touchedOrders).primaryKeys() : [];
      const elsewhere = ofOrders.filter((id) => !snapshotById.has(id));
      if (elsewhere.length > 0) (await db.cases.bulkGet(elsewhere)).forEach((row, i) => snapshotById.set(elsewhere[i] as string, row));
      const ids = [...snapshotById.keys()];
      // Only cases with overlay rows need a rebase; for every other one the view is the snapshot.
      const withLocal = new Set((await db.overlay.where('caseId').anyOf(ids).keys()).map(String));
      const orderById = new Map<string, ViewOrder | undefined>(orders.map((o) => [o.id, o]));
      for (const id of goneOrders) orderById.set(id, undefined);
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
      if (parcels.length > 0) {
        await db.parcelSnapshots.bulkPut(parcels);
        await recomputeParcels(db, parcels.map((p) => p.id), now, policy);
      }
      await db.meta.bulkPut(meta);
    });
    // Committed: the next pages may take these orders from memory, and not those that went.
    for (const o of orders) memo.set(o);
    for (const id of goneOrders) memo.delete(id);
  }
}

/** A page's changes as rows: the latest change per document wins. */
function readPage(changes: readonly Change[]): { orders: OrderRow[]; snapshots: CaseSnapshotRow[]; tombstones: string[]; goneOrders: string[]; parcels: ParcelSnapshotRow[] } {
  const latest = new Map<string, Change>();
  for (const change of changes) latest.set(`${change.kind}:${change.id}`, change);
  const orders: OrderRow[] = [];
  const goneOrders: string[] = [];
  const snapshots: CaseSnapshotRow[] = [];
  const tombstones: string[] = [];
  const parcels: ParcelSnapshotRow[] = [];
  for (const change of latest.values()) {
    if (change.kind === 'parcel') {
      // Parcels never leave a warehouse's feed (a disposed one stays as a record): no tombstones.
      parcels.push(parcelSnapshotFromChange(change));
      continue;
    }
    if (change.kind === 'order') {
      if (change.deleted) goneOrders.push(change.id);
      else orders.push(orderRowFromChange(change));
      continue;
    }
    if (change.deleted) {
      tombstones.push(change.id);
      continue;
    }
    const data = caseFromWire(change.data);
    if (!data || change.version === null) throw new SyncApiError('server', 'sync.invalid_reply', 200, `case ${change.id} is not a case`);
    snapshots.push({ id: change.id, caseNo: change.caseNo ?? '', version: change.version, state: data.state, changeSeq: change.seq, data });
  }
  return { orders, snapshots, tombstones, goneOrders, parcels };
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

  delete(id: string): void {
    this.#entries.delete(id);
  }
}

function progressOf(value: unknown): { received: number; total: number | null } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { received, total } = value as { received?: unknown; total?: unknown };
  if (typeof received !== 'number') return null;
  return { received, total: typeof total === 'number' ? total : null };
}
