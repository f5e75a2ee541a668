/**
 * When the desktop app quits, the main process gives the page a few seconds to push its outbox
 * (electron/quit.ts). This is the page's side: one last sync, then wait until nothing is pending
 * or the time is up (the main process bounds the wait too; what is left syncs at the next start).
 */
import { getDesk } from './desk';

export interface FlushTarget {
  syncNow(): Promise<void>;
  pending(): number;
}

export async function flushOutbox(target: FlushTarget, limitMs = 4_000, pollMs = 100): Promise<'flushed' | 'pending'> {
  await target.syncNow().catch(() => undefined);
  const until = Date.now() + limitMs;
  while (target.pending() > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, pollMs));
  return target.pending() === 0 ? 'flushed' : 'pending';
}

/** Registers the flush with the preload (desktop only; a browser tab has nothing to wait for). */
export function installQuitFlush(target: () => FlushTarget): void {
  getDesk()?.app.onBeforeQuit?.(async () => {
    await flushOutbox(target());
  });
}
