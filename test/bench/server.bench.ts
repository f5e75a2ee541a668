/**
 * Central API throughput over HTTP on loopback.
 *  - server.push: commands/s applied through POST /sync/push by 20 concurrent simulated
 *    workstations, each walking its own return cases through every department (apply → approve →
 *    ship back → receive → refund), pushing a batch of 25 commands per request, one per case, as the
 *    client's sync engine sends its outbox (at most one command per case and 250 per request, see
 *    renderer/src/sync/outbox.ts `nextBatch`): the commands a desk queued for 25 parcels while a
 *    push was on its way or the network was down; p50/p99 are request latencies in ms. Baseline:
 *    GET /health round-trips/s from 20 concurrent clients on the same server.
 *  - server.pull: cases/s served by GET /sync/pull in pages of 1,000 from a 100,000-case database
 *    whose cases sit on distinct demo orders (the feed serves each order's document too);
 *    p50/p99 page latencies in ms. Baseline: the same case and order rows read by raw SELECTs
 *    through the Db port.
 * Both run on embedded PGlite, and on PostgreSQL too (`.postgres`) when BENCH_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { vacuumAnalyzeAll } from '../../server/db/maintenance';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import { seedDemo } from '../../server/seed/demo';
import { DEMO_PASSWORD, seedDemoStaff } from '../../server/seed/staff';
import { upsertProduct } from '../../server/sync/catalog';
import { productionRules } from '../../server/sync/rules';
import { insertRows } from '../../server/seed/bulk';
import type { PullResponse, PushResponse } from '../../shared/sync';
import { POLICY as policy, inspection } from '../server/support/domain-fixtures';
import { KETTLE } from '../server/support/orders';
import { percentile, type BenchFigure, type Benchmark } from './types';

const WORKSTATIONS = 20;
const CASES_PER_WORKSTATION = 50;
const BATCH = 25;
const PULL_CASES = 100_000;
const PAGE = 1000;

interface Backend {
  suffix: string;
  open(): Promise<{ db: Db; dispose(): Promise<void> }>;
}

const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const backends: Backend[] = [
  {
    suffix: '',
    async open() {
      const db = await openPglite();
      return { db, dispose: () => db.close() };
    },
  },
];
if (BENCH_DATABASE_URL) {
  backends.push({
    suffix: '.postgres',
    async open() {
      const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      const db = await openPostgres({ connectionString: BENCH_DATABASE_URL, schema, max: 20 });
      return {
        db,
        async dispose() {
          await db.close();
          const cleanup = new pg.Client({ connectionString: BENCH_DATABASE_URL });
          await cleanup.connect();
          await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
          await cleanup.end();
        },
      };
    },
  });
}

async function serve(db: Db) {
  await migrate(db);
  await seedDemoStaff(db);
  const app = await buildServer({ db, rules: productionRules(policy), logger: false, config: { loginRateLimit: { max: 100_000, windowMs: 60_000 } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { app, url: `http://127.0.0.1:${address.port}` };
}


interface ClientResult {
  applied: number;
  refused: number;
  seconds: number;
  latencies: number[];
}

/** Runs the simulated workstations (or the /health baseline) in a child process. */
function runClient(url: string, mode: 'push' | 'health'): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, SERVER_BENCH_CLIENT: JSON.stringify({ url, mode }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench client exited with ${code}`));
      try {
        resolve(JSON.parse(out) as ClientResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

async function login(url: string, username: string, deviceId: string): Promise<{ token: string; deviceId: string }> {
  const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return { token: ((await res.json()) as { token: string }).token, deviceId };
}

/** GET /health round-trips from as many concurrent clients as there are workstations. */
async function healthClient(url: string): Promise<ClientResult> {
  let n = 0;
  const end = performance.now() + 3000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKSTATIONS }, async () => {
      while (performance.now() < end) {
        const res = await fetch(`${url}/health`);
        await res.arrayBuffer();
        n += 1;
      }
    }),
  );
  return { applied: n, refused: 0, seconds: (performance.now() - started) / 1000, latencies: [] };
}

/** The workstations: each walks its own return cases through every department. */
async function pushClient(url: string): Promise<ClientResult> {
  // A workstation: one device per department desk it plays.
  const stations = await Promise.all(
    Array.from({ length: WORKSTATIONS }, async (_, w) => ({
      w,
      buyer: await login(url, 'buyer1', `ws${w}-buyer`),
      cs: await login(url, 'cs1', `ws${w}-cs`),
      wh: await login(url, 'wh1', `ws${w}-wh`),
      fin: await login(url, 'fin1', `ws${w}-fin`),
    })),
  );
  const latencies: number[] = [];
  let applied = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    stations.map(async (s) => {
      const seqs = new Map<string, number>();
      const push = async (session: { token: string; deviceId: string }, commands: { type: string; caseId: string; baseVersion: number; payload: unknown }[]) => {
        const body = {
          deviceId: session.deviceId,
          commands: commands.map((c) => {
            const seq = (seqs.get(session.deviceId) ?? 0) + 1;
            seqs.set(session.deviceId, seq);
            return { id: randomUUID(), deviceSeq: seq, occurredAt: new Date().toISOString(), ...c };
          }),
        };
        const t = performance.now();
        const res = await fetch(`${url}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` }, body: JSON.stringify(body) });
        const answer = (await res.json()) as PushResponse;
        latencies.push(performance.now() - t);
        for (const r of answer.results) {
          if (r.status === 'applied') applied += 1;
          else refused += 1;
        }
      };
      for (let first = 0; first < CASES_PER_WORKSTATION; first += BATCH) {
        const ids = Array.from({ length: Math.min(BATCH, CASES_PER_WORKSTATION - first) }, (_, i) => first + i);
        const caseId = (c: number) => `bc-${s.w}-${c}`;
        await push(s.buyer, ids.map((c) => ({ type: 'buyer.apply', caseId: caseId(c), baseVersion: 0, payload: { orderId: `bo-${s.w}-${c}`, lineId: `bo-${s.w}-${c}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue' } })));
        await push(s.cs, ids.map((c) => ({ type: 'cs.approve', caseId: caseId(c), baseVersion: 1, payload: {} })));
        await push(s.buyer, ids.map((c) => ({ type: 'buyer.ship_back', caseId: caseId(c), baseVersion: 2, payload: { carrier: '顺丰速运', trackingNumber: `SF${String(1_000_000_000_000 + s.w * 1000 + c)}` } })));
        await push(s.wh, ids.map((c) => ({ type: 'warehouse.receive', caseId: caseId(c), baseVersion: 3, payload: { inspection: inspection() } })));
        await push(s.fin, ids.map((c) => ({ type: 'finance.approve_refund', caseId: caseId(c), baseVersion: 4, payload: { reference: 'BENCH' } })));
      }
    }),
  );
  return { applied, refused, seconds: (performance.now() - started) / 1000, latencies };
}

