/**
 * When the desktop app quits, the main process gives the page a few seconds to push its outbox
 * (electron/quit.ts). This is the page's side: one last sync, then wait until nothing is pending
 * or the time is up (the main process bounds the wait too; what is left syncs at the next start).
 */
import { getDesk } from './desk';
import { useDeskStatus } from './deskStatus';
import { pushWorkstationSettings } from './workstationMirror';

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

/**
 * Registers the flush with the preload (desktop only; a browser tab has nothing to wait for), and
 * hands the printer and scanner set-up back to the main process on the way out.
 */
export function installQuitFlush(target: () => FlushTarget): void {
  getDesk()?.app.onBeforeQuit?.(async () => {
    const desk = useDeskStatus();
    const settings = desk.status?.settings;
    await Promise.all([
      flushOutbox(target()),
      settings ? pushWorkstationSettings(settings, localStorage, (patch) => desk.update(patch)).catch(() => null) : null,
    ]);
  });
}
