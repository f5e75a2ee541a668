/**
 * Sync under lasting faults, checked against a ledger kept outside the clients. Two customer-
 * service desks and a warehouse desk with photo attachments work on the same cases through fault
 * proxies (drops, resets, duplicates, replays, truncation) while the test also:
 *  - kills a desk in the middle of a local transaction (the database closed under it) and leaves
 *    its sync engine running, never stopped, beside the restarted one;
 *  - cuts a desk off for longer than its request time limit (a partition, not a dropped request);
 *  - revokes a desk's session in the middle of its work (401), signing it in again later;
 *  - restarts an API instance.
 * On PGlite one API instance serves; on PostgreSQL two instances share the database and every
 * request goes to either at random. After healing: every command dispatch accepted reached the
 * server exactly once with the outcome the desk shows (the ledger), the server's event log folds
 * into its case rows, every desk holds the server's cases, every photo is on the server, and every
 * fault kind really happened. A test of the test shows the ledger catching a client that drops a
 * command before its outbox.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AfterSalesCase } from '../../shared/domain';
import { buildServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { productionRules } from '../../server/sync/rules';
import { openDeskDb, type DeskDb } from '../../renderer/src/db/schema';
import { createApi } from '../../renderer/src/sync/api';
import { storeAttachment } from '../../renderer/src/sync/attachments';
import { dispatch, type DispatchInput } from '../../renderer/src/sync/dispatch';
import { SyncEngine } from '../../renderer/src/sync/engine';
import { discardConflict, reissueConflict } from '../../renderer/src/sync/resolve';
import { backends, openSeededDb, type Backend, type TestDb } from '../server/support/harness';
import { demoLogin, httpRequester, type HttpRequest } from '../server/support/http';
import { png } from '../server/support/images';
import { seededRandom, startFaultProxy, type FaultKind, type FaultProxy } from './support/fault-proxy';
import { auditLedger, foldProblems, Ledger } from './support/ledger';
import { ACTORS, createOrder, inspection, maxChangeSeq, openReturnCase, pushAs, RETURN_ADDRESS, serverCase, type LoggedIn, type TestServer } from './support/world';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const RUNS: Record<Backend, number> = { pglite: Number(process.env.LEDGER_RUNS ?? 5), postgres: Number(process.env.LEDGER_RUNS_PG ?? 3) };
const STEPS = 14;
/** The desks' request time limit: a partition outlasts it, and the 1 s "sending" mark too. */
const REQUEST_TIMEOUT_MS = 800;
const PARTITION_MS = 1_600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Extra = 'kill' | 'orphanEngine' | 'partition' | 'unauthorized' | 'restart' | 'photos';
type Totals = Record<FaultKind | Extra, number>;

/** API instances on one database (shared by the runs of a backend). */
interface Site {
  db: Db;
  /** Where each instance listens (kept across restarts). */
  ports: number[];
  request: HttpRequest;
  login(username: string, deviceId?: string): Promise<LoggedIn>;
  restart(index: number): Promise<void>;
  close(): Promise<void>;
}

