/**
 * The real central API in-process (PGlite in memory, the production rules over shared/domain)
 * and desktop clients (the real sync engine over fake-indexeddb) talking to it over HTTP.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { productionRules } from '../../../server/sync/rules';
import { toInt } from '../../../server/db/db';
import { startServer, type LoggedIn, type TestServer as StartedServer } from '../../server/support/harness';
import { daysAgo, storefrontOrder, writeOrders } from '../../server/support/orders';
import { inspection as buildInspection } from '../../shared/domain/inspection';
import type { PushResponse, PushResult } from '../../../shared/sync/wire';
import type { Actor, Inspection } from '../../../shared/domain';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { createApi, type SyncApi } from '../../../renderer/src/sync/api';
import { SyncEngine, type EngineOptions } from '../../../renderer/src/sync/engine';

export type { LoggedIn };

export const SKU = 'SKU-KETTLE';
export const PRODUCT = { sku: SKU, spu: 'SPU-KETTLE', unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 1200, warrantyDays: 365, active: true };
export const RETURN_ADDRESS = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-59990000', address: '上海市嘉定区安亭镇 退货组' };

/** The server as the world's helpers use it (a site of several instances provides the same). */
export type TestServer = Omit<StartedServer, 'testDb'>;

/** Migrated PGlite in memory, the demo staff, the production rules, HTTP on 127.0.0.1:<random>. */
export function startCentralApi(): Promise<TestServer> {
  return startServer('pglite', { rules: productionRules(), config: { loginRateLimit: { max: 100_000, windowMs: 60_000 }, orderCreation: true } });
}

/** A completed order of one kettle line, with its product attributes in the order's data. */
export async function createOrder(server: TestServer, id = `order-${randomUUID().slice(0, 8)}`, phone = '13800138000'): Promise<string> {
  await writeOrders(server.db, [storefrontOrder(id, daysAgo(6), { buyerPhone: phone, products: [PRODUCT] })], PRODUCT, '电热水壶 1.7L');
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

/** The kettle came back damaged (leaking) and goes back to the vendor. */
export const inspection = (photos: string[] = []): Inspection =>
  buildInspection({ sku: SKU, condition: 'damaged', checklist: { seals: false }, weightGrams: 1300, photos, notes: '底部渗水', disposition: { kind: 'return_to_vendor' } });

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

/** The case's version on the server (it must exist). */
export async function caseVersion(server: TestServer, caseId: string): Promise<number> {
  const c = await serverCase(server, caseId);
  if (!c) throw new Error(`no case ${caseId}`);
  return c.version;
}

export interface ShippedBack {
  caseId: string;
  orderId: string;
  /** The change number just before the order was written: a desk synced up to it has neither yet. */
  since: number;
  cs: LoggedIn;
}

/** The buyer opens a return, customer service approves it to Shanghai, and the buyer ships it back. */
export async function shippedBackCase(server: TestServer, shipment: { carrier: string; trackingNumber: string }): Promise<ShippedBack> {
  const buyer = await server.login('buyer1');
  const cs = await server.login('cs1');
  const since = await maxChangeSeq(server);
  const orderId = await createOrder(server);
  const caseId = await openReturnCase(server, buyer, orderId);
  await pushAs(server, cs, { type: 'cs.approve', caseId, baseVersion: await caseVersion(server, caseId), payload: { returnAddress: RETURN_ADDRESS } });
  await pushAs(server, buyer, { type: 'buyer.ship_back', caseId, baseVersion: await caseVersion(server, caseId), payload: shipment });
  return { caseId, orderId, since, cs };
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

/** One sync round of the workstation; a failed round fails the test. */
export async function syncOnce(client: Client): Promise<void> {
  const outcome = await client.engine().syncOnce();
  if (!outcome.ok) throw outcome.error;
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
