/**
 * Node-side pieces of the sync benchmarks: the central API in a child process, the bench page
 * built with Vite and served with an `/api` proxy to it, and sign-in of the benchmark devices.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { build, preview, type PreviewServer } from 'vite';
import { DEMO_PASSWORD } from '../../../server/seed/staff';
import type { ReadyMessage, StartRequest } from './api-process';

const browserDir = fileURLToPath(new URL('../browser/', import.meta.url));
const apiProcess = fileURLToPath(new URL('./api-process.ts', import.meta.url));

export interface RunningApi {
  url: string;
  seedSeconds: number;
  storage: string;
  stop(): Promise<void>;
}

/** A PostgreSQL schema of its own, reached through `search_path` in the connection string. */
async function postgresSchema(databaseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `sync_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: databaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

/**
 * Starts `startServer` (demo data, `cases` demo cases, no deadline sweeper) in a child process on
 * a temporary PGlite folder, or on a fresh schema of BENCH_DATABASE_URL when that is set.
 */
export async function startApi(cases: number): Promise<RunningApi> {
  const dir = mkdtempSync(join(tmpdir(), 'sync-bench-api-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const schema = databaseUrl ? await postgresSchema(databaseUrl) : null;
  const request: StartRequest = { dataDir: join(dir, 'pglite'), databaseUrl: schema?.url, cases };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', apiProcess], {
    env: { ...process.env, SYNC_BENCH_API: JSON.stringify(request) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = async (): Promise<void> => {
    rmSync(dir, { recursive: true, force: true });
    await schema?.drop();
  };
  try {
    const ready = await new Promise<ReadyMessage['ready']>((resolve, reject) => {
      if (!child.stdout) return reject(new Error('the API process has no stdout'));
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        try {
          const message = JSON.parse(line) as Partial<ReadyMessage>;
          if (message.ready) resolve(message.ready);
        } catch {
          // Not ours: ignore.
        }
      });
      void exited.then((code) => reject(new Error(`the API process exited (${code}) before it was ready`)));
    });
    return {
      ...ready,
      async stop() {
        child.stdin?.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
        await cleanup();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await cleanup();
    throw error;
  }
}

export interface BenchPageServer {
  /** The bench page's address. */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds `browser/sync-bench.html` (+ its module, which imports the real renderer store and sync
 * engine) into a temporary folder and serves it on loopback, `/api` proxied to the central API.
 * `minify: false` keeps function names for CPU profiles.
 */
export async function serveBenchPage(apiUrl: string, options: { minify?: boolean } = {}): Promise<BenchPageServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'sync-bench-page-'));
  const shared = { configFile: false as const, root: browserDir, base: './', logLevel: 'warn' as const };
  await build({
    ...shared,
    build: { outDir, emptyOutDir: true, minify: options.minify ?? true, chunkSizeWarningLimit: 4000, rolldownOptions: { input: join(browserDir, 'sync-bench.html') } },
  });
  let server: PreviewServer;
  try {
    server = await preview({
      ...shared,
      build: { outDir },
      preview: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        open: false,
        proxy: { '/api': { target: apiUrl, rewrite: (path) => path.replace(/^\/api/, '') } },
      },
    });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the bench page server has no URL');
  return {
    url: new URL('sync-bench.html', base).toString(),
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Signs a demo account in on a new device id. */
export async function signIn(apiUrl: string, username: string): Promise<{ token: string; deviceId: string; staffId: string; warehouseId: string | null }> {
  const deviceId = `bench-${username}-${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${apiUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string; staff: { id: string; warehouseId?: string | null } };
  return { token: body.token, deviceId, staffId: body.staff.id, warehouseId: body.staff.warehouseId ?? null };
}
