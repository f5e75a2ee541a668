/**
 * The dashboard's source: every case and order of the local store projected once (`stats/facts`)
 * and then kept current incrementally. The store is read in chunks when the dashboard first
 * opens; after that, Dexie's `storagemutated` event (this window's writes and, through Dexie's
 * broadcast, other windows' and the sync engine's) names the rows that changed, and only those are
 * read again. A change the event cannot name row by row (a cleared table, a new policy) reads
 * everything again. So opening the dashboard a second time, changing the range, the theme or the
 * language never reads the store; the figures come from one pass over the projections.
 *
 * The projections are also kept in the store, packed (`stats/pack`) in one `meta` row with the
 * store's change marker of the moment they were read: the pull cursor, the next outbox sequence
 * and the count of local overlays (every write to the merged cases moves one of them: a pull, a
 * command recorded here, a command refused or discarded). A later start whose marker is the same
 * reads that row instead of every case; any other marker reads everything and packs it again.
 */
import Dexie, { RangeSet, type IntervalTree, type ObservabilitySet } from 'dexie';
import { DEFAULT_POLICY, type Policy } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { CaseViewRow, OrderRow } from '../db/types';
import { ZoneClock, caseFacts, orderFacts, packFacts, unpackFacts, type CaseFacts, type OrderFacts, type PackedFacts } from '../stats';
import { readPolicy } from '../sync/local';

/** Rows per read: big enough for few round trips, small enough to let the page paint between them. */
const CHUNK = 20_000;
/** Changes arriving together (a pulled page) are read again as one batch. */
const SETTLE_MS = 250;
/** The packed projections wait this long after the last change before they are written. */
const PERSIST_MS = 3_000;
export const DASHBOARD_CACHE_KEY = 'dashboardFacts';

interface CacheRow {
  marker: string;
  packed: PackedFacts;
}

/** What moves whenever the merged cases or the orders change (see the file comment). */
export async function changeMarker(db: DeskDb, policy: Policy): Promise<string> {
  const [cursor, seq, overlays] = await Promise.all([db.meta.get('cursor'), db.meta.get('nextSeq'), db.overlay.count()]);
  return JSON.stringify([cursor?.value ?? null, seq?.value ?? null, overlays, policy.timeZone, policy.deadlines]);
}

export interface DashboardSnapshot {
  cases: ReadonlyMap<string, CaseFacts>;
  orders: ReadonlyMap<string, OrderFacts>;
  timeZone: string;
  /** Bumped on every change: the figures are recomputed when it moves. */
  revision: number;
  /** How long the last full read took (ms). */
  readMs: number;
  /** Where the last full read came from: the packed copy, or every row of the store. */
  source: 'cache' | 'store';
  /** Milliseconds of each step of the last full read (policy and marker, packed copy, unpacking or rows). */
  phases: Record<string, number>;
}

type Listener = (snapshot: DashboardSnapshot) => void;

async function readAll<T, P>(table: Dexie.Table<T, string>, project: (row: T) => P, into: Map<string, P>, key: (row: T) => string): Promise<void> {
  let last: string | undefined;
  for (;;) {
    const rows = await (last === undefined ? table.orderBy(':id') : table.where(':id').above(last)).limit(CHUNK).toArray();
    for (const row of rows) into.set(key(row), project(row));
    if (rows.length < CHUNK) return;
    last = key(rows[rows.length - 1] as T);
  }
}

/** Keys named one by one in a mutated part; null when it holds a range (read everything again). */
function singleKeys(tree: IntervalTree | undefined): string[] | null {
  if (!tree || tree.d === 0) return [];
  const out: string[] = [];
  for (const node of RangeSet(tree)) {
    if (typeof node.from !== 'string' || node.from !== node.to) return null;
    out.push(node.from);
  }
  return out;
}

export class DashboardFeed {
  readonly #db: DeskDb;
  #cases = new Map<string, CaseFacts>();
  #orders = new Map<string, OrderFacts>();
  #policy: Policy = DEFAULT_POLICY;
  #clock = new ZoneClock(DEFAULT_POLICY.timeZone);
  #revision = 0;
  #readMs = 0;
  #source: 'cache' | 'store' = 'store';
  #phases: Record<string, number> = {};
  #persistTimer: ReturnType<typeof setTimeout> | null = null;
  #marker = '';
  #ready: Promise<void> | null = null;
  #listeners = new Set<Listener>();
  #dirtyCases = new Set<string>();
  #dirtyOrders = new Set<string>();
  #reloadAll = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> = Promise.resolve();
  readonly #onMutated = (parts: ObservabilitySet): void => this.#noteChanges(parts);

  constructor(db: DeskDb) {
    this.#db = db;
  }

