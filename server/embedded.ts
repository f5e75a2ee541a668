/**
 * Entry of the API embedded in the desktop app, run in an Electron utility process
 * (electron/embedded-api.ts): `--data-dir <dir> --port 0 --host 127.0.0.1 [--demo] [--log-dir <dir>]`.
 * With `--demo` an empty database gets the demo accounts and data (the *try the demo* choice);
 * without it the database starts empty and the first administrator is created through
 * `POST /setup/admin` (the *run this site on this computer* choice).
 * Reports `{ type: 'ready', url }` or `{ type: 'failed', message }` to the parent process, and
 * stops cleanly on `{ type: 'stop' }` from it (the app's quit); run outside Electron, it prints
 * the URL instead.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import build from 'pino-roll';
import { startServer, type StartedServer } from './start';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function report(message: { type: 'ready'; url: string } | { type: 'failed'; message: string }): void {
  if (parentPort) parentPort.postMessage(message);
  else if (message.type === 'ready') process.stdout.write(`${message.url}\n`);
  else process.stderr.write(`embedded API failed to start: ${message.message}\n`);
}

async function main(): Promise<StartedServer> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean' },
      'log-level': { type: 'string' },
      'log-dir': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'];
  if (!dataDir) throw new Error('--data-dir is required');
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${values.port}`);
  // Same rotation as the main process's log (electron/logging.ts): daily or at 10 MB, 14 kept.
  const logDir = values['log-dir'];
  const logStream = logDir ? await build({ file: join(logDir, 'api'), frequency: 'daily', size: '10m', limit: { count: 14 }, mkdir: true }) : undefined;
  return startServer({
    port,
    host: values.host ?? '127.0.0.1',
    dataDir,
    demo: values.demo === true,
    logLevel: values['log-level'] ?? (logStream ? 'info' : 'warn'),
    logStream,
  });
}

main().then(
  (server) => {
    report({ type: 'ready', url: server.url });
    const stop = () => {
      void server.stop().finally(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    parentPort?.on('message', (event) => {
      const data = event.data as { type?: unknown } | null;
      if (data && data.type === 'stop') stop();
    });
  },
  (error: unknown) => {
    report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
    // Let the message reach the parent before the process ends.
    setTimeout(() => process.exit(1), 100).unref();
  },
);
