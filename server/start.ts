/**
 * Start-up shared by `npm run server` (main.ts) and the desktop app's embedded API (embedded.ts):
 * open and migrate the database, seed what was asked for, build the HTTP server, start the
 * deadline sweeper and listen.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../shared/domain';
import { buildServer } from './app';
import type { Db } from './db/db';
import { analyzeNeverAnalyzed, vacuumAnalyzeAll, startMaintenance } from './db/maintenance';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import { isDatabaseEmpty, seedDemo } from './seed/demo';
import { DEMO_WAREHOUSE } from './seed/demo-data';
import { seedDemoStaff } from './seed/staff';
import { indexDeadlines, startSweeper } from './sweeper';
import { advisoryLeadership, SWEEPER_LOCK_KEY } from './leadership';
import { productionRules } from './sync/rules';

/** Migration that added the deadline columns: existing cases are indexed once after it. */
const DEADLINE_MIGRATION = 3;
/** From this many demo cases on, seeding takes the bulk path (see seed/bulk.ts). */
const BULK_FROM = 1000;

export interface StartOptions {
  port: number;
  host: string;
  /** Host names clients use besides loopback names and IP addresses (see hosts.ts). */
  allowedHosts?: readonly string[] | undefined;
  /** PGlite folder (`':memory:'` for none); ignored when `databaseUrl` is set. */
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
  /** Log sink (default stdout). */
  logStream?: { write(line: string): void } | undefined;
  /** Create the demo accounts if missing. */
  demoStaff?: boolean | undefined;
  /** Seed demo accounts and data (idempotent). */
  seedDemo?: boolean | undefined;
  /** Seed demo accounts and data only into an empty database. */
  demo?: boolean | undefined;
  /** Number of demo cases (default 40). */
  scale?: number | undefined;
  /** Let `POST /store/orders` create orders (demo and test servers; default off). */
  orderCreation?: boolean | undefined;
  /** Seconds between deadline sweeps; 0 = no sweeper (default 60). */
  sweepIntervalSeconds?: number | undefined;
  /**
   * Seconds between checks of table statistics and dead rows on embedded PGlite, which has no
   * autovacuum (see db/maintenance.ts); 0 = none (default 60). A PostgreSQL server does its own.
   */
  maintenanceIntervalSeconds?: number | undefined;
  /** After-sales policy; the demo modes default the return address to the demo warehouse. */
  policy?: Policy | undefined;
  clock?: (() => Date) | undefined;
  /** Reverse proxies whose X-Forwarded-For names the client (see config.ts). */
  trustedProxies?: readonly string[] | undefined;
  /** Names this process in the sweeper's round log (default host name and process id). */
  instanceId?: string | undefined;
}

export interface StartedServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  stop(): Promise<void>;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startServer(options: StartOptions): Promise<StartedServer> {
  const demoMode = options.demo === true || options.seedDemo === true;
  const policy = options.policy ?? (demoMode ? parsePolicy({ defaultReturnAddress: { ...DEMO_WAREHOUSE } }) : DEFAULT_POLICY);
  const rules = productionRules(policy);
  const db = await openDatabase({ databaseUrl: options.databaseUrl || undefined, dataDir: options.dataDir });
  try {
    const report = await migrate(db);
    const app = await buildServer({
      db,
      rules,
      logger: { level: options.logLevel ?? 'info', ...(options.logStream ? { stream: options.logStream } : {}) },
      config: {
        version: packageVersion(),
        orderCreation: options.orderCreation === true,
        trustedProxies: options.trustedProxies ?? [],
        // A listen address given as a name is one of the API's names.
        allowedHosts: [...(options.allowedHosts ?? []), ...(isIP(options.host) === 0 ? [options.host] : [])],
      },
      ...(options.clock ? { clock: options.clock } : {}),
    });
    app.log.info({ storage: db.kind, dataDir: db.kind === 'pglite' ? options.dataDir : undefined, schemaVersion: report.current, applied: report.applied }, 'database ready');
    if (report.applied.includes(DEADLINE_MIGRATION)) {
      const indexed = await indexDeadlines(db, rules);
      if (indexed > 0) app.log.info({ indexed }, 'case deadlines indexed');
    }

    if (options.demoStaff) await seedDemoStaff(db);
    if (options.seedDemo || (options.demo && (await isDatabaseEmpty(db)))) {
      const cases = options.scale ?? 40;
      const started = performance.now();
      const seeded = await seedDemo(db, rules, { cases, bulk: cases >= BULK_FROM, policy, log: app.log });
      // Planner statistics for what was just loaded, before the first request needs them.
      await vacuumAnalyzeAll(db);
      app.log.info({ ...seeded, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'demo data seeded');
    }
    if (db.kind === 'pglite') {
      const analyzed = await analyzeNeverAnalyzed(db);
      if (analyzed.length > 0) app.log.info({ analyzed }, 'table statistics gathered');
    }
    const maintenanceInterval = options.maintenanceIntervalSeconds ?? 60;
    const maintenance = db.kind === 'pglite' && maintenanceInterval > 0 ? startMaintenance({ db, log: app.log, intervalSeconds: maintenanceInterval }) : null;
    const [staffCount] = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM staff');
    if (Number(staffCount?.n ?? 0) === 0) app.log.warn('no staff accounts yet: nobody can log in (start once with --demo-staff for the demo accounts)');

    const interval = options.sweepIntervalSeconds ?? 60;
    // Several instances on one PostgreSQL: only the one holding the advisory lock sweeps.
    const sweeper =
      interval > 0
        ? startSweeper({
            db,
            rules,
            log: app.log,
            intervalSeconds: interval,
            leadership: advisoryLeadership(db, SWEEPER_LOCK_KEY, app.log),
            instanceId: options.instanceId ?? `${hostname()}:${process.pid}`,
            ...(options.clock ? { clock: options.clock } : {}),
          })
        : null;

    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let stopped: Promise<void> | null = null;
    return {
      url: `http://${host}:${address.port}`,
      app,
      db,
      stop() {
        stopped ??= (async () => {
          await sweeper?.stop();
          await maintenance?.stop();
          await app.close();
          await db.close();
        })();
        return stopped;
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
