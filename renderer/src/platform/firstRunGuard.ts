/**
 * Desktop app only: until the first-run choice is made every page leads to the chooser; later
 * the chooser is for administrators (Settings → change how this computer is used). A browser
 * has no chooser (the web build talks to its own /api).
 */
import type { Router } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { useDeskStatus } from './deskStatus';
import { pullWorkstationSettings, pushWorkstationSettings } from './workstationMirror';

export const FIRST_RUN = 'first-run';

export function installFirstRunGuard(router: Router, signInRoute: string): void {
  let pulled = false;
  router.beforeEach(async (to, from) => {
    const desk = useDeskStatus();
    if (!desk.available) return to.name === FIRST_RUN ? { name: signInRoute } : true;
    let status;
    try {
      status = await desk.load();
    } catch (error) {
      // The main process did not answer: the app goes on with its last mode (the sign-in screen reports the API).
      console.error('could not read the desktop settings', error);
      return to.name === FIRST_RUN ? { name: signInRoute } : true;
    }
    if (!status) return true;
    // The workstation's printer and scanner set-up: from the main process at start, back to it
    // when the user leaves Settings (where it is edited).
    if (!pulled) {
      pulled = true;
      pullWorkstationSettings(status.settings, localStorage);
    } else if (from.name === 'settings' && to.name !== 'settings') {
      void pushWorkstationSettings(status.settings, localStorage, (patch) => desk.update(patch)).catch(() => undefined);
    }
    if (status.settings.mode === null) return to.name === FIRST_RUN ? true : { name: FIRST_RUN };
    if (to.name !== FIRST_RUN) return true;
    const session = useSessionStore();
    await session.restore().catch(() => undefined);
    return session.staff?.role === 'admin' ? true : { name: signInRoute };
  });
}
