/**
 * The real central API in-process (PGlite in memory, the production rules over shared/domain)
 * and desktop clients (the real sync engine over fake-indexeddb) talking to it over HTTP.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { productionRules } from '../../../server/sync/rules';
import { upsertOrder } from '../../../server/sync/changes';
import { upsertProduct } from '../../../server/sync/catalog';
import { toInt } from '../../../server/db/db';
import { buildServer } from '../../../server/app';
import type { Db } from '../../../server/db/db';
import { migrate } from '../../../server/db/migrate';
import { openPglite } from '../../../server/db/pglite';
import { DEMO_PASSWORD, seedDemoStaff } from '../../../server/seed/staff';
import type { FastifyInstance } from 'fastify';
import type { PushResponse, PushResult } from '../../../shared/sync/wire';
import type { Actor, Inspection } from '../../../shared/domain';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { createApi, type SyncApi } from '../../../renderer/src/sync/api';
import { SyncEngine, type EngineOptions } from '../../../renderer/src/sync/engine';

export const SKU = 'SKU-KETTLE';
export const PRODUCT = { sku: SKU, spu: 'SPU-KETTLE', unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 1200, warrantyDays: 365, active: true };
export const RETURN_ADDRESS = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-59990000', address: '上海市嘉定区安亭镇 退货组' };

export interface LoggedIn {
  token: string;
  deviceId: string;
  staffId: string;
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  request<T = unknown>(method: string, path: string, init?: { token?: string; json?: unknown }): Promise<{ status: number; body: T }>;
  login(username: string, deviceId?: string): Promise<LoggedIn>;
  close(): Promise<void>;
}

/** Migrated PGlite in memory, the demo staff, the production rules, HTTP on 127.0.0.1:<random>. */
export async function startCentralApi(): Promise<TestServer> {
  const db = await openPglite();
  await migrate(db);
  await seedDemoStaff(db);
  const app = await buildServer({ db, rules: productionRules(), logger: false, config: { loginRateLimit: { max: 100_000, windowMs: 60_000 }, orderCreation: true } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  const request: TestServer['request'] = async (method, path, init = {}) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url + path, { method, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as never };
  };
  return {
    url,
    app,
    db,
    request,
    async login(username, deviceId = `dev-${username}-${randomUUID().slice(0, 8)}`) {
      const res = await request<{ token: string; staff: { id: string } }>('POST', '/auth/login', { json: { username, password: DEMO_PASSWORD, deviceId } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { token: res.body.token, deviceId, staffId: res.body.staff.id };
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();

/** A completed order of one kettle line, with its product attributes in the order's data. */
export async function createOrder(server: TestServer, id = `order-${randomUUID().slice(0, 8)}`, phone = '13800138000'): Promise<string> {
  await server.db.transaction(async (tx) => {
    await upsertProduct(tx, { ...PRODUCT, name: '电热水壶 1.7L', gtin: '6901234567892' });
    await upsertOrder(tx, {
      id,
      orderNo: `NO-${id}`,
      state: 'completed',
      buyerId: 'staff-buyer1',
      buyerName: '张三',
      buyerPhone: phone,
      address: '上海市浦东新区',
      shippingFee: 1000,
      paidAt: daysAgo(10),
      shippedAt: daysAgo(9),
      signedAt: daysAgo(7),
      confirmedAt: daysAgo(6),
      completedAt: daysAgo(6),
      lines: [{ id: `${id}-L1`, sku: SKU, quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }],
      data: { products: { [SKU]: PRODUCT } },
    });
  });
  return id;
}

let deviceSeq = 0;

/** Pushes one command straight to the server (another workstation, a buyer's app). */
export async function pushAs(server: TestServer, session: LoggedIn, init: { type: string; caseId: string; baseVersion: number; payload: unknown; id?: string }): Promise<PushResult> {
  deviceSeq += 1;
  const command = { id: init.id ?? randomUUID(), deviceSeq, type: init.type, caseId: init.caseId, baseVersion: init.baseVersion, occurredAt: new Date().toISOString(), payload: init.payload };
  const res = await server.request<PushResponse>('POST', '/sync/push', { token: session.token, json: { deviceId: session.deviceId, commands: [command] } });
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
  const [result] = res.body.results;
  if (!result) throw new Error('no result');
  return result;
}

/** The buyer opens a return-and-refund case for a quality problem. */
export async function openReturnCase(server: TestServer, buyer: LoggedIn, orderId: string): Promise<string> {
  const caseId = `case-${randomUUID().slice(0, 8)}`;
  const result = await pushAs(server, buyer, {
    type: 'buyer.apply',
    caseId,
    baseVersion: 0,
    payload: { orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue', description: '壶底漏水' },
  });
  if (result.status !== 'applied') throw new Error(`apply failed: ${JSON.stringify(result)}`);
  return caseId;
}

export function inspection(photos: string[] = []): Inspection {
  return {
    received: [{ sku: SKU, quantity: 1 }],
    condition: 'damaged',
    checklist: { packaging: true, seals: false, accessories: true, serialNumber: null },
    weightGrams: 1300,
    photos,
    notes: '底部渗水',
    disposition: { kind: 'return_to_vendor' },
  };
}

export interface ServerCase {
  id: string;
  version: number;
  state: string;
  deleted: boolean;
  data: unknown;
}

export async function serverCase(server: TestServer, caseId: string): Promise<ServerCase | undefined> {
  const [row] = await server.db.query<{ id: string; version: unknown; state: string; deleted: boolean; data: unknown }>('SELECT id, version, state, deleted, data FROM cases WHERE id = $1', [caseId]);
  return row ? { id: row.id, version: toInt(row.version), state: row.state, deleted: row.deleted, data: row.data } : undefined;
}

export async function maxChangeSeq(server: TestServer): Promise<number> {
  const [row] = await server.db.query<{ n: unknown }>('SELECT coalesce(max(change_seq), 0) AS n FROM (SELECT change_seq FROM cases UNION ALL SELECT change_seq FROM orders) s');
  return row ? toInt(row.n) : 0;
}

export interface Client {
  name: string;
  db: DeskDb;
  api: SyncApi;
  actor: Actor;
  session: LoggedIn;
  baseUrl: string;
  engine(options?: Partial<EngineOptions>): SyncEngine;
  /** Closes and opens the local database again, as a restarted app would. */
  reopen(): Promise<void>;
}

export const ACTORS: Readonly<Record<string, Actor>> = {
  cs1: { id: 'staff-cs1', role: 'cs' },
  admin: { id: 'staff-admin', role: 'admin' },
  wh1: { id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' },
  wh2: { id: 'staff-wh2', role: 'warehouse', warehouseId: 'WH-GZ' },
  fin1: { id: 'staff-fin1', role: 'finance' },
};

/**
 * A workstation: its own IndexedDB, signed in as `username` (device id of the session), and —
 * when `since` is given — already synced up to that change number.
 */
export async function openClient(baseUrl: string, session: LoggedIn, username: string, since?: number): Promise<Client> {
  const name = `desk-${username}-${randomUUID()}`;
  const actor = ACTORS[username];
  if (!actor) throw new Error(`no actor for ${username}`);
  const db = await openDeskDb(name);
  await db.meta.bulkPut([
    { key: 'deviceId', value: session.deviceId },
    ...(since !== undefined
      ? [
          { key: 'cursor', value: since },
          { key: 'firstSyncDone', value: true },
        ]
      : []),
  ]);
  const api = createApi({ baseUrl, token: () => session.token, timeoutMs: 5_000 });
  const client: Client = {
    name,
    db,
    api,
    actor,
    session,
    baseUrl,
    engine: (options = {}) => new SyncEngine({ db: client.db, api, pollIntervalMs: 20, backoff: { baseMs: 5, capMs: 80 }, yieldBetweenPages: () => Promise.resolve(), ...options }),
    async reopen() {
      client.db.close();
      client.db = await openDeskDb(name);
    },
  };
  return client;
}
