/**
 * Node-side pieces of the sync benchmarks: the central API in a child process and sign-in of the
 * benchmark devices (the bench page is served by `serveBenchPage`, with an `/api` proxy to the API).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../../../server/seed/staff';
import { adminQuery } from '../../server/support/pg-admin';
import type { ReadyMessage, StartRequest } from './api-process';

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
  await adminQuery(databaseUrl, `CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: () => adminQuery(databaseUrl, `DROP SCHEMA ${schema} CASCADE`),
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

/** Signs a demo account in on a new device id. */
export async function signIn(apiUrl: string, username: string): Promise<{ token: string; deviceId: string; staffId: string; warehouseId: string | null }> {
  const deviceId = `bench-${username}-${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${apiUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string; staff: { id: string; warehouseId?: string | null } };
  return { token: body.token, deviceId, staffId: body.staff.id, warehouseId: body.staff.warehouseId ?? null };
}