async function startSite(backend: Backend): Promise<Site> {
  const t: TestDb = await openSeededDb(backend);
  const handles = backend === 'postgres' ? [t.db, await t.reopen()] : [t.db];
  const config = { loginRateLimit: { max: 100_000, windowMs: 60_000 }, loginFailuresPerAddress: { max: 100_000, windowMs: 60_000 }, orderCreation: true };
  const apps: FastifyInstance[] = [];
  const ports: number[] = [];
  const listen = async (i: number, port = 0): Promise<void> => {
    const app = await buildServer({ db: handles[i] as Db, rules: productionRules(), logger: false, config });
    await app.listen({ port, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    apps[i] = app;
    ports[i] = address.port;
  };
  for (let i = 0; i < handles.length; i++) await listen(i);
  // The first instance keeps its port across restarts.
  const request = httpRequester(`http://127.0.0.1:${ports[0]}`);
  return {
    db: t.db,
    ports,
    request,
    login: (username, deviceId) => demoLogin(request, username, deviceId),
    async restart(index) {
      // Stopped and started again on the same port and database, as a redeploy would.
      await apps[index]?.close();
      await listen(index, ports[index]);
    },
    async close() {
      for (const app of apps) await app.close();
      await t.dispose();
    },
  };
}

/** The subset of the world's TestServer the helpers need, on a site. */
function asServer(site: Site): TestServer {
  return { url: '', app: undefined as never, db: site.db, request: site.request, login: site.login, close: () => Promise.resolve() };
}

interface Desk {
  name: 'cs1' | 'admin' | 'wh1';
  dbName: string;
  db: DeskDb;
  session: LoggedIn;
  engine: SyncEngine;
  partitionUntil: number;
  revoked: boolean;
  orphans: SyncEngine[];
}

function newEngine(desk: Desk, proxies: readonly FaultProxy[], rng: () => number, totals: Totals): SyncEngine {
  // Every request goes to one of the instances at random, through its fault proxy; a partition
  // holds it unanswered until the desk's time limit gives up on it.
  const viaSite: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const proxy = proxies[Math.floor(rng() * proxies.length)] as FaultProxy;
    const target = new URL(url.pathname + url.search, proxy.url);
    if (Date.now() < desk.partitionUntil) {
      totals.partition += 1;
      await new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')), { once: true }));
    }
    const response = await fetch(target, init);
    if (response.status === 401) totals.unauthorized += 1;
    return response;
  };
  const api = createApi({ baseUrl: 'http://desk.invalid', token: () => desk.session.token, timeoutMs: REQUEST_TIMEOUT_MS, fetch: viaSite });
  return new SyncEngine({ db: desk.db, api, pollIntervalMs: 100, backoff: { baseMs: 20, capMs: 200 }, yieldBetweenPages: () => Promise.resolve() });
}

async function openDesk(name: Desk['name'], site: Site, proxies: readonly FaultProxy[], since: number, rng: () => number, totals: Totals): Promise<Desk> {
  const session = await site.login(name);
  const dbName = `ledger-${name}-${randomUUID()}`;
  const db = await openDeskDb(dbName);
  await db.meta.bulkPut([
    { key: 'deviceId', value: session.deviceId },
    { key: 'cursor', value: since },
    { key: 'firstSyncDone', value: true },
  ]);
  const desk: Desk = { name, dbName, db, session, engine: undefined as never, partitionUntil: 0, revoked: false, orphans: [] };
  desk.engine = newEngine(desk, proxies, rng, totals);
  desk.engine.start();
  return desk;
}

/** A command a customer-service desk would plausibly issue on the case it sees. */
function csCommand(c: AfterSalesCase, rng: () => number): DispatchInput | null {
  switch (c.state) {
    case 'pending_review':
      return rng() < 0.6 ? { type: 'cs.approve', caseId: c.id, payload: { returnAddress: RETURN_ADDRESS } } : { type: 'cs.reject', caseId: c.id, payload: { reason: '请补充照片' } };
    case 'rejected':
      return c.escalation === null ? { type: 'cs.escalate', caseId: c.id, payload: { reason: '买家申诉' } } : { type: 'cs.approve', caseId: c.id, payload: { returnAddress: RETURN_ADDRESS } };
    case 'awaiting_refund':
      return c.refund ? { type: 'cs.override_amount', caseId: c.id, payload: { cash: Math.floor(c.refund.cash * (0.5 + rng() / 2)), kind: 'override', reason: '协商金额' } } : null;
    default:
      return c.escalation === null && c.state !== 'completed' && c.state !== 'closed' ? { type: 'cs.escalate', caseId: c.id, payload: { reason: '跟进' } } : null;
  }
}

/** What the desk's dispatch accepted goes into the ledger; a dispatch cut short by a crash does not. */
async function dispatchRecorded(ledger: Ledger, desk: Desk, input: DispatchInput): Promise<boolean> {
  const result = await dispatch(desk.db, input, { actor: ACTORS[desk.name] as NonNullable<(typeof ACTORS)[string]> });
  if (result.ok) ledger.record(desk.name, result.commandId, input.type, input.caseId);
  return result.ok;
}

/** The desk's next piece of work on `caseId`, if the case as it sees it calls for one. */
async function work(ledger: Ledger, desk: Desk, caseId: string, rng: () => number, photoFill: number): Promise<'photo' | 'plain' | null> {
  const view = await desk.db.caseView.get(caseId);
  if (!view) return null;
  if (desk.name === 'wh1') {
    if (view.data.state !== 'awaiting_receipt') return null;
    const sha256 = await storeAttachment(desk.db, new Blob([new Uint8Array(png(64, photoFill))], { type: 'image/png' }));
    return (await dispatchRecorded(ledger, desk, { type: 'warehouse.receive', caseId, payload: { inspection: inspection([sha256]) } })) ? 'photo' : null;
  }
  const input = csCommand(view.data, rng);
  return input && (await dispatchRecorded(ledger, desk, input)) ? 'plain' : null;
}

async function settled(desk: Desk): Promise<boolean> {
  const active = await desk.db.outbox.where('status').anyOf(['pending', 'sending']).count();
  const open = await desk.db.conflicts.where('open').equals(1).count();
  return active === 0 && open === 0;
}

async function runOnce(site: Site, backend: Backend, seed: number, totals: Totals): Promise<{ commands: number }> {
  const rng = seededRandom(seed ^ 0x2545f491);
  const proxies = await Promise.all(site.ports.map((port, i) => startFaultProxy(`http://127.0.0.1:${port}`, seed + i)));
  const server = asServer(site);
  const ledger = new Ledger();
  const desks: Desk[] = [];
  const caseIds: string[] = [];
  const buyer = await site.login('buyer1');
  const cs = await site.login('cs1');
  try {
    const since = await maxChangeSeq(server);
    for (let i = 0; i < 4; i++) caseIds.push(await openReturnCase(server, buyer, await createOrder(server)));
    // Two cases already on their way back to the warehouse, for the warehouse desk.
    for (const caseId of caseIds.slice(2)) {
      await pushAs(server, cs, { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: RETURN_ADDRESS } });
      await pushAs(server, buyer, { type: 'buyer.ship_back', caseId, baseVersion: 2, payload: { carrier: 'SF', trackingNumber: `SF${randomUUID().replace(/\D/g, '').padEnd(10, '7').slice(0, 10)}` } });
    }
    for (const name of ['cs1', 'admin', 'wh1'] as const) desks.push(await openDesk(name, site, proxies, since, rng, totals));
    // The warehouse desk first receives one parcel with a photo, once its feed (through the faulty
    // proxies) has brought the case: every run uploads an attachment, whatever the seed picks later.
    const warehouse = desks[2] as Desk;
    const firstParcel = caseIds[2] as string;
    for (let waited = 0; waited < 20_000 && (await warehouse.db.caseView.get(firstParcel))?.data.state !== 'awaiting_receipt'; waited += 100) {
      warehouse.engine.wake();
      await sleep(100);
    }
    if ((await work(ledger, warehouse, firstParcel, rng, 99)) === 'photo') totals.photos += 1;
    // Each lasting fault once per run, at a seeded step; the proxies' faults all along.
    const at = (): number => Math.floor(rng() * STEPS);
    const killAt = at();
    const partitionAt = at();
    const revokeAt = at();
    const restartAt = at();

    for (let step = 0; step < STEPS; step++) {
      const desk = desks[Math.floor(rng() * desks.length)] as Desk;
      const caseId = caseIds[Math.floor(rng() * caseIds.length)] as string;
      if (step === partitionAt) desk.partitionUntil = Date.now() + PARTITION_MS;
      if (step === revokeAt && !desk.revoked) {
        await site.request('POST', '/auth/logout', { token: desk.session.token });
        desk.revoked = true;
        // The desk meets the revocation in the middle of its work: its next sync gets 401.
        const before = totals.unauthorized;
        for (let waited = 0; waited < 8_000 && totals.unauthorized === before; waited += 100) {
          desk.engine.wake();
          await sleep(100);
        }
      }
      if (step === restartAt) {
        await site.restart(Math.floor(rng() * site.ports.length));
        totals.restart += 1;
      }
      if (step === killAt) {
        // The app dies with a dispatch in flight: the database is closed under the transaction,
        // and the engine that was running is left behind, never stopped.
        const inFlight = work(ledger, desk, caseId, rng, step + 1).catch(() => null);
        await sleep(Math.floor(rng() * 3));
        desk.db.close();
        await inFlight;
        desk.orphans.push(desk.engine);
        desk.db = await openDeskDb(desk.dbName);
        desk.engine = newEngine(desk, proxies, rng, totals);
        desk.engine.start();
        totals.kill += 1;
        totals.orphanEngine += 1;
      } else {
        const did = await work(ledger, desk, caseId, rng, step + 1);
        if (did === 'photo') totals.photos += 1;
        desk.engine.wake();
      }
      await sleep(Math.floor(rng() * 40));
    }
    // Let a partition run its course, so its requests really outlast the time limit.
    await sleep(Math.max(0, ...desks.map((d) => d.partitionUntil - Date.now())));

    // Heal: faults stop, the signed-out desk signs in again, and each desk syncs until its queue
    // is answered and its inbox is empty (a person re-issues or discards each conflict).
    for (const proxy of proxies) proxy.heal();
    for (const desk of desks) {
      desk.partitionUntil = 0;
      if (desk.revoked) {
        desk.session.token = (await site.login(desk.name, desk.session.deviceId)).token;
        desk.revoked = false;
      }
      await desk.engine.stop();
      for (const orphan of desk.orphans) await orphan.stop();
    }
    for (let round = 0; round < 60; round++) {
      for (const desk of desks) {
        const outcome = await desk.engine.syncOnce();
        if (!outcome.ok) continue;
        for (const conflict of await desk.db.conflicts.where('open').equals(1).toArray()) {
          const reissued = rng() < 0.5 ? await reissueConflict(desk.db, conflict.commandId, ACTORS[desk.name] as NonNullable<(typeof ACTORS)[string]>) : { ok: false as const };
          if (reissued.ok && reissued.followUpId) ledger.record(desk.name, reissued.followUpId, conflict.command.type, conflict.caseId);
          else await discardConflict(desk.db, conflict.commandId);
        }
      }
      if ((await Promise.all(desks.map(settled))).every(Boolean)) break;
    }
    for (const desk of desks) expect((await desk.engine.syncOnce()).ok, `${backend} seed ${seed}: final sync of ${desk.name}`).toBe(true);

    // The ledger against the server; the server's log against its rows; each desk against the server.
    expect(await auditLedger(site.db, ledger, desks.map((d) => ({ name: d.name, db: d.db, deviceId: d.session.deviceId }))), `${backend} seed ${seed}`).toEqual([]);
    expect(await foldProblems(site.db, caseIds), `${backend} seed ${seed}`).toEqual([]);
    for (const desk of desks) {
      expect(await desk.db.overlay.count(), `${backend} seed ${seed}: ${desk.name} overlay residue`).toBe(0);
      for (const caseId of caseIds) {
        const truth = await serverCase(server, caseId);
        const view = await desk.db.caseView.get(caseId);
        if (desk.name === 'wh1' && !view) continue; // outside the warehouse's feed (never sent to the Shanghai warehouse)
        expect(view?.data, `${backend} seed ${seed}: ${desk.name} ${caseId}`).toEqual(truth?.data);
      }
    }
    const photos = new Set((await desks[2]!.db.outbox.toArray()).filter((r) => r.status === 'acked').flatMap((r) => r.attachments));
    for (const sha256 of photos) {
      const [row] = await site.db.query<{ n: unknown }>('SELECT count(*) AS n FROM attachments WHERE sha256 = $1', [sha256]);
      expect(Number(row?.n), `${backend} seed ${seed}: photo ${sha256} on the server`).toBe(1);
    }
    return { commands: ledger.entries.length };
  } finally {
    for (const desk of desks) {
      await desk.engine.stop();
      for (const orphan of desk.orphans) await orphan.stop();
      desk.db.close();
    }
    for (const proxy of proxies) {
      for (const [kind, n] of Object.entries(proxy.stats) as [FaultKind, number][]) totals[kind] += n;
      await proxy.close();
    }
  }
}

