/**
 * What the conflict inbox may offer for one conflict, as live state: re-checked whenever the case,
 * its order or the conflict change in the local store, or another person signs in.
 */
import type { Actor } from '../../../../shared/domain';
import type { ConflictRow } from '../../db/types';
import { useLiveQuery, type LiveQueryState } from '../../composables/useLiveQuery';
import { conflictOptions, type ConflictOptions } from '../../sync/conflict-options';
import { runtime } from '../../sync/runtime';

export function useConflictOptions(conflict: () => ConflictRow, actor: () => Actor | null): LiveQueryState<ConflictOptions | null> {
  return useLiveQuery<ConflictOptions | null>(
    (db) => {
      const who = actor();
      return who ? conflictOptions(db, conflict(), who, runtime().clock) : Promise.resolve(null);
    },
    null,
    [conflict, actor],
  );
}
