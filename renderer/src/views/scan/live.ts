/**
 * The cases at the bench, read live (Dexie liveQuery): a case another workstation changed, or a
 * pull brought in, shows at once with what its worker may now do — without a new scan. The
 * rules are read in the same query, so a change to another case of the order (or to the order)
 * refreshes them too.
 */
import { liveQuery } from 'dexie';
import type { Actor } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow } from '../../db/types';
import { rulesFor, type BenchRules } from './rules';

export interface LiveCases {
  /** The cases still in the store, in the order asked for. */
  views: CaseViewRow[];
  rules: BenchRules;
}

/** Follows the cases `ids`; `next` gets them whenever they (or their orders' context) change. Returns the stop function. */
export function watchCases(db: DeskDb, ids: readonly string[], actor: Actor | null, now: () => string, next: (live: LiveCases) => void, error: (e: unknown) => void): () => void {
  const subscription = liveQuery(async (): Promise<LiveCases> => {
    const rows = await db.caseView.bulkGet([...ids]);
    const views = rows.filter((v): v is CaseViewRow => v !== undefined);
    return { views, rules: await rulesFor(db, views, actor, now()) };
  }).subscribe({ next, error });
  return () => subscription.unsubscribe();
}

export interface FollowOptions {
  db(): Promise<DeskDb>;
  actor(): Actor | null;
  now(): string;
  next(live: LiveCases): void;
  error(e: unknown): void;
}

/**
 * Follows one set of cases at a time (those on the bench or in the pick list): following others,
 * or none, stops the previous read, and an answer for cases no longer shown is dropped.
 */
export function createFollower(options: FollowOptions): { follow(ids: readonly string[]): void } {
  let stop: (() => void) | null = null;
  let generation = 0;
  function follow(ids: readonly string[]): void {
    generation += 1;
    stop?.();
    stop = null;
    if (ids.length === 0) return;
    const mine = generation;
    void options.db().then((store) => {
      if (mine !== generation) return;
      stop = watchCases(store, ids, options.actor(), options.now, (live) => mine === generation && options.next(live), options.error);
    });
  }
  return { follow };
}

/** `current` with each case replaced by its newer row; the same array when none changed (views keyed on it stay put). */
export function freshen(current: CaseViewRow[], views: readonly CaseViewRow[]): CaseViewRow[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  let changed = false;
  const next = current.map((c) => {
    const v = byId.get(c.id);
    if (!v || (v.version === c.version && v.serverVersion === c.serverVersion && v.pendingCount === c.pendingCount && v.state === c.state)) return c;
    changed = true;
    return v;
  });
  return changed ? next : current;
}
