/**
 * What the queues' owner filter offers: "mine" and "unassigned" to everyone; to a supervisor also
 * each staff member who owns cases, read live from the owner index (distinct keys only).
 */
import { computed } from 'vue';
import { useLiveQuery } from '../../composables/useLiveQuery';
import { distinctKeys } from '../../db/distinct';
import { useSessionStore } from '../../stores/session';
import type { OwnerFilter } from './queueDefs';

/** The owner filter as one select value: 'any', 'mine', 'unassigned' or 'staff:<id>'. */
export function ownerChoice(owner: OwnerFilter | null | undefined): string {
  if (!owner) return 'any';
  return owner.kind === 'staff' ? `staff:${owner.staffId}` : owner.kind;
}

export function ownerFromChoice(value: string): OwnerFilter | null {
  if (value === 'mine' || value === 'unassigned') return { kind: value };
  if (value.startsWith('staff:') && value.length > 'staff:'.length) return { kind: 'staff', staffId: value.slice('staff:'.length) };
  return null;
}

export function useOwners() {
  const session = useSessionStore();
  const supervisor = computed(() => session.staff?.role === 'admin');
  const owners = useLiveQuery(async (db) => (supervisor.value ? ((await distinctKeys(db.caseView, 'data.owner')) as string[]) : []), [] as string[], [supervisor]);
  return { supervisor, owners: owners.data };
}
