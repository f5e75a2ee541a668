/**
 * Waiting commands per person, for the sign-in screen and the sync status: on a shared
 * workstation each person's commands go out under their own name, so the desk says whose are
 * waiting and whether they can go now or wait for that person to sign in again.
 */
import type { DeskDb } from '../db/schema';
import { ACTIVE_STATUSES } from './outbox';

/**
 * `signed_in`: the person signed in now; `kept`: signed out, their token kept for these commands
 * (they go out under their name); `needs_sign_in`: no usable token: they wait for that person.
 */
export type WaitingState = 'signed_in' | 'kept' | 'needs_sign_in';

export interface WaitingPerson {
  staffId: string;
  /** The name staff know them by (the staff id when this workstation never saw them sign in). */
  displayName: string;
  count: number;
  state: WaitingState;
}

/** Everyone with commands not yet answered, in the order of their first command. */
export async function waitingPeople(db: DeskDb): Promise<WaitingPerson[]> {
  const counts = new Map<string, { count: number; first: number }>();
  await db.outbox
    .where('status')
    .anyOf([...ACTIVE_STATUSES])
    .each((row) => {
      const id = row.command.actor.id;
      const known = counts.get(id);
      if (known) {
        known.count += 1;
        known.first = Math.min(known.first, row.seq);
      } else counts.set(id, { count: 1, first: row.seq });
    });
  if (counts.size === 0) return [];
  const sessions = new Map((await db.session.toArray()).map((row) => [row.staff.id, row]));
  return [...counts.entries()]
    .sort((a, b) => a[1].first - b[1].first)
    .map(([staffId, { count }]) => {
      const row = sessions.get(staffId);
      const state: WaitingState = row?.current === 1 ? 'signed_in' : row?.tokenKept ? 'kept' : 'needs_sign_in';
      return { staffId, displayName: row?.staff.displayName ?? staffId, count, state };
    });
}
