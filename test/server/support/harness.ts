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
import { afterAll, beforeAll, vi } from 'vitest';
import { buildServer, type BuildServerOptions } from '../../../server/app';
import type { Db } from '../../../server/db/db';
import { migrate } from '../../../server/db/migrate';
import { openPglite } from '../../../server/db/pglite';
import { openPostgres } from '../../../server/db/postgres';
import { seedDemoStaff } from '../../../server/seed/staff';
import { rules } from './domain-fixtures';
import { adminQuery } from './pg-admin';
import { demoLogin, httpRequester, listenLocally, type HttpRequest, type LoggedIn } from './http';

export type { LoggedIn };

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
  await adminQuery(TEST_DATABASE_URL, `CREATE SCHEMA ${schema}`);
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
      await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

/** A fresh database, migrated, with no rows. */
export async function openMigratedDb(backend: Backend): Promise<TestDb> {
  const t = await openTestDb(backend);
  await migrate(t.db);
  return t;
}

/** A fresh database, migrated, with the demo accounts. */
export async function openSeededDb(backend: Backend): Promise<TestDb> {
  const t = await openMigratedDb(backend);
  await seedDemoStaff(t.db);
  return t;
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  testDb: TestDb;
  request: HttpRequest;
  login(username: string, deviceId?: string): Promise<LoggedIn>;
  close(): Promise<void>;
}

export interface StartOptions extends Partial<Omit<BuildServerOptions, 'db'>> {
  /** Skip seeding the demo accounts. */
  noStaff?: boolean;
}

/** Migrated database, demo staff, the real rule book (test policy) unless given, real HTTP on 127.0.0.1:<random>. */
export async function startServer(backend: Backend, options: StartOptions = {}): Promise<TestServer> {
  const testDb = await openMigratedDb(backend);
  const db = testDb.db;
  if (!options.noStaff) await seedDemoStaff(db);
  const app = await buildServer({ rules, logger: false, ...options, db });
  const url = await listenLocally(app);

  const request = httpRequester(url);

  return {
    url,
    app,
    db,
    testDb,
    request,
    login: (username, deviceId) => demoLogin(request, username, deviceId),
    async close() {
      await app.close();
      await testDb.dispose();
    },
  };
}

/** Opens a value before the enclosing suite's tests and closes it after them; the getter throws before. */
function perSuite<T>(open: () => Promise<T>, close: (value: T) => Promise<unknown>): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await open();
  });
  afterAll(async () => {
    if (value !== undefined) await close(value);
  });
  return () => {
    if (value === undefined) throw new Error('used before the suite started');
    return value;
  };
}

/**
 * The enclosing suite's server (`startServer`), started before its tests and closed after them.
 * Hooks the suite registers afterwards (signing in, say) see it started.
 */
export function serverPerSuite(backend: Backend, options: StartOptions = {}): TestServer {
  const current = perSuite(() => startServer(backend, options), (server) => server.close());
  return {
    get url() {
      return current().url;
    },
    get app() {
      return current().app;
    },
    get db() {
      return current().db;
    },
    get testDb() {
      return current().testDb;
    },
    request: <T,>(...args: Parameters<HttpRequest>) => current().request<T>(...args),
    login: (username, deviceId) => current().login(username, deviceId),
    close: () => current().close(),
  };
}

/** Signs each of `usernames` in on a fresh device, one after the other. */
export async function loginAll<const U extends readonly string[]>(server: TestServer, usernames: U): Promise<{ -readonly [K in keyof U]: LoggedIn }> {
  const sessions: LoggedIn[] = [];
  for (const username of usernames) sessions.push(await server.login(username));
  return sessions as { -readonly [K in keyof U]: LoggedIn };
}

/** The enclosing suite's database (migrated, with the demo accounts, unless `open` says otherwise), disposed after its tests. */
export function dbPerSuite(backend: Backend, open: (backend: Backend) => Promise<TestDb> = openSeededDb): TestDb {
  const current = perSuite(() => open(backend), (t) => t.dispose());
  return {
    get db() {
      return current().db;
    },
    reopen: () => current().reopen(),
    dispose: () => current().dispose(),
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
