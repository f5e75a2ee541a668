/**
 * Starts the real central API in-process on a real port and talks HTTP to it.
 * Storage: PGlite in memory, and — when TEST_DATABASE_URL is set — the same suites against
 * PostgreSQL, each server in a fresh schema. With CI=true a missing or unreachable PostgreSQL
 * fails the run instead of being skipped.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { vi } from 'vitest';
import { buildServer, type BuildServerOptions } from '../../../server/app';
import type { Db } from '../../../server/db/db';
import { migrate } from '../../../server/db/migrate';
import { openPglite } from '../../../server/db/pglite';
import { openPostgres } from '../../../server/db/postgres';
import { DEMO_PASSWORD, seedDemoStaff } from '../../../server/seed/staff';
import { rules } from './domain-fixtures';

export type Backend = 'pglite' | 'postgres';

// Starting PGlite (WASM) and migrating takes seconds; servers are shared per suite.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const IN_CI = process.env.CI === 'true';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function resolveBackends(): Promise<Backend[]> {
  if (!TEST_DATABASE_URL) return IN_CI ? ['pglite', 'postgres'] : ['pglite'];
  if (IN_CI || (await reachable(TEST_DATABASE_URL))) return ['pglite', 'postgres'];
  process.stderr.write('TEST_DATABASE_URL is set but unreachable: PostgreSQL suites skipped (they fail under CI=true)\n');
  return ['pglite'];
}

/** Storage backends every integration suite runs against. */
export const backends: readonly Backend[] = await resolveBackends();

export interface TestDb {
  db: Db;
  /** Opens another independent handle on the same database (a second API instance). */
  reopen(): Promise<Db>;
  dispose(): Promise<void>;
}

/** A fresh, unmigrated database. */
export async function openTestDb(backend: Backend): Promise<TestDb> {
  if (backend === 'pglite') {
    const db = await openPglite();
    return { db, reopen: () => Promise.reject(new Error('PGlite in memory has one handle')), dispose: () => db.close() };
  }
  if (!TEST_DATABASE_URL) throw new Error('CI=true: set TEST_DATABASE_URL to a reachable PostgreSQL server');
  if (!(await reachable(TEST_DATABASE_URL))) throw new Error('TEST_DATABASE_URL is not reachable');
  const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handles: Db[] = [];
  const open = async () => {
    const db = await openPostgres({ connectionString: TEST_DATABASE_URL, schema, max: 8 });
    handles.push(db);
    return db;
  };
  const db = await open();
  return {
    db,
    reopen: open,
    async dispose() {
      for (const handle of handles) await handle.close();
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

/** A fresh database, migrated, with the demo accounts. */
export async function openSeededDb(backend: Backend): Promise<TestDb> {
  const t = await openTestDb(backend);
  await migrate(t.db);
  await seedDemoStaff(t.db);
  return t;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface LoggedIn {
  token: string;
  deviceId: string;
  staffId: string;
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  testDb: TestDb;
  request<T = unknown>(method: string, path: string, init?: { token?: string; json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> }): Promise<HttpResponse<T>>;
  login(username: string, deviceId?: string): Promise<LoggedIn>;
  close(): Promise<void>;
}

export interface StartOptions extends Partial<Omit<BuildServerOptions, 'db'>> {
  /** Skip seeding the demo accounts. */
  noStaff?: boolean;
}

/** Migrated database, demo staff, the real rule book (test policy) unless given, real HTTP on 127.0.0.1:<random>. */
export async function startServer(backend: Backend, options: StartOptions = {}): Promise<TestServer> {
  const testDb = await openTestDb(backend);
  const db = testDb.db;
  await migrate(db);
  if (!options.noStaff) await seedDemoStaff(db);
  const app = await buildServer({ rules, logger: false, ...options, db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const url = `http://127.0.0.1:${address.port}`;

  const request: TestServer['request'] = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | Uint8Array | undefined = init.body;
    if (init.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(init.json);
    }
    // A copy backed by a plain ArrayBuffer is a request body under both the Node and the DOM typings.
    const response = await fetch(url + path, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}) });
    const type = response.headers.get('content-type') ?? '';
    const parsed: unknown = type.includes('application/json') ? await response.json() : new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body: parsed as never };
  };

  return {
    url,
    app,
    db,
    testDb,
    request,
    async login(username, deviceId = `dev-${username}-${randomUUID().slice(0, 8)}`) {
      const res = await request<{ token: string; staff: { id: string } }>('POST', '/auth/login', { json: { username, password: DEMO_PASSWORD, deviceId } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { token: res.body.token, deviceId, staffId: res.body.staff.id };
    },
    async close() {
      await app.close();
      await testDb.dispose();
    },
  };
}

/**
 * POST over a fresh TCP connection (no keep-alive pool), so two calls really are two connections
 * to the server.
 */
export function postOnNewConnection(url: string, path: string, token: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const data = Buffer.from(JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url + path,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(data.length), authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
