/**
 * A background task run every few seconds in rounds that never overlap, as the deadline sweeper
 * and the table maintenance use it: `runNow` starts a round or joins the one running, a failing
 * timed round goes to `onError` and the next one comes as usual, `stop` ends the timer and waits
 * for a round still running.
 */
export interface Periodic<T> {
  runNow(): Promise<T>;
  stop(): Promise<void>;
}

export function runEvery<T>(intervalSeconds: number, round: () => Promise<T>, onError: (error: unknown) => void): Periodic<T> {
  let running: Promise<T> | null = null;
  const runNow = (): Promise<T> => {
    running ??= round().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    runNow().catch(onError);
  }, intervalSeconds * 1000);
  timer.unref();
  return {
    runNow,
    async stop() {
      clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
