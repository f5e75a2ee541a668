/**
 * The central API for the sync benchmarks, in its own process so the database work does not share
 * an event loop with the page server and the browser driver. Started by `sync.bench.ts` with
 * SYNC_BENCH_API (JSON: StartRequest); prints one line `{"ready":…}` on stdout once it listens
 * (after seeding), and stops when its stdin closes or on SIGTERM.
 */
import { startServer } from '../../../server/start';

export interface StartRequest {
  /** PGlite folder; ignored when databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string | undefined;
  /** Demo cases to seed (the bulk path from 1,000 on). */
  cases: number;
}

export interface ReadyMessage {
  ready: { url: string; seedSeconds: number; storage: string };
}

async function main(): Promise<void> {
  const raw = process.env.SYNC_BENCH_API;
  if (!raw) throw new Error('SYNC_BENCH_API is not set');
  const request = JSON.parse(raw) as StartRequest;
  const started = performance.now();
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: request.dataDir,
    databaseUrl: request.databaseUrl,
    logLevel: 'warn',
    logStream: process.stderr,
    demo: true,
    scale: request.cases,
    // No deadline sweeps while measuring: a sweep would change cases under the benchmark.
    sweepIntervalSeconds: 0,
  });
  const message: ReadyMessage = { ready: { url: server.url, seedSeconds: (performance.now() - started) / 1000, storage: server.db.kind } };
  process.stdout.write(`${JSON.stringify(message)}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
