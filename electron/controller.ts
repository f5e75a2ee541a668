/**
 * The desktop app's mode at run time: which central API `app://desk/api` reaches (the built-in
 * one for demo and site, the company's for central) and the built-in API's life. Also answers
 * the settings and keychain IPC calls. Electron-free: the bootstrap passes in how to start the
 * built-in API.
 */
import type { DeskSettings, DeskStatus, ModeChoice } from '../shared/ipc/settings';
import type { EmbeddedApi } from './embedded-api';
import { startupPlan, type StartupPlan } from './modes';
import type { SettingsStore } from './settings-store';
import type { TokenStore } from './token-store';

export interface ControllerDeps {
  settings: SettingsStore;
  tokens: TokenStore;
  startEmbedded(options: { demo: boolean; dataFolder: string }): Promise<EmbeddedApi>;
  dataDir: string;
  logDir: string;
  envUpdateUrl?: string;
  /** Called after a mode change (menu, CSP and updater follow the settings). */
  onChange?(settings: DeskSettings): void;
  log?: { info(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
}

export interface DeskController {
  /** Starts what the saved mode needs (app start). */
  start(): Promise<void>;
  status(): DeskStatus;
  plan(): StartupPlan;
  /** Where `/api/…` goes now, or undefined (first run, or the built-in API is down). */
  apiBase(): string | undefined;
  chooseMode(choice: ModeChoice): Promise<DeskStatus>;
  updateSettings(patch: unknown): Promise<DeskSettings>;
  /** Stops the built-in API (quit); resolves when it exited. */
  stopApi(): Promise<void> | undefined;
}

export function createDeskController(deps: ControllerDeps): DeskController {
  let embedded: EmbeddedApi | undefined;
  let embeddedState: DeskStatus['embeddedApi'] = 'stopped';
  let embeddedError: string | undefined;
  let running: { demo: boolean; dataFolder: string } | null = null;
  // Mode changes and the start run one after another.
  let queue: Promise<unknown> = Promise.resolve();

  const plan = (): StartupPlan => startupPlan(deps.settings.get(), deps.envUpdateUrl);

  async function apply(): Promise<void> {
    const wanted = plan().embedded;
    const same = wanted && running && wanted.demo === running.demo && wanted.dataFolder === running.dataFolder && embeddedState === 'running';
    if (same) return;
    if (embedded) {
      await embedded.stop();
      embedded = undefined;
      running = null;
      embeddedState = 'stopped';
    }
    embeddedError = undefined;
    if (!wanted) return;
    try {
      embedded = await deps.startEmbedded(wanted);
      running = wanted;
      embeddedState = 'running';
      deps.log?.info({ url: embedded.url, demo: wanted.demo }, 'built-in API running');
    } catch (error) {
      embeddedState = 'failed';
      embeddedError = error instanceof Error ? error.message : String(error);
      deps.log?.error({ err: embeddedError }, 'built-in API failed to start');
    }
  }

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  }

  const status = (): DeskStatus => ({
    settings: deps.settings.get(),
    embeddedApi: embeddedState,
    ...(embeddedError ? { embeddedError } : {}),
    secrets: deps.tokens.info(),
    dataDir: deps.dataDir,
    logDir: deps.logDir,
  });

  return {
    start: () => serial(apply),
    status,
    plan,
    apiBase: () => (embedded && embeddedState === 'running' ? embedded.url : (plan().centralUrl ?? undefined)),
    chooseMode: (choice) =>
      serial(async () => {
        await deps.settings.chooseMode(choice);
        await apply();
        deps.onChange?.(deps.settings.get());
        return status();
      }),
    async updateSettings(patch) {
      const next = await deps.settings.update(patch);
      deps.onChange?.(next);
      return next;
    },
    stopApi() {
      if (!embedded) return undefined;
      const stopping = embedded.stop();
      embedded = undefined;
      running = null;
      embeddedState = 'stopped';
      return stopping;
    },
  };
}