  /** Reads the store the first time; later calls return at once. */
  ready(): Promise<void> {
    if (!this.#ready) {
      Dexie.on('storagemutated', this.#onMutated);
      this.#ready = this.#readEverything();
      this.#ready.catch(() => {
        this.#ready = null;
      });
    }
    return this.#ready;
  }

  snapshot(): DashboardSnapshot {
    return { cases: this.#cases, orders: this.#orders, timeZone: this.#policy.timeZone, revision: this.#revision, readMs: this.#readMs, source: this.#source, phases: this.#phases };
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stop(): void {
    Dexie.on('storagemutated').unsubscribe(this.#onMutated);
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#persistTimer) clearTimeout(this.#persistTimer);
    this.#listeners.clear();
  }

  async #readEverything(): Promise<void> {
    const started = performance.now();
    this.#policy = await readPolicy(this.#db);
    this.#clock = new ZoneClock(this.#policy.timeZone);
    // The marker is read before the rows: a change while they are read makes the copy look older
    // than it is (read again next time), never newer.
    const marker = await changeMarker(this.#db, this.#policy);
    const markedAt = performance.now();
    const cached = (await this.#db.meta.get(DASHBOARD_CACHE_KEY))?.value as CacheRow | undefined;
    const copiedAt = performance.now();
    this.#phases = { marker: Math.round(markedAt - started), copy: Math.round(copiedAt - markedAt) };
    if (cached?.marker === marker) {
      try {
        const unpacked = unpackFacts(cached.packed);
        this.#phases.unpack = Math.round(performance.now() - copiedAt);
        this.#cases = unpacked.cases;
        this.#orders = unpacked.orders;
        this.#marker = marker;
        this.#source = 'cache';
        this.#readMs = performance.now() - started;
        this.#publish();
        return;
      } catch {
        // A damaged or older copy: read the store.
      }
    }
    const cases = new Map<string, CaseFacts>();
    const orders = new Map<string, OrderFacts>();
    const clock = this.#clock;
    const policy = this.#policy;
    await Promise.all([
      readAll(this.#db.caseView, (row: CaseViewRow) => caseFacts(row, clock, policy), cases, (row) => row.id),
      readAll(this.#db.orders, (row: OrderRow) => orderFacts(row, clock), orders, (row) => row.id),
    ]);
    this.#cases = cases;
    this.#orders = orders;
    this.#marker = marker;
    this.#source = 'store';
    this.#readMs = performance.now() - started;
    this.#phases.rows = Math.round(performance.now() - copiedAt);
    this.#publish();
    this.#persistSoon(1_000);
  }

  /** Writes the packed projections with their marker once changes have settled. */
  #persistSoon(delay = PERSIST_MS): void {
    if (this.#persistTimer) clearTimeout(this.#persistTimer);
    this.#persistTimer = setTimeout(() => {
      this.#persistTimer = null;
      const row: CacheRow = { marker: this.#marker, packed: packFacts(this.#cases.values(), this.#orders.values()) };
      // A copy that cannot be written (a full disk) only costs the next start a full read.
      this.#db.meta.put({ key: DASHBOARD_CACHE_KEY, value: row }).catch(() => undefined);
    }, delay);
  }

  #noteChanges(parts: ObservabilitySet): void {
    const prefix = `idb://${this.#db.name}/`;
    const metaKeys = singleKeys(parts[`${prefix}meta/`]);
    if (metaKeys === null || metaKeys.includes('policy')) this.#reloadAll = true;
    for (const [table, dirty] of [['caseView', this.#dirtyCases], ['orders', this.#dirtyOrders]] as const) {
      for (const part of ['', ':dels']) {
        const keys = singleKeys(parts[`${prefix}${table}/${part}`]);
        if (keys === null) this.#reloadAll = true;
        else for (const k of keys) dirty.add(k);
      }
    }
    if (!this.#reloadAll && this.#dirtyCases.size === 0 && this.#dirtyOrders.size === 0) return;
    if (this.#timer === null) this.#timer = setTimeout(() => this.#schedule(), SETTLE_MS);
  }

  #schedule(): void {
    this.#timer = null;
    this.#flushing = this.#flushing.then(() => this.#flush()).catch(() => {
      // A failed read is retried in full with the next change.
      this.#reloadAll = true;
    });
  }

  async #flush(): Promise<void> {
    if (this.#ready === null) return;
    await this.#ready;
    if (this.#reloadAll) {
      this.#reloadAll = false;
      this.#dirtyCases.clear();
      this.#dirtyOrders.clear();
      await this.#readEverything();
      return;
    }
    const caseIds = [...this.#dirtyCases];
    const orderIds = [...this.#dirtyOrders];
    this.#dirtyCases.clear();
    this.#dirtyOrders.clear();
    const marker = await changeMarker(this.#db, this.#policy);
    const [rows, orderRows] = await Promise.all([this.#db.caseView.bulkGet(caseIds), this.#db.orders.bulkGet(orderIds)]);
    // Copies, so a snapshot already handed out stays as it was.
    const cases = new Map(this.#cases);
    const orders = new Map(this.#orders);
    caseIds.forEach((id, i) => {
      const row = rows[i];
      if (row) cases.set(id, caseFacts(row, this.#clock, this.#policy));
      else cases.delete(id);
    });
    orderIds.forEach((id, i) => {
      const row = orderRows[i];
      if (row) orders.set(id, orderFacts(row, this.#clock));
      else orders.delete(id);
    });
    this.#cases = cases;
    this.#orders = orders;
    this.#marker = marker;
    this.#publish();
    this.#persistSoon();
  }

  #publish(): void {
    this.#revision += 1;
    const snap = this.snapshot();
    for (const listener of this.#listeners) listener(snap);
  }
}

const feeds = new WeakMap<DeskDb, DashboardFeed>();

/** The one feed of a store (it stays warm after the dashboard closes: reopening reads nothing). */
export function dashboardFeed(db: DeskDb): DashboardFeed {
  let feed = feeds.get(db);
  if (!feed) {
    feed = new DashboardFeed(db);
    feeds.set(db, feed);
  }
  return feed;
}
