/// <reference lib="dom" />
/**
 * The sync benchmark page (an .mts module, typechecked with DOM types by ./tsconfig.json): the real renderer store (`renderer/src/db`) and sync engine
 * (`renderer/src/sync`) in Chromium with real IndexedDB, talking to the central API through the
 * page server's `/api` proxy (same origin, as in the app). Driven by `../sync.bench.ts` through
 * `window.syncBench`; every call returns timings measured here with `performance.now()`.
 */
import Dexie from 'dexie';
import { openDeskDb, SCHEMA_V1, type CaseSnapshotRow, type CaseViewRow, type DeskDb, type OrderRow } from '../../../renderer/src/db';
import { createApi, dispatch, SyncEngine, type SyncApi } from '../../../renderer/src/sync';
import type { PushCommand } from '../../../shared/sync/wire';
import type { Inspection } from '../../../shared/domain';
import { inspection } from '../../shared/domain/inspection';
import type { SyncBenchPage } from './protocol';

const API_BASE = '/api';
const WORKSTATION_DB = 'sync-bench-desk';
const BASELINE_DB = 'sync-bench-raw';

let desk: DeskDb | null = null;
let deskSession: { token: string; deviceId: string } | null = null;
/** Cases already used by dispatchOffline (rawPush takes others). */
const dispatched = new Set<string>();

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is not ready`);
  return value;
}

async function fresh(name: string): Promise<void> {
  await Dexie.delete(name);
}

function inspectionFor(view: CaseViewRow): Inspection {
  const { sku, quantity } = view.data;
  return inspection({ sku, quantity, condition: 'opened_resalable', checklist: { seals: false }, weightGrams: 500, notes: 'bench', disposition: { kind: 'restock', location: 'A-01-01' } });
}

/** Cases awaiting receipt at the warehouse, in id order, skipping those already dispatched. */
async function awaitingReceipt(db: DeskDb, warehouseId: string, count: number): Promise<CaseViewRow[]> {
  const rows = await db.caseView.where('state').equals('awaiting_receipt').toArray();
  return rows
    .filter((v) => v.pending === 0 && !dispatched.has(v.id) && v.data.returnAddress?.warehouseId === warehouseId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count);
}

function engineFor(db: DeskDb, api: SyncApi): SyncEngine {
  // The settings the app's sync store uses (stores/sync.ts): everything else at its default.
  return new SyncEngine({ db, api, clock: () => new Date() });
}

const bench: SyncBenchPage = {
  async pull(session) {
    await fresh(WORKSTATION_DB);
    const db = await openDeskDb(WORKSTATION_DB);
    desk = db;
    deskSession = session;
    await db.meta.put({ key: 'deviceId', value: session.deviceId });
    const inner = createApi({ baseUrl: API_BASE, token: () => session.token });
    let network = 0;
    const api: SyncApi = {
      ...inner,
      async pull(since, limit, signal) {
        const t = performance.now();
        try {
          return await inner.pull(since, limit, signal);
        } finally {
          network += performance.now() - t;
        }
      },
    };
    const engine = engineFor(db, api);
    const started = performance.now();
    const outcome = await engine.syncOnce();
    const seconds = (performance.now() - started) / 1000;
    if (!outcome.ok) throw new Error(`pull failed: ${outcome.error.name} ${outcome.error.message}`);
    return { seconds, cases: await db.cases.count(), orders: await db.orders.count(), views: await db.caseView.count(), pages: engine.status.firstSync?.pages ?? 0, networkSeconds: network / 1000 };
  },

  async baselinePut() {
    const db = need(desk, 'the workstation database');
    // The records the pull stored: case snapshots, orders and the merged view rows.
    const cases: CaseSnapshotRow[] = await db.cases.toArray();
    const orders: OrderRow[] = await db.orders.toArray();
    const views: CaseViewRow[] = await db.caseView.toArray();

    // The earlier reading, kept for comparison: the case rows alone, into a fresh table with the
    // indexes of the workstation's `cases` table and its durability.
    await fresh(BASELINE_DB);
    const casesOnly = new Dexie(BASELINE_DB, { chromeTransactionDurability: 'strict' });
    casesOnly.version(1).stores({ cases: SCHEMA_V1.cases ?? 'id' });
    await casesOnly.open();
    let started = performance.now();
    await casesOnly.table<CaseSnapshotRow, string>('cases').bulkPut(cases);
    const casesOnlySeconds = (performance.now() - started) / 1000;
    casesOnly.close();
    await fresh(BASELINE_DB);

    // The same records into the same tables: a fresh store with the workstation's schema (every
    // index of `cases`, `orders` and `caseView`) and durability, one bulkPut per table in one
    // transaction.
    const raw = await openDeskDb(BASELINE_DB);
    started = performance.now();
    await raw.transaction('rw', [raw.orders, raw.cases, raw.caseView], async () => {
      await raw.orders.bulkPut(orders);
      await raw.cases.bulkPut(cases);
      await raw.caseView.bulkPut(views);
    });
    const seconds = (performance.now() - started) / 1000;
    const stored = { cases: await raw.cases.count(), orders: await raw.orders.count(), views: await raw.caseView.count() };
    raw.close();
    await fresh(BASELINE_DB);
    return { seconds, ...stored, records: stored.cases + stored.orders + stored.views, casesOnlySeconds };
  },

  async dispatchOffline(count, warehouseId, staffId) {
    const db = need(desk, 'the workstation database');
    const targets = await awaitingReceipt(db, warehouseId, count);
    if (targets.length < count) throw new Error(`only ${targets.length} cases await receipt at ${warehouseId}, ${count} needed`);
    const actor = { id: staffId, role: 'warehouse' as const, warehouseId };
    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    let firstRefusal: string | null = null;
    for (const view of targets) {
      dispatched.add(view.id);
      const t = performance.now();
      const result = await dispatch(db, { type: 'warehouse.receive', caseId: view.id, payload: { inspection: inspectionFor(view) } }, { actor });
      latencies.push(performance.now() - t);
      if (result.ok) accepted += 1;
      else {
        refused += 1;
        firstRefusal ??= result.rejection.code;
      }
    }
    return { latencies, accepted, refused, firstRefusal };
  },

  async dispatchOnline(count, warehouseId, staffId) {
    const db = need(desk, 'the workstation database');
    const session = need(deskSession, 'the session');
    const targets = await awaitingReceipt(db, warehouseId, count);
    if (targets.length < count) throw new Error(`only ${targets.length} cases await receipt at ${warehouseId}, ${count} needed`);
    const engine = engineFor(db, createApi({ baseUrl: API_BASE, token: () => session.token }));
    engine.start();
    const actor = { id: staffId, role: 'warehouse' as const, warehouseId };
    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    let firstRefusal: string | null = null;
    try {
      for (const view of targets) {
        dispatched.add(view.id);
        const t = performance.now();
        const result = await dispatch(db, { type: 'warehouse.receive', caseId: view.id, payload: { inspection: inspectionFor(view) } }, { actor });
        latencies.push(performance.now() - t);
        engine.wake();
        if (result.ok) accepted += 1;
        else {
          refused += 1;
          firstRefusal ??= result.rejection.code;
        }
      }
      // Every command answered before the engine stops (bounded: a stuck engine fails the run).
      const deadline = performance.now() + 300_000;
      while ((await db.outbox.where('status').anyOf('pending', 'sending').count()) > 0) {
        if (performance.now() > deadline) throw new Error('dispatchOnline: the outbox did not drain within 300 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await engine.stop();
    }
    return { latencies, accepted, refused, firstRefusal };
  },

  async rawGet(count) {
    const db = need(desk, 'the workstation database');
    const orderIds = (await db.caseView.orderBy('orderId').uniqueKeys()).map(String);
    if (orderIds.length === 0) throw new Error('no orders in the merged view');
    const idb = db.backendDB();
    const latencies: number[] = [];
    let found = 0;
    for (let i = 0; i < count; i++) {
      // Spread over the whole key range (a fixed stride, so runs compare).
      const key = orderIds[(i * 7919) % orderIds.length] as string;
      const t = performance.now();
      const row = await new Promise<unknown>((resolve, reject) => {
        const request = idb.transaction('caseView', 'readonly').objectStore('caseView').index('orderId').get(key);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB get failed'));
      });
      latencies.push(performance.now() - t);
      if (row !== undefined) found += 1;
    }
    if (found !== count) throw new Error(`raw get found ${found} of ${count}`);
    return { latencies };
  },

  async drain() {
    const db = need(desk, 'the workstation database');
    const session = need(deskSession, 'the session');
    const inner = createApi({ baseUrl: API_BASE, token: () => session.token });
    let pushRequests = 0;
    let network = 0;
    let pushedAt = 0;
    let resolveDrained: () => void = () => undefined;
    const drained = new Promise<void>((resolve) => (resolveDrained = resolve));
    // The engine pulls only once its push loop found nothing left to send: the first pull after
    // the pushes marks the outbox drained, every answer recorded.
    const api: SyncApi = {
      ...inner,
      async push(body, signal) {
        pushRequests += 1;
        const t = performance.now();
        try {
          return await inner.push(body, signal);
        } finally {
          network += performance.now() - t;
        }
      },
      pull(since, limit, signal) {
        if (pushedAt === 0) {
          pushedAt = performance.now();
          resolveDrained();
        }
        return inner.pull(since, limit, signal);
      },
    };
    const engine = engineFor(db, api);
    const synced = new Promise<void>((resolve) => {
      const stop = engine.subscribe((s) => {
        if (!s.syncing && s.lastError === null && s.connection === 'online') {
          resolve();
          queueMicrotask(() => stop());
        }
      });
    });
    const started = performance.now();
    engine.start();
    await drained;
    const seconds = (pushedAt - started) / 1000;
    // Let the pull that follows finish before stopping, so the store is left consistent.
    await synced;
    await engine.stop();
    const rows = await db.outbox.toArray();
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    return { seconds, pushRequests, networkSeconds: network / 1000, acked: count('acked'), conflict: count('conflict'), rejected: count('rejected'), pending: count('pending') + count('sending') };
  },

  async rawPush(session, count, batch, warehouseId) {
    const db = need(desk, 'the workstation database');
    const targets = await awaitingReceipt(db, warehouseId, count);
    if (targets.length < count) throw new Error(`only ${targets.length} other cases await receipt at ${warehouseId}, ${count} needed`);
    // Received behind the desk's back: later rounds must not pick them again.
    for (const view of targets) dispatched.add(view.id);
    const occurredAt = new Date().toISOString();
    const bodies: string[] = [];
    for (let i = 0; i < targets.length; i += batch) {
      const commands: PushCommand[] = targets.slice(i, i + batch).map((view, k) => ({
        id: crypto.randomUUID(),
        deviceSeq: i + k + 1,
        type: 'warehouse.receive',
        caseId: view.id,
        baseVersion: view.version,
        occurredAt,
        payload: { inspection: inspectionFor(view) },
      }));
      bodies.push(JSON.stringify({ deviceId: session.deviceId, commands }));
    }
    let applied = 0;
    let refused = 0;
    let firstRefusal: string | null = null;
    const started = performance.now();
    for (const body of bodies) {
      const response = await fetch(`${API_BASE}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${session.token}` }, body });
      if (!response.ok) throw new Error(`raw push: HTTP ${response.status} ${await response.text()}`);
      const reply = (await response.json()) as { results: { status: string; code?: string }[] };
      for (const r of reply.results) {
        if (r.status === 'applied') applied += 1;
        else {
          refused += 1;
          firstRefusal ??= r.code ?? r.status;
        }
      }
    }
    return { seconds: (performance.now() - started) / 1000, requests: bodies.length, applied, refused, firstRefusal };
  },

  async cleanup() {
    desk?.close();
    desk = null;
    await fresh(WORKSTATION_DB);
    await fresh(BASELINE_DB);
  },
};

declare global {
  interface Window {
    syncBench: SyncBenchPage;
  }
}

window.syncBench = bench;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
