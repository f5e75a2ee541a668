/**
 * Runs the central API inside the desktop app (demo / single-site installs) in an Electron
 * utility process, so database work never blocks the window. The process reports
 * `{ type: 'ready', url }` once it listens on loopback, or `{ type: 'failed', message }`.
 */
export interface UtilityChild {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
  /** Electron's utility process has it; the server stops cleanly on `{ type: 'stop' }`. */
  postMessage?(message: unknown): void;
}

export interface UtilityProcessLike {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore'; env?: NodeJS.ProcessEnv }): UtilityChild;
}

export interface EmbeddedApiOptions {
  utilityProcess: UtilityProcessLike;
  /** The bundled server entry (dist-electron/embedded-server.js). */
  entry: string;
  /** Where PGlite keeps its files (inside the app's user-data folder). */
  dataDir: string;
  /** Seed demo accounts and data into an empty database. */
  demo: boolean;
  /** How long to wait for the server to listen. */
  timeoutMs?: number;
  /** Folder of the API's rotating log files. */
  logDir?: string;
}

export interface EmbeddedApi {
  url: string;
  /**
   * Asks the server to stop (it finishes requests, stops the sweeper, closes the database) and
   * resolves once the process has exited; kills it after `graceMs` (default 5 s).
   */
  stop(graceMs?: number): Promise<void>;
}

export type EmbeddedApiMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string };

function isMessage(value: unknown): value is EmbeddedApiMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (m.type === 'ready' && typeof m.url === 'string') || (m.type === 'failed' && typeof m.message === 'string');
}

export function startEmbeddedApi(options: EmbeddedApiOptions): Promise<EmbeddedApi> {
  const args = ['--data-dir', options.dataDir, '--port', '0', '--host', '127.0.0.1'];
  if (options.demo) args.push('--demo');
  if (options.logDir) args.push('--log-dir', options.logDir);
  const child = options.utilityProcess.fork(options.entry, args, { serviceName: 'After-sales Desk API', stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => {
        child.kill();
        reject(new Error(`the embedded API did not start within ${options.timeoutMs ?? 60_000} ms`));
      });
    }, options.timeoutMs ?? 60_000);
    let exited = false;
    const exitWaiters: Array<() => void> = [];
    child.on('exit', () => {
      exited = true;
      exitWaiters.splice(0).forEach((wake) => wake());
    });
    const stop = (graceMs = 5_000): Promise<void> => {
      if (exited) return Promise.resolve();
      return new Promise<void>((done) => {
        const timer = setTimeout(() => {
          child.kill();
          done();
        }, graceMs);
        exitWaiters.push(() => {
          clearTimeout(timer);
          done();
        });
        if (child.postMessage) child.postMessage({ type: 'stop' });
        else {
          child.kill();
        }
      });
    };
    child.on('message', (message) => {
      if (!isMessage(message)) return;
      if (message.type === 'ready') settle(() => resolve({ url: message.url, stop }));
      else settle(() => reject(new Error(`the embedded API failed to start: ${message.message}`)));
    });
    child.on('exit', (code) => settle(() => reject(new Error(`the embedded API exited during start-up (code ${code})`))));
  });
}
