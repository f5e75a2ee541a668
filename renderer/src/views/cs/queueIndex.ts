/**
 * The queue index: what the queues ask of every case (`QueueFacts`), held in memory and kept
 * equal to the local store, so that a filter, a search or a sort over 100,000 cases is a walk
 * of an array (milliseconds) instead of IndexedDB index reads (Chromium serves those key by key:
 * 0.7–1 s for a wide filter intersected with a large queue).
 *
 * - **Built** in the background, once a session first shows the queues: the case view read in
 *   chunks by id, each in its own short read, so other reads of the store are not held behind it
 *   for more than one chunk. While it is built, queries use the index reads (`queueKeys`).
 * - **Kept equal** to the store through Dexie's `storagemutated`, which names the keys of every
 *   committed write to the case view — from this window, another window of the desk or the sync
 *   engine. Listening starts before the first chunk is read, so a write during the build is read
 *   again after it. Changed keys are read again by id; a write over a range of keys (a clear, a
 *   range delete) or a very large batch builds the index again.
 * - **Never stale:** `current()` waits until the changes already announced are applied, and
 *   answers null (use the index reads) while the index is being built.
 */
import Dexie, { type IntervalTree } from 'dexie';
import { readAll, singleKeys } from '../../db/follow';
import type { DeskDb } from '../../db/schema';
import { factsOf, type QueueFacts } from './queueFacts';

export interface QueueIndexOptions {
  /** Rows read per chunk while building. */
  chunk?: number;
  /** More changed keys than this (a large sync batch) build the index again instead of reading them by id. */
  rebuildAbove?: number;
  /** A build waits this long after the last large change, so a long sync builds once, after it. */
  quietMs?: number;
}

const DEFAULTS: Required<QueueIndexOptions> = { chunk: 500, rebuildAbove: 5000, quietMs: 1000 };

/** A part of `storagemutated` that tells nothing more precise than "the table changed". */
const WHOLE = Symbol('whole table');

/** The primary keys of the case view a `storagemutated` event names, WHOLE for a range, or null when it does not touch the case view. */
export function changedKeys(dbName: string, parts: Record<string, IntervalTree>): string[] | typeof WHOLE | null {
  const prefix = `idb://${dbName}/caseView/`;
  let touched = false;
  let primary: IntervalTree | undefined;
  for (const [part, tree] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue;
    touched = true;
    if (part === prefix) primary = tree;
  }
  if (!touched) return null;
  if (primary === undefined) return WHOLE;
  return singleKeys(primary) ?? WHOLE;
}

export class QueueIndex {
  private readonly facts = new Map<string, QueueFacts>();
  private readonly options: Required<QueueIndexOptions>;
  private listening = false;
  private built = false;
  /** Bumped to abandon the build or the reading of changed keys under way. */
  private generation = 0;
  /** Keys announced as changed and not yet read again. */
  private readonly dirty = new Set<string>();
  /** The changed keys being read again; queries wait for it. */
  private applying: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly watchers = new Set<(built: boolean) => void>();

  constructor(
    private readonly db: DeskDb,
    options: QueueIndexOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  private readonly onMutated = (parts: Record<string, IntervalTree>): void => {
    const keys = changedKeys(this.db.name, parts);
    if (keys === null) return;
    if (keys === WHOLE || this.dirty.size + keys.length > this.options.rebuildAbove) {
      this.requestBuild(this.options.quietMs);
      return;
    }
    for (const key of keys) this.dirty.add(key);
    if (this.built) this.applyChanges();
  };

  /** Starts listening and building; again after `stop` or a failed build, otherwise nothing. */
  start(): void {
    if (this.listening) return;
    this.listening = true;
    Dexie.on('storagemutated', this.onMutated);
    this.requestBuild(0);
  }

  /** Stops listening and forgets every case (sign-out). */
  stop(): void {
    if (!this.listening) return;
    this.listening = false;
    Dexie.on('storagemutated').unsubscribe(this.onMutated);
    this.invalidate();
    this.facts.clear();
  }

  /** Calls `watcher` whenever the index becomes built or stops being built; returns the unsubscribe. */
  watch(watcher: (built: boolean) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private setBuilt(built: boolean): void {
    if (this.built === built) return;
    this.built = built;
    for (const watcher of this.watchers) watcher(built);
  }

  /** Built and every announced change applied. */
  get ready(): boolean {
    return this.built && this.dirty.size === 0 && this.applying === null;
  }

  get size(): number {
    return this.facts.size;
  }

  /**
   * Every case's facts, once the changes announced so far are applied; null while the index is
   * not built: the caller then reads the store's indexes.
   */
  async current(): Promise<ReadonlyMap<string, QueueFacts> | null> {
    // The listeners of one `storagemutated` event are called one after another: let this index's
    // own listener run before looking, whichever of them was called first.
    await Promise.resolve();
    while (this.built && this.applying !== null) await this.applying;
    return this.built ? this.facts : null;
  }

  /** Abandons whatever is under way; queries read the store's indexes until the next build. */
  private invalidate(): void {
    this.generation += 1;
    this.setBuilt(false);
    this.applying = null;
    this.dirty.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private requestBuild(delayMs: number): void {
    this.invalidate();
    this.timer = setTimeout(() => void this.build(), delayMs);
  }

  private async build(): Promise<void> {
    this.timer = undefined;
    const generation = ++this.generation;
    // Keys announced from here on are read again after the build: their chunk may have been read before the write.
    this.dirty.clear();
    this.facts.clear();
    try {
      const read = await readAll(this.db.caseView, factsOf, this.facts, (row) => row.id, this.options.chunk, () => generation === this.generation);
      if (!read) return;
    } catch {
      // Started again when the queues are next shown; until then the queue reads the store's indexes.
      if (generation === this.generation) this.stop();
      return;
    }
    this.setBuilt(true);
    if (this.dirty.size > 0) this.applyChanges();
  }

  /** Reads the changed keys again, until none is left; a failure builds the index again. */
  private applyChanges(): void {
    if (this.applying !== null) return;
    const generation = this.generation;
    const run = (async () => {
      while (this.dirty.size > 0 && generation === this.generation) {
        const keys = [...this.dirty];
        this.dirty.clear();
        const rows = await this.db.caseView.bulkGet(keys);
        if (generation !== this.generation) return;
        keys.forEach((key, i) => {
          const row = rows[i];
          if (row) this.facts.set(key, factsOf(row));
          else this.facts.delete(key);
        });
      }
    })().then(
      () => {
        if (this.applying === run) this.applying = null;
      },
      () => {
        if (generation === this.generation) this.requestBuild(this.options.quietMs);
      },
    );
    this.applying = run;
  }
}

const indexes = new Map<DeskDb, QueueIndex>();

/** The queue index of a store (one per store in this window; the queues page starts it). */
export function queueIndexOf(db: DeskDb): QueueIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new QueueIndex(db);
    indexes.set(db, index);
  }
  return index;
}

/** Stops and forgets every queue index of this window (sign-out: the next person starts afresh). */
export function stopQueueIndexes(): void {
  for (const index of indexes.values()) index.stop();
  indexes.clear();
}