const emptyTotals = (): Totals => ({
  pass: 0,
  poisoned: 0,
  drop: 0,
  unavailable: 0,
  resetAfter: 0,
  badGatewayAfter: 0,
  duplicate: 0,
  replayLater: 0,
  truncate: 0,
  delay: 0,
  kill: 0,
  orphanEngine: 0,
  partition: 0,
  unauthorized: 0,
  restart: 0,
  photos: 0,
});

describe('sync under lasting faults, checked against a ledger', () => {
  const reports: string[] = [];
  // Starting a migrated, seeded API takes seconds: one site per backend serves all its runs.
  const sites = new Map<Backend, Promise<Site>>();
  const siteFor = (backend: Backend): Promise<Site> => {
    let site = sites.get(backend);
    if (!site) sites.set(backend, (site = startSite(backend)));
    return site;
  };
  afterAll(async () => {
    for (const site of sites.values()) await (await site).close();
    for (const line of reports) process.stdout.write(`${line}\n`);
  });

  for (const backend of backends) {
    it(`keeps every accepted command exactly once on ${backend === 'postgres' ? 'PostgreSQL behind two API instances' : 'PGlite behind one API instance'}`, async () => {
      const totals = emptyTotals();
      let commands = 0;
      const first = Number(process.env.LEDGER_SEED ?? 7_110_000);
      const site = await siteFor(backend);
      for (let i = 0; i < RUNS[backend]; i++) commands += (await runOnce(site, backend, first + i, totals)).commands;
      reports.push(`ledger runs on ${backend}: ${RUNS[backend]} from seed ${first}, ${commands} commands, faults ${JSON.stringify(totals)}`);
      expect(commands).toBeGreaterThan(RUNS[backend] * 3);
      // Every kind of fault really happened.
      for (const kind of ['drop', 'unavailable', 'resetAfter', 'duplicate', 'replayLater', 'truncate', 'kill', 'orphanEngine', 'partition', 'unauthorized', 'restart', 'photos'] as const) {
        expect(totals[kind], `${kind} happened`).toBeGreaterThan(0);
      }
    });
  }

  it('catches a client that drops a command before its outbox (a deliberately broken dispatch)', async () => {
    const site = await siteFor('pglite');
    const proxies = [await startFaultProxy(`http://127.0.0.1:${site.ports[0]}`, 99)];
    proxies[0]!.heal();
    const server = asServer(site);
    const ledger = new Ledger();
    const totals = emptyTotals();
    const since = await maxChangeSeq(server);
    const buyer = await site.login('buyer1');
    const caseIds = [await openReturnCase(server, buyer, await createOrder(server)), await openReturnCase(server, buyer, await createOrder(server))];
    const desk = await openDesk('cs1', site, proxies, since, () => 0.3, totals);
    try {
      await desk.engine.stop();
      await desk.engine.syncOnce();
      // The broken build: the first approval is reported accepted but never written anywhere.
      const broken = async (input: DispatchInput): Promise<void> => {
        ledger.record(desk.name, randomUUID(), input.type, input.caseId);
      };
      await broken({ type: 'cs.approve', caseId: caseIds[0]!, payload: { returnAddress: RETURN_ADDRESS } });
      expect(await dispatchRecorded(ledger, desk, { type: 'cs.approve', caseId: caseIds[1]!, payload: { returnAddress: RETURN_ADDRESS } })).toBe(true);
      expect((await desk.engine.syncOnce()).ok).toBe(true);
      // The outbox and the server agree with each other — only the ledger knows one is missing.
      const problems = await auditLedger(site.db, ledger, [{ name: desk.name, db: desk.db, deviceId: desk.session.deviceId }]);
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/cs\.approve on .+: accepted by dispatch but not in the outbox$/);
      expect(problems[1]).toMatch(/cs\.approve on .+: on the server 0 times$/);
    } finally {
      await desk.engine.stop();
      desk.db.close();
      await proxies[0]!.close();
    }
  });
});
