/**
 * Whether the station's last decision was withdrawn: the server refused it (another station
 * disputed or received the case meanwhile, or the case ended), so what this desk showed as done
 * did not happen. Followed live from the local store, so the station says so as soon as the answer
 * arrives: who did what instead, and what to do with the parcel — and it prints no label for it.
 */
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ConflictRow } from '../../db/types';
import { useLiveQuery } from '../../composables/useLiveQuery';
import { adviceFor, serverHappening } from '../sync/conflictStory';
import { formatTime } from '../../format/labels';

export interface Withdrawal {
  /** What the server holds instead, in a sentence. */
  theirs: string;
  /** What to do with the parcel now. */
  advice: string | null;
}

export function useWithdrawal(commandId: Ref<string | null>) {
  const { t, te, locale } = useI18n();
  const { data } = useLiveQuery<{ conflict: ConflictRow; current: ConflictRow['serverCase'] } | null>(
    async (db) => {
      const id = commandId.value;
      if (!id) return null;
      const conflict = await db.conflicts.get(id);
      if (!conflict) return null;
      const view = await db.caseView.get(conflict.caseId);
      return { conflict, current: view?.data ?? conflict.serverCase };
    },
    null,
    [commandId],
  );
  return computed<Withdrawal | null>(() => {
    const found = data.value;
    if (!found) return null;
    const { conflict, current } = found;
    return {
      theirs: serverHappening(t, te, current, (iso) => formatTime(iso, locale.value)),
      advice: adviceFor(t, conflict.command, current),
    };
  });
}
