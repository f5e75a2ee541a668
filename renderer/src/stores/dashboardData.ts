/**
 * The dashboard's source: every case and order of the local store projected once (`stats/facts`),
 * folded into per-day sums (`stats/summary`) and then kept current incrementally. Dexie's
 * `storagemutated` event (this window's writes and, through Dexie's broadcast, other windows' and
 * the sync engine's) names the rows that changed, and only those are read again; a change the
 * event cannot name row by row (a cleared table, a new policy) reads everything again. So
 * opening the dashboard a second time, changing the range, the theme or the language never reads
 * the store, and the figures of a range are one pass over its days.
 *
 * A start reads the saved summary (`dashboardCache.ts`) when the store has not changed since it
 * was saved: the charts are drawn from it without reading a case. The projections themselves
 * (for the drill-down and for keeping the figures current) are read only when first wanted: a
 * drill-down, or a change in the store. Any other start reads every row and saves both copies.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { DEFAULT_POLICY, type Policy } from '../../../shared/domain';
import { readAll, singleKeys } from '../db/follow';
import type { DeskDb } from '../db/schema';
import type { CaseViewRow, OrderRow } from '../db/types';
import { runtime } from '../sync/runtime';
import { ZoneClock, caseFacts, orderFacts, packFacts, summarize, unpackFacts, type CaseFacts, type DashboardSummary, type OrderFacts } from '../stats';
import { readOpening, readPackedFacts, saveCopies } from './dashboardCache';

export { DASHBOARD_CACHE_KEY, DASHBOARD_SUMMARY_KEY, changeMarker } from './dashboardCache';

/** Rows per read: big enough for few round trips, small enough to let the page paint between them. */
const CHUNK = 20_000;
/** Changes arriving together (a pulled page) are read again as one batch. */
const SETTLE_MS = 250;
/** The saved copies wait this long after the last change before they are written. */
const PERSIST_MS = 3_000;

export interface DashboardFacts {
  cases: ReadonlyMap<string, CaseFacts>;
  orders: ReadonlyMap<string, OrderFacts>;
}

export interface DashboardSnapshot {
  summary: DashboardSummary;
  timeZone: string;
  /** Bumped on every change: the figures are recomputed when it moves. */
  revision: number;
  /** How long the last full read took (ms). */
  readMs: number;
  /** Where the last full read came from: the saved summary, or every row of the store. */
  source: 'cache' | 'store';
  /** Milliseconds of the last full read: when it started (since the page's start), the opening read, the rows when they were read. */
  phases: Record<string, number>;
}

type Listener = (snapshot: DashboardSnapshot) => void;

export class DashboardFeed {
  readonly #db: DeskDb;
  /** The projections, once read (null until a drill-down or a change wants them). */
  #facts: { cases: Map<string, CaseFacts>; orders: Map<string, OrderFacts> } | null = null;
  #factsLoading: Promise<DashboardFacts> | null = null;
  #summary: DashboardSummary = summarize([], []);
  #policy: Policy = DEFAULT_POLICY;
  #clock = new ZoneClock(DEFAULT_POLICY.timeZone);
  #revision = 0;
  #readMs = 0;
  #source: 'cache' | 'store' = 'store';
  #phases: Record<string, number> = {};
  #persistTimer: ReturnType<typeof setTimeout> | null = null;
  /** The marker the projections and the summary are at. */
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