const clientTask = process.env.SERVER_BENCH_CLIENT;
if (clientTask) {
  const { url, mode } = JSON.parse(clientTask) as { url: string; mode: 'push' | 'health' };
  const result = await (mode === 'push' ? pushClient(url) : healthClient(url));
  process.stdout.write(JSON.stringify(result));
}

async function benchPush(backend: Backend): Promise<BenchFigure> {
  const { db, dispose } = await backend.open();
  const { app, url } = await serve(db);
  try {
    const confirmedAt = new Date(Date.now() - 86_400_000).toISOString();
    const orderRows: unknown[][] = [];
    const lineRows: unknown[][] = [];
    for (let w = 0; w < WORKSTATIONS; w++) {
      for (let c = 0; c < CASES_PER_WORKSTATION; c++) {
        const id = `bo-${w}-${c}`;
        orderRows.push([id, `NO-${id}`, 'completed', 'staff-buyer1', 1000, confirmedAt, confirmedAt, confirmedAt, confirmedAt, JSON.stringify({ products: { 'SKU-KETTLE': KETTLE } })]);
        lineRows.push([`${id}-L1`, id, 1, 'SKU-KETTLE', 1, 5000, 0, 0, 5000]);
      }
    }
    await db.transaction(async (tx) => {
      await upsertProduct(tx, { ...KETTLE, name: '电水壶', gtin: '6901234567892' });
      await insertRows(tx, 'orders', ['id', 'order_no', 'state', 'buyer_id', 'shipping_fee', 'paid_at', 'shipped_at', 'signed_at', 'confirmed_at', 'data'], orderRows, ['', '', '', '', '', '', '', '', '', '::jsonb']);
      await insertRows(tx, 'order_lines', ['id', 'order_id', 'position', 'sku', 'quantity', 'unit_price', 'discount', 'coins', 'paid_amount'], lineRows);
    });
    await vacuumAnalyzeAll(db);

    // The workstations run in a separate process, as they would on the shop floor: the server
    // process keeps its core to itself.
    const baseline = await runClient(url, 'health');
    const load = await runClient(url, 'push');
    if (load.refused > 0) throw new Error(`server.push: ${load.refused} commands were not applied`);
    const latencies = [...load.latencies].sort((a, b) => a - b);
    const value = load.applied / load.seconds;
    const healthRate = baseline.applied / baseline.seconds;
    return { name: `server.push${backend.suffix}`, value, unit: 'commands/s', p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), baseline: healthRate, ratio: value / healthRate, n: load.applied };
  } finally {
    await app.close();
    await dispose();
  }
}

