/**
 * Which reads of the local store go first. IndexedDB serves a database's requests largely one after
 * the other, and a count walks every key of its range: on a store of 100,000 cases the figures
 * around a screen (the navigation's queue counts, the notifications, a queue list's own counts)
 * take seconds, and started together with the screen's first read they make it wait behind them.
 * So the screen that is opened reads first: it says when its first content is drawn
 * (`markContentShown`, e.g. a queue's first rows), and the figures around it start then — or after
 * `FALLBACK_MS` on screens that never say so.
 */
import { readonly, ref, type Ref } from 'vue';

export const FALLBACK_MS = 1500;

const shown = ref(false);
let fallback: ReturnType<typeof setTimeout> | null = null;

/** True once the first screen's content is drawn (or the fallback time has passed). */
export function firstContentShown(): Readonly<Ref<boolean>> {
  if (!shown.value && fallback === null) fallback = setTimeout(markContentShown, FALLBACK_MS);
  return readonly(shown);
}

/** Called by a screen once its first content is on screen. */
export function markContentShown(): void {
  if (fallback !== null) clearTimeout(fallback);
  fallback = null;
  shown.value = true;
}

/** Back to a fresh start (tests). */
export function resetFirstContent(): void {
  if (fallback !== null) clearTimeout(fallback);
  fallback = null;
  shown.value = false;
}
