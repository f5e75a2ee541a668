/**
 * `npm run server` — the central after-sales API.
 * Storage: embedded PGlite in DATA_DIR, or a PostgreSQL server when DATABASE_URL is set.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { buildServer } from './app';
import { openDatabase } from './db/open';
import { migrate } from './db/migrate';
import { seedDemoStaff, DEMO_PASSWORD } from './seed/staff';
import { productionRules } from './sync/rules';

const HELP = `After-sales Desk central API

Usage: npm run server -- [options]

  --port <n>            TCP port                       (env PORT, default 8787)
  --host <addr>         listen address                 (env HOST, default 127.0.0.1)
  --data-dir <path>     PGlite data folder             (env DATA_DIR, default ./data)
  --database-url <url>  PostgreSQL connection string   (env DATABASE_URL; replaces PGlite)
  --log-level <level>   pino level                     (env LOG_LEVEL, default info)
  --demo-staff          create the demo accounts (password "${DEMO_PASSWORD}") if missing
  -h, --help            show this help
`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'log-level': { type: 'string' },
      'demo-staff': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${values.port ?? process.env.PORT}`);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? './data';

  const db = await openDatabase({ databaseUrl: databaseUrl || undefined, dataDir });
  const report = await migrate(db);
  if (values['demo-staff']) await seedDemoStaff(db);
  const [staffCount] = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM staff');

  const app = await buildServer({
    db,
    rules: productionRules(),
    logger: { level: values['log-level'] ?? process.env.LOG_LEVEL ?? 'info' },
    config: { version: version() },
  });
  if (Number(staffCount?.n ?? 0) === 0) app.log.warn('no staff accounts yet: nobody can log in (start once with --demo-staff for the demo accounts)');
  app.log.info({ storage: db.kind, dataDir: db.kind === 'pglite' ? dataDir : undefined, schemaVersion: report.current, applied: report.applied }, 'database ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port, host });
}

main().catch((error: unknown) => {
  process.stderr.write(`server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
