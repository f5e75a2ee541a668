import { describe, expect, it } from 'vitest';
import { bounded, createFlushRequests, installGracefulQuit, type QuitApp } from '../../electron/quit';

function fakeApp() {
  let listener: ((event: { preventDefault(): void }) => void) | undefined;
  const log: string[] = [];
  const app: QuitApp & { tryQuit(): boolean } = {
    on: (_event, l) => {
      listener = l;
    },
    quit() {
      log.push('quit');
      app.tryQuit();
    },
    /** Emits before-quit; true when the quit went through (not prevented). */
    tryQuit() {
      let prevented = false;
      listener?.({ preventDefault: () => (prevented = true) });
      if (!prevented) log.push('exited');
      return !prevented;
    },
  };
  return { app, log };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful quit', () => {
  it('flushes the outbox, then stops the embedded API, then quits', async () => {
    const { app, log } = fakeApp();
    const flushes = createFlushRequests();
    installGracefulQuit({
      app,
      flushRenderer: () => flushes.request(() => {
        log.push('ask renderer');
        setTimeout(() => {
          log.push('renderer flushed');
          flushes.answered();
        }, 10);
      }),
      stopApi: () => tick(10).then(() => void log.push('api stopped')),
    });
    expect(app.tryQuit()).toBe(false);
    // A second quit (the user pressing again) while waiting does not start a second round.
    expect(app.tryQuit()).toBe(false);
    await tick(60);
    expect(log).toEqual(['ask renderer', 'renderer flushed', 'api stopped', 'quit', 'exited']);
  });

  it('does not wait longer than its bounds for a stuck renderer or API', async () => {
    const { app, log } = fakeApp();
    const state = installGracefulQuit({
      app,
      flushRenderer: () => new Promise<void>(() => undefined),
      stopApi: () => new Promise<void>(() => undefined),
      flushTimeoutMs: 20,
      stopTimeoutMs: 20,
    });
    const started = Date.now();
    app.tryQuit();
    expect(state.state).toBe('quitting');
    await tick(80);
    expect(log).toEqual(['quit', 'exited']);
    expect(state.state).toBe('done');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('skips steps with nothing to do (no window, no built-in API) and survives a failing step', async () => {
    expect(await bounded(undefined, 10)).toBe('skipped');
    expect(await bounded(Promise.reject(new Error('x')), 10)).toBe('failed');
    const { app, log } = fakeApp();
    installGracefulQuit({ app, flushRenderer: () => undefined, stopApi: () => Promise.reject(new Error('already gone')) });
    app.tryQuit();
    await tick(10);
    expect(log).toEqual(['quit', 'exited']);
  });
});
