/**
 * `npm run server` — the central after-sales API.
 * Storage: embedded PGlite in DATA_DIR, or a PostgreSQL server when DATABASE_URL is set.
 */
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD } from './seed/staff';
import { startServer } from './start';

const HELP = `After-sales Desk central API

Usage: npm run server -- [options]

  --port <n>              TCP port                       (env PORT, default 8787)
  --host <addr>           listen address                 (env HOST, default 127.0.0.1)
  --allowed-host <name>   a host name clients reach this API by, besides loopback names and IP
                          addresses (repeatable; env ALLOWED_HOSTS, comma-separated; "*" = any).
                          Requests to other names are refused (421 request.host_not_allowed)
  --trust-proxy <addr>    address or CIDR range of a reverse proxy in front of this API whose
                          X-Forwarded-For names the client (repeatable; env TRUST_PROXY,
                          comma-separated). Without it, login limits count the proxy's address
  --data-dir <path>       PGlite data folder             (env DATA_DIR, default ./data)
  --database-url <url>    PostgreSQL connection string   (env DATABASE_URL; replaces PGlite)
  --log-level <level>     pino level                     (env LOG_LEVEL, default info)
  --demo-staff            create the demo accounts (password "${DEMO_PASSWORD}") if missing
  --seed-demo             create the demo accounts and demo data (products, orders, cases in
                          every state), then serve; seeding again adds nothing
  --demo                  like --seed-demo, but only when the database is still empty
  --scale <n>             number of demo cases (default 40; from 1000 on a bulk path is used)
  --order-creation        let the storefront create paid orders (POST /store/orders): demo and
                          test servers only, as any buyer could mint a refundable order
                          (env ORDER_CREATION=1; default off)
  --sweep-interval <s>    seconds between deadline sweeps (auto-approve, auto-close,
                          auto-confirm); 0 = off                       (default 60)
  --instance-id <name>    names this process in the deadline sweeper's round log
                          (table sweeper_rounds; env INSTANCE_ID, default host:pid). With
                          several instances on one PostgreSQL only one sweeps at a time
  --maintenance-interval <s>
                          seconds between table statistics / dead-row checks on
                          embedded PGlite (PostgreSQL runs autovacuum); 0 = off (default 60)
  -h, --help              show this help
`;

function nonNegativeInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid ${name}: ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'trust-proxy': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'log-level': { type: 'string' },
      'demo-staff': { type: 'boolean' },
      'seed-demo': { type: 'boolean' },
      demo: { type: 'boolean' },
      scale: { type: 'string' },
      'order-creation': { type: 'boolean' },
      'sweep-interval': { type: 'string' },
      'maintenance-interval': { type: 'string' },
      'instance-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = nonNegativeInt('port', values.port ?? process.env.PORT, 8787);
  if (port > 65535) throw new Error(`invalid port: ${port}`);
  const scale = values.scale === undefined ? undefined : nonNegativeInt('scale', values.scale, 40);

  const server = await startServer({
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    allowedHosts: [...(values['allowed-host'] ?? []), ...(process.env.ALLOWED_HOSTS ?? '').split(',')].map((h) => h.trim()).filter((h) => h !== ''),
    trustedProxies: [...(values['trust-proxy'] ?? []), ...(process.env.TRUST_PROXY ?? '').split(',')].map((h) => h.trim()).filter((h) => h !== ''),
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
    dataDir: values['data-dir'] ?? process.env.DATA_DIR ?? './data',
    logLevel: values['log-level'] ?? process.env.LOG_LEVEL ?? 'info',
    demoStaff: values['demo-staff'],
    // --scale alone means: seed that many demo cases.
    seedDemo: values['seed-demo'] === true || (scale !== undefined && values.demo !== true),
    demo: values.demo,
    scale,
    orderCreation: values['order-creation'] === true || process.env.ORDER_CREATION === '1',
    sweepIntervalSeconds: nonNegativeInt('sweep interval', values['sweep-interval'], 60),
    maintenanceIntervalSeconds: nonNegativeInt('maintenance interval', values['maintenance-interval'], 60),
    instanceId: values['instance-id'] ?? process.env.INSTANCE_ID,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
