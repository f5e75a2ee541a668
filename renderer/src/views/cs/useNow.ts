/**
 * One ticking clock for the live countdowns (SLA badges, ages): every badge on the page reads the
 * same ref, so a queue of visible rows costs one timer, not one per row. The time comes from the
 * runtime's clock (tests set it).
 */
import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { runtime } from '../../sync/runtime';

const now = shallowRef(runtime().clock().getTime());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

/** Milliseconds since the epoch, updated every `periodMs` (one timer for all users). */
export function useNow(periodMs = 1000): ShallowRef<number> {
  users += 1;
  now.value = runtime().clock().getTime();
  if (timer === null) timer = setInterval(() => (now.value = runtime().clock().getTime()), periodMs);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      users -= 1;
      if (users === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    });
  }
  return now;
}
