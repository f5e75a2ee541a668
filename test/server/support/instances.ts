/**
 * Real API processes (`tsx server/main.ts`) on one PostgreSQL database of their own, and
 * simulated workstations speaking the sync wire format (shared/sync) to them through a
 * "load balancer" that picks an instance at random and fails over when one does not answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { adminQuery } from './pg-admin';
import { PullResponseSchema, PushResponseSchema, type PushCommand, type StoredResult } from '../../../shared/sync';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A database created for one test run on the server of `baseUrl`; dropped by `drop`. */
export async function createDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `desk_mi_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export interface Instance {
  id: string;
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Starts `server/main.ts` against `databaseUrl` on a free port; resolves once it listens. */
export function startInstance(id: string, databaseUrl: string, extraArgs: readonly string[] = []): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--database-url', databaseUrl, '--port', '0', '--instance-id', id, '--maintenance-interval', '0', ...extraArgs],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', PORT: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match?.[1]) {
        clearInterval(timer);
        resolve({ id, url: match[1], child, output: () => text });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`instance ${id} exited: ${text}`));
      }
    }, 100);
  });
}

export const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
};

export interface ReplicaCase {
  version: number;
  deleted: boolean;
  state: string;
}

export interface WorkstationStats {
  failovers: number;
  duplicates: number;
}

/**
 * One desk: an outbox of commands with increasing device sequence numbers, pushed until each has
 * an answer (a push lost with a dying instance is sent again, possibly to the other one), and a
 * local copy of the cases pulled page by page from its cursor.
 */
export class Workstation {
  readonly deviceId: string;
  token = '';
  cursor = 0;
  seq = 0;
  readonly outbox: PushCommand[] = [];
  /** Every command enqueued, in order. */
  readonly outboxHistory: PushCommand[] = [];
  readonly cases = new Map<string, ReplicaCase>();
  /** Command id → its answer (for a duplicate: the first answer). */
  readonly answers = new Map<string, StoredResult>();
  readonly stats: WorkstationStats = { failovers: 0, duplicates: 0 };

  constructor(
    readonly username: string,
    private readonly instances: () => readonly string[],
  ) {
    this.deviceId = `ws-${username}-${randomUUID().slice(0, 8)}`;
  }

  /** Sends to a random instance; when it does not answer, to the next one (a balancer's failover). */
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 8; attempt++) {
      const urls = this.instances();
      const url = attempt === 0 ? pick(urls) : (urls[attempt % urls.length] ?? pick(urls));
      try {
        const response = await fetch(url + path, {
          method,
          headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
        // 503: the instance is closing; try another.
        if (response.status === 503) throw new Error('instance closing');
        return { status: response.status, json: await response.json() };
      } catch (error) {
        lastError = error;
        this.stats.failovers += 1;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
    throw new Error(`no instance answered ${method} ${path}: ${String(lastError)}`);
  }

  async login(password: string): Promise<void> {
    const res = await this.call('POST', '/auth/login', { username: this.username, password, deviceId: this.deviceId });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${JSON.stringify(res.json)}`);
    this.token = (res.json as { token: string }).token;
  }

  enqueue(command: Omit<PushCommand, 'id' | 'deviceSeq' | 'occurredAt'>): void {
    this.seq += 1;
    const full = { ...command, id: randomUUID(), deviceSeq: this.seq, occurredAt: new Date().toISOString() } as PushCommand;
    this.outbox.push(full);
    this.outboxHistory.push(full);
  }

  /** Pushes the outbox once; a push that got no answer leaves it as it was. */
  async push(): Promise<void> {
    if (this.outbox.length === 0) return;
    let res: { status: number; json: unknown };
    try {
      res = await this.call('POST', '/sync/push', { deviceId: this.deviceId, commands: this.outbox });
    } catch {
      return;
    }
    if (res.status !== 200) throw new Error(`push ${this.username}: ${res.status} ${JSON.stringify(res.json)}`);
    const reply = PushResponseSchema.parse(res.json);
    for (const result of reply.results) {
      const answer = result.status === 'duplicate' ? result.original : result;
      if (result.status === 'duplicate') this.stats.duplicates += 1;
      this.answers.set(result.id, answer);
      const index = this.outbox.findIndex((c) => c.id === result.id);
      if (index >= 0) this.outbox.splice(index, 1);
    }
  }

  /** Pulls from the cursor until the feed has no more. */
  async pull(): Promise<void> {
    for (;;) {
      const res = await this.call('GET', `/sync/pull?since=${this.cursor}&limit=200`);
      if (res.status !== 200) throw new Error(`pull ${this.username}: ${res.status} ${JSON.stringify(res.json)}`);
      const page = PullResponseSchema.parse(res.json);
      for (const change of page.changes) {
        if (change.kind !== 'case') continue;
        const state = (change.data as { state?: unknown } | null)?.state;
        this.cases.set(change.id, { version: change.version ?? 0, deleted: change.deleted, state: typeof state === 'string' ? state : '' });
      }
      this.cursor = page.nextCursor;
      if (!page.hasMore) return;
    }
  }
}
