import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Each case starts a Node process with tsx (and PGlite): seconds, not milliseconds.
vi.setConfig({ testTimeout: 60_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(args: readonly string[], env: Record<string, string> = {}, entry = 'server/main.ts'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function collect(child: ChildProcess): { out: () => string } {
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { out: () => text };
}

/** Waits for the server's URL in its output (`pattern` captures it). */
function listening(output: { out: () => string }, child: ChildProcess, pattern = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = pattern.exec(output.out());
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
      if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited: ${output.out()}`));
      }
    }, 100);
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

// Each test's server process and data folder, killed and removed after it.
let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = undefined;
  dir = undefined;
});

describe('npm run server', () => {
  it('lists its options with --help', async () => {
    child = run(['--help']);
    const output = collect(child);
    expect(await exited(child)).toBe(0);
    for (const flag of ['--port', '--host', '--data-dir', '--database-url', '--seed-demo', '--demo', '--scale', '--sweep-interval', '--maintenance-interval', '--demo-staff', '--order-creation', 'ORDER_CREATION', 'PORT', 'DATA_DIR', 'DATABASE_URL']) expect(output.out()).toContain(flag);
  });

  it('refuses an unknown flag', async () => {
    child = run(['--frobnicate']);
    expect(await exited(child)).toBe(1);
  });

  it('starts on PGlite in a data folder, serves /health and a demo login, and stops on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'asd-cli-'));
    child = run(['--port', '0', '--demo-staff'], { DATA_DIR: dir, DATABASE_URL: '' });
    const output = collect(child);
    const url = await listening(output, child);
    const health = (await (await fetch(`${url}/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cs1', password: 'demo1234', deviceId: 'cli' }) });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { token: string }).token;
    expect(output.out()).not.toContain(token);
    expect(output.out()).not.toContain('demo1234');
    // Storefront order creation is off unless asked for.
    const buyerLogin = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'buyer1', password: 'demo1234', deviceId: 'cli-buyer' }) });
    const buyerToken = ((await buyerLogin.json()) as { token: string }).token;
    const minted = await fetch(`${url}/store/orders`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${buyerToken}` }, body: JSON.stringify({ lines: [{ sku: 'ANY', quantity: 1 }] }) });
    expect([minted.status, ((await minted.json()) as { code: string }).code]).toEqual([403, 'store.order_creation_disabled']);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 120_000);

  it('seeds demo data with --seed-demo --scale and serves it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'asd-cli-'));
    child = run(['--port', '0', '--seed-demo', '--scale', '15', '--sweep-interval', '0', '--order-creation'], { DATA_DIR: dir, DATABASE_URL: '' });
    const output = collect(child);
    const url = await listening(output, child);
    expect(output.out()).toContain('demo data seeded');
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cs1', password: 'demo1234', deviceId: 'cli' }) });
    const token = ((await login.json()) as { token: string }).token;
    const pulled = (await (await fetch(`${url}/sync/pull?since=0&limit=1000`, { headers: { authorization: `Bearer ${token}` } })).json()) as { changes: { kind: string }[] };
    expect(pulled.changes.filter((c) => c.kind === 'case')).toHaveLength(15);
    // --order-creation: the demo's buyer can order from the demo catalogue.
    const buyerLogin = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'buyer1', password: 'demo1234', deviceId: 'cli-buyer' }) });
    const buyerToken = ((await buyerLogin.json()) as { token: string }).token;
    const ordered = await fetch(`${url}/store/orders`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${buyerToken}` }, body: JSON.stringify({ lines: [{ sku: 'TS-WHT-M', quantity: 1 }] }) });
    expect(ordered.status).toBe(201);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 120_000);
});

describe('embedded API entry', () => {
  it('prints its URL outside Electron and seeds an empty database with --demo', async () => {
    dir = mkdtempSync(join(tmpdir(), 'asd-emb-'));
    child = run(['--data-dir', dir, '--port', '0', '--host', '127.0.0.1', '--demo'], {}, 'server/embedded.ts');
    const output = collect(child);
    const url = await listening(output, child, /^(http:\/\/127\.0\.0\.1:\d+)$/m);
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'buyer1', password: 'demo1234', deviceId: 'emb' }) });
    expect(login.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 120_000);

  it('reports a failure when it cannot start', async () => {
    child = run(['--port', '0'], {}, 'server/embedded.ts');
    const output = collect(child);
    expect(await exited(child)).toBe(1);
    expect(output.out()).toContain('--data-dir is required');
  });
});
