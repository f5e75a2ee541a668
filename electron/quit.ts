/**
 * Quitting in order, each step bounded so a stuck renderer or database never keeps the app open:
 *  1. the renderer flushes its outbox (one last push while online) and answers `quit-ready`;
 *  2. the embedded API stops cleanly (sweeper, HTTP server, database closed);
 *  3. the app quits for real.
 * The first `before-quit` is held back with preventDefault; the steps then call `quit()` again.
 */

export interface QuitApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface GracefulQuitDeps {
  app: QuitApp;
  /** Asks the renderer to flush; resolves when it answered. Undefined when no window is open. */
  flushRenderer(): Promise<void> | undefined;
  /** Stops the embedded API (resolves once it exited); undefined when none runs. */
  stopApi(): Promise<void> | undefined;
  flushTimeoutMs?: number;
  stopTimeoutMs?: number;
  log?: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

/** Resolves with 'done', or 'timeout' after `ms`, or 'failed' when the step throws. */
export async function bounded(step: Promise<void> | undefined, ms: number): Promise<'done' | 'timeout' | 'failed' | 'skipped'> {
  if (!step) return 'skipped';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([step.then(() => 'done' as const), timeout]);
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

export function installGracefulQuit(deps: GracefulQuitDeps): { readonly state: 'running' | 'quitting' | 'done' } {
  let state: 'running' | 'quitting' | 'done' = 'running';
  deps.app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'quitting') return;
    state = 'quitting';
    void (async () => {
      const flushed = await bounded(deps.flushRenderer(), deps.flushTimeoutMs ?? 5_000);
      deps.log?.info({ flushed }, 'quit: outbox flush');
      const stopped = await bounded(deps.stopApi(), deps.stopTimeoutMs ?? 6_000);
      deps.log?.info({ stopped }, 'quit: embedded API');
      state = 'done';
      deps.app.quit();
    })();
  });
  return {
    get state() {
      return state;
    },
  };
}

/**
 * The renderer's side of step 1: `request` sends the quit message and waits for the answer on
 * the `quit-ready` channel (`answered`).
 */
export function createFlushRequests(): { request(send: () => void): Promise<void>; answered(): void } {
  let waiting: Array<() => void> = [];
  return {
    request(send) {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        send();
      });
    },
    answered() {
      const wake = waiting;
      waiting = [];
      wake.forEach((resolve) => resolve());
    },
  };
}
