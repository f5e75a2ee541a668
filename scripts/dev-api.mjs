/**
 * Starts the central API (embedded PGlite, demo data on first run) as a child process for
 * `npm run web` and `npm start`, on a free loopback port, and waits until /health answers.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the central API exited (code ${child.exitCode}); see its log above`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the central API did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

/**
 * @param {{ dataDir?: string, databaseUrl?: string, logLevel?: string, orderCreation?: boolean }} [options]
 * @returns {Promise<{ url: string, stop: () => void }>}
 */
export async function startDevApi(options = {}) {
  const port = Number(process.env.API_PORT) || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--host', '127.0.0.1', '--demo', '--log-level', options.logLevel ?? 'warn'];
  // Storefront order creation (a demo switch) for playing the buyer side against the demo data.
  if (options.orderCreation) args.push('--order-creation');
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) args.push('--database-url', databaseUrl);
  else args.push('--data-dir', options.dataDir ?? process.env.DATA_DIR ?? 'data');
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  try {
    // The first start creates the database and the demo data.
    await waitForHealth(url, child, 180_000);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}