/**
 * 100,000 demo cases, each on an order of its own with its lines, products and buyer: the mix a
 * real site's feed serves (the order documents are the costly part of a pull page), written by the
 * bulk seeding path.
 */
async function fillCases(db: Db): Promise<number> {
  await seedDemo(db, productionRules(policy), { cases: PULL_CASES, bulk: true, policy });
  const [row] = await db.query<{ cases: unknown; orders: unknown }>('SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(DISTINCT order_id) FROM cases) AS orders');
  const cases = Number(row?.cases);
  const orders = Number(row?.orders);
  if (cases !== PULL_CASES) throw new Error(`server.pull: seeded ${cases} cases, expected ${PULL_CASES}`);
  // Demo orders may carry more than one case (a second application on the same order), but the
  // feed must not be a handful of orders repeated.
  if (orders < PULL_CASES / 2) throw new Error(`server.pull: only ${orders} distinct orders behind ${cases} cases`);
  return orders;
}

async function benchPull(backend: Backend): Promise<BenchFigure> {
  const { db, dispose } = await backend.open();
  const { app, url } = await serve(db);
  try {
    const orders = await fillCases(db);
    // Statistics for the loaded rows, as the server gathers them after seeding.
    await vacuumAnalyzeAll(db);
    const cs = await login(url, 'cs1', 'bench-pull');

    // Baseline: the same rows straight from the database, page by page: the cases and the
    // documents of their orders, as the feed serves both.
    let rawCases = 0;
    const rawStarted = performance.now();
    for (const table of ['cases', 'orders'] as const) {
      let since = 0;
      for (;;) {
        const rows = await db.query<{ change_seq: unknown }>(`SELECT change_seq, id, data FROM ${table} WHERE change_seq > $1 ORDER BY change_seq LIMIT $2`, [since, PAGE]);
        if (rows.length === 0) break;
        if (table === 'cases') rawCases += rows.length;
        since = Number(rows.at(-1)?.change_seq);
      }
    }
    const baseline = rawCases / ((performance.now() - rawStarted) / 1000);

    const latencies: number[] = [];
    let cases = 0;
    let orderDocs = 0;
    let cursor = 0;
    const started = performance.now();
    for (;;) {
      const t = performance.now();
      const res = await fetch(`${url}/sync/pull?since=${cursor}&limit=${PAGE}`, { headers: { authorization: `Bearer ${cs.token}` } });
      const page = (await res.json()) as PullResponse;
      latencies.push(performance.now() - t);
      cases += page.changes.filter((c) => c.kind === 'case').length;
      orderDocs += page.changes.filter((c) => c.kind === 'order').length;
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    const seconds = (performance.now() - started) / 1000;
    if (cases !== PULL_CASES) throw new Error(`server.pull: pulled ${cases} cases, expected ${PULL_CASES}`);
    latencies.sort((a, b) => a - b);
    const value = cases / seconds;
    if (orderDocs < orders) throw new Error(`server.pull: the feed served ${orderDocs} order documents for ${orders} orders`);
    console.log(`  [server.pull] ${cases} cases on ${orders} distinct orders, ${orderDocs} order documents served`);
    return { name: `server.pull${backend.suffix}`, value, unit: 'cases/s', p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), baseline, ratio: value / baseline, n: latencies.length, storeSize: cases };
  } finally {
    await app.close();
    await dispose();
  }
}

export default [
  {
    name: 'server.push',
    async run() {
      const figures: BenchFigure[] = [];
      for (const backend of backends) figures.push(await benchPush(backend));
      return figures;
    },
  },
  {
    name: 'server.pull',
    async run() {
      const figures: BenchFigure[] = [];
      for (const backend of backends) figures.push(await benchPull(backend));
      return figures;
    },
  },
] satisfies Benchmark[];
