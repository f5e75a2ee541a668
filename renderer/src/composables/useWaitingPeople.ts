/**
 * Whose commands wait at this workstation (live): the sign-in screen and the sync status say
 * how many of each person's commands are still waiting and under whose name they will go.
 */
import { computed, type ComputedRef, type ShallowRef } from 'vue';
import { waitingPeople, type WaitingPerson } from '../sync/waiting';
import { useLiveQuery } from './useLiveQuery';

export type { WaitingPerson, WaitingState } from '../sync/waiting';

export function useWaitingPeople(): { people: ShallowRef<WaitingPerson[]>; others: ComputedRef<WaitingPerson[]> } {
  const { data: people } = useLiveQuery<WaitingPerson[]>((db) => waitingPeople(db), []);
  /** Everyone but the person signed in now (the previous shifts). */
  const others = computed(() => people.value.filter((p) => p.state !== 'signed_in'));
  return { people, others };
}