  /** Reads the summary the first time; later calls return at once. */
  ready(): Promise<void> {
    if (!this.#ready) {
      // Listening before the marker is read: no change after it goes unnoticed.
      Dexie.on('storagemutated', this.#onMutated);
      this.#ready = this.#open();
      this.#ready.catch(() => {
        this.#ready = null;
      });
    }
    return this.#ready;
  }

  snapshot(): DashboardSnapshot {
    return { summary: this.#summary, timeZone: this.#policy.timeZone, revision: this.#revision, readMs: this.#readMs, source: this.#source, phases: this.#phases };
  }

  /** The projections of every case and order (read once, from the saved copy when it is current). */
  async facts(): Promise<DashboardFacts> {
    await this.ready();
    if (this.#facts) return this.#facts;
    if (!this.#factsLoading) {
      this.#factsLoading = this.#loadFacts();
      this.#factsLoading.catch(() => {
        this.#factsLoading = null;
      });
    }
    return this.#factsLoading;
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

  /** The first read: the saved summary when it is current, every row otherwise. */
  async #open(): Promise<void> {
    const started = performance.now();
    const opening = await readOpening(this.#db);
    this.#setPolicy(opening.policy);
    const openedAt = performance.now();
    if (opening.summary) {
      this.#summary = opening.summary;
      this.#marker = opening.marker;
      this.#source = 'cache';
      this.#phases = { at: Math.round(started), opening: Math.round(openedAt - started) };
      this.#readMs = openedAt - started;
      this.#publish();
      return;
    }
    await this.#readStore(opening.marker, started, { at: Math.round(started), opening: Math.round(openedAt - started) });
  }

  #setPolicy(policy: Policy): void {
    this.#policy = policy;
    if (this.#clock.timeZone !== policy.timeZone) this.#clock = new ZoneClock(policy.timeZone);
  }

  /**
   * Every row of the store, projected, at `marker` (read before the rows: a change while they
   * are read makes the copy look older than it is, never newer), then both copies saved.
   */
  async #readStore(marker: string, started: number, phases: Record<string, number>): Promise<DashboardFacts> {
    const rowsFrom = performance.now();
    const cases = new Map<string, CaseFacts>();
    const orders = new Map<string, OrderFacts>();
    const clock = this.#clock;
    const policy = this.#policy;
    await Promise.all([
      readAll(this.#db.caseView, (row: CaseViewRow) => caseFacts(row, clock, policy), cases, (row) => row.id, CHUNK),
      readAll(this.#db.orders, (row: OrderRow) => orderFacts(row, clock), orders, (row) => row.id, CHUNK),
    ]);
    const facts = { cases, orders };
    this.#facts = facts;
    this.#summary = summarize(cases.values(), orders.values());
    this.#marker = marker;
    this.#source = 'store';
    this.#readMs = performance.now() - started;
    this.#phases = { ...phases, rows: Math.round(performance.now() - rowsFrom) };
    this.#publish();
    this.#persistSoon(1_000);
    return facts;
  }

  /** The projections at the summary's marker: the saved copy, or every row when it is not current. */
  async #loadFacts(): Promise<DashboardFacts> {
    const packed = await readPackedFacts(this.#db, this.#marker);
    if (this.#facts) return this.#facts;
    if (packed) {
      try {
        this.#facts = unpackFacts(packed);
        return this.#facts;
      } catch {
        // A damaged or older copy: read the store.
      }
    }
    const { marker } = await readOpening(this.#db);
    return this.#readStore(marker, performance.now(), {});
  }

  /** Saves the summary and the packed projections with their marker once changes have settled. */
  #persistSoon(delay = PERSIST_MS): void {
    if (this.#persistTimer) clearTimeout(this.#persistTimer);
    this.#persistTimer = setTimeout(() => {
      this.#persistTimer = null;
      const facts = this.#facts;
      if (!facts) return;
      // A copy that cannot be written (a full disk) only costs the next start a full read.
      saveCopies(this.#db, this.#marker, this.#summary, packFacts(facts.cases.values(), facts.orders.values())).catch(() => undefined);
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
      const started = performance.now();
      const opening = await readOpening(this.#db);
      this.#setPolicy(opening.policy);
      await this.#readStore(opening.marker, started, { opening: Math.round(performance.now() - started) });
      return;
    }
    // The rows named since the summary's marker, on top of the projections at that marker.
    const base = await this.facts();
    const caseIds = [...this.#dirtyCases];
    const orderIds = [...this.#dirtyOrders];
    this.#dirtyCases.clear();
    this.#dirtyOrders.clear();
    const { marker } = await readOpening(this.#db);
    const [rows, orderRows] = await Promise.all([this.#db.caseView.bulkGet(caseIds), this.#db.orders.bulkGet(orderIds)]);
    // Copies, so projections already handed out stay as they were.
    const cases = new Map(base.cases);
    const orders = new Map(base.orders);
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
    this.#facts = { cases, orders };
    this.#summary = summarize(cases.values(), orders.values());
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

/** Starts the feed's first read (the router calls it on the way into the dashboard). */
export async function warmDashboardFeed(): Promise<void> {
  await dashboardFeed(await runtime().db()).ready();
}
