/** Failed logins per address across user names, the login body limit, and the Host check. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { LoginThrottle } from '../../server/auth/throttle';
import { hostNameOf, isAllowedHost, normaliseAllowedHosts } from '../../server/hosts';
import { backends, startServer, type TestServer } from './support/harness';

interface ErrorBody {
  code: string;
  params?: Record<string, unknown>;
}

/** A raw HTTP request with a Host header of our choosing (fetch does not let one set it). */
function rawRequest(url: string, path: string, host: string): Promise<{ status: number; body: ErrorBody }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url + path, { method: 'GET', headers: { host }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ErrorBody }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('LoginThrottle', () => {
  it('counts failures per address in a window and forgets ended windows', () => {
    const throttle = new LoginThrottle({ max: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.retryAfterMs('a', 100)).toBe(0);
      throttle.recordFailure('a', 100);
    }
    expect(throttle.retryAfterMs('a', 600)).toBe(500);
    expect(throttle.retryAfterMs('b', 600)).toBe(0);
    expect(throttle.retryAfterMs('a', 1100)).toBe(0);
  });

  it('keeps at most the configured number of addresses', () => {
    const throttle = new LoginThrottle({ max: 1, windowMs: 60_000 }, 100);
    for (let i = 0; i < 1000; i += 1) throttle.recordFailure(`10.0.${i >> 8}.${i & 255}`, i);
    expect(throttle.size).toBeLessThanOrEqual(100);
    // The newest are kept.
    expect(throttle.retryAfterMs('10.0.3.231', 1000)).toBeGreaterThan(0);
  });
});

describe('host names', () => {
  it('reads the name of a Host header and accepts loopback names, IP literals and configured names', () => {
    expect(hostNameOf('LocalHost:8787')).toBe('localhost');
    expect(hostNameOf('[::1]:8787')).toBe('::1');
    expect(hostNameOf('desk.example.com.')).toBe('desk.example.com');
    expect(hostNameOf('evil.example/path')).toBeNull();
    expect(hostNameOf('user@evil.example')).toBeNull();
    const allowed = normaliseAllowedHosts(['Desk.Example.COM', ' ']);
    for (const ok of ['localhost', 'app.localhost', '127.0.0.1', '::1', '192.168.1.20', 'desk.example.com']) expect([ok, isAllowedHost(ok, allowed)]).toEqual([ok, true]);
    for (const bad of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', 'example.com']) expect([bad, isAllowedHost(bad, allowed)]).toEqual([bad, false]);
    expect(isAllowedHost('anything.example', normaliseAllowedHosts(['*']))).toBe(true);
    expect(() => normaliseAllowedHosts(['bad/name'])).toThrow(/invalid allowed host/);
  });
});

describe.each(backends)('login limits and Host check on %s', (backend) => {
  let server: TestServer;
  let now = new Date('2026-03-01T08:00:00Z');

  beforeAll(async () => {
    server = await startServer(backend, {
      clock: () => now,
      config: { loginRateLimit: { max: 100, windowMs: 60_000 }, loginFailuresPerAddress: { max: 5, windowMs: 60_000 } },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const loginFrom = (address: string, username: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: address, payload: { username, password, deviceId: 'dev-limits' } });

  it('limits failed logins per address across every user name, and lets other addresses in', async () => {
    const statuses: number[] = [];
    // One wrong password for each of many accounts (most of them do not exist).
    for (let i = 0; i < 8; i += 1) statuses.push((await loginFrom('203.0.113.7', `user${i}`, 'guess')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // The right password of a real account is refused too from that address…
    const limited = await loginFrom('203.0.113.7', 'cs1', 'demo1234');
    expect([limited.statusCode, limited.json<ErrorBody>().code]).toEqual([429, 'auth.rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // …and refused before the body is read: a body that is not JSON gets the same answer.
    const unread = await server.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '203.0.113.7', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(unread.statusCode).toBe(429);
    // Another address is not affected.
    expect((await loginFrom('203.0.113.8', 'cs1', 'demo1234')).statusCode).toBe(200);
    // Successes do not reset the count; the window ending does.
    now = new Date(now.getTime() + 61_000);
    expect((await loginFrom('203.0.113.7', 'cs1', 'demo1234')).statusCode).toBe(200);
  });

  it('refuses a login body above 4 kB before parsing it', async () => {
    const nested = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const started = performance.now();
    const huge = await server.request<ErrorBody>('POST', '/auth/login', { body: nested, headers: { 'content-type': 'application/json' } });
    expect([huge.status, huge.body.code]).toEqual([413, 'body.too_large']);
    expect(performance.now() - started).toBeLessThan(1000);
    const padded = await server.request<ErrorBody>('POST', '/auth/login', { json: { username: 'cs1', password: 'x'.repeat(5000), deviceId: 'dev' } });
    expect([padded.status, padded.body.code]).toEqual([413, 'body.too_large']);
    // A normal login fits.
    expect((await server.request('POST', '/auth/login', { json: { username: 'fin1', password: 'demo1234', deviceId: 'dev-fits' } })).status).toBe(200);
  });

  it('answers only to its own host names (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await rawRequest(server.url, '/health', host)).status).toBe(200);
    for (const path of ['/health', '/auth/me', '/sync/pull', '/nowhere']) {
      const res = await rawRequest(server.url, path, `rebind.attacker.example:${port}`);
      expect([path, res.status, res.body.code]).toEqual([path, 421, 'request.host_not_allowed']);
    }
    // A configured public name is accepted; others still are not.
    const named = await buildServer({ db: server.db, logger: false, config: { allowedHosts: ['desk.example.com'] } });
    try {
      expect((await named.inject({ method: 'GET', url: '/health', headers: { host: 'desk.example.com' } })).statusCode).toBe(200);
      expect((await named.inject({ method: 'GET', url: '/health', headers: { host: 'other.example.com' } })).statusCode).toBe(421);
    } finally {
      await named.close();
    }
  });
});
