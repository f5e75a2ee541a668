import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/password';
import { hashToken } from '../../server/auth/sessions';
import { createStaff, DEMO_STAFF } from '../../server/seed/staff';
import { backends, startServer, type TestServer } from './support/harness';

describe('password hashing', () => {
  it('stores scrypt parameters and a per-user salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
    const b = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse!', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'plain-text')).toBe(false);
  });
});

interface ErrorBody {
  code: string;
}
interface LoginBody {
  token: string;
  expiresAt: string;
  staff: { id: string; username: string; displayName: string; role: string; warehouseId: string | null };
}

describe.each(backends)('auth on %s', (backend) => {
  let server: TestServer;
  let now = new Date('2026-03-01T08:00:00Z');
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startServer(backend, {
      clock: () => now,
      config: { loginRateLimit: { max: 4, windowMs: 60_000 } },
      logger: { level: 'debug', stream: { write: (line) => void logLines.push(line) } },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const login = (username: string, password: string, deviceId = 'dev-auth') =>
    server.request<LoginBody & ErrorBody>('POST', '/auth/login', { json: { username, password, deviceId } });

  it('logs in every demo account with its role and warehouse', async () => {
    for (const staff of DEMO_STAFF) {
      const res = await login(staff.username, 'demo1234');
      expect(res.status).toBe(200);
      expect(res.body.staff).toEqual({ id: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role, warehouseId: staff.warehouseId });
      expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(res.body.expiresAt) - now.getTime()).toBe(12 * 3600_000);
    }
  });

  it('stores only a hash of the token and tells who is behind it', async () => {
    const res = await login('wh1', 'demo1234', 'scanner-7');
    const rows = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(rows.some((r) => r.token_hash === res.body.token)).toBe(false);
    expect(rows.some((r) => r.token_hash === hashToken(res.body.token))).toBe(true);
    const me = await server.request<{ staff: { role: string; warehouseId: string }; deviceId: string }>('GET', '/auth/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.staff.role).toBe('warehouse');
    expect(me.body.staff.warehouseId).toBe('WH-SH');
    expect(me.body.deviceId).toBe('scanner-7');
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await login('fin1', 'demo12345');
    const unknown = await login('nobody', 'demo1234');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('auth.invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a disabled account', async () => {
    await server.db.query(`UPDATE staff SET disabled = true WHERE username = 'buyer1'`);
    const res = await login('buyer1', 'demo1234');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_credentials');
  });

  it('answers 401 with auth.missing, auth.invalid, auth.revoked and auth.expired', async () => {
    const missing = await server.request<ErrorBody>('GET', '/auth/me');
    expect([missing.status, missing.body.code]).toEqual([401, 'auth.missing']);
    const invalid = await server.request<ErrorBody>('GET', '/auth/me', { token: 'A'.repeat(43) });
    expect([invalid.status, invalid.body.code]).toEqual([401, 'auth.invalid']);
    const garbage = await server.request<ErrorBody>('GET', '/auth/me', { headers: { authorization: 'Basic abc' } });
    expect([garbage.status, garbage.body.code]).toEqual([401, 'auth.invalid']);

    const session = await login('cs1', 'demo1234');
    const token = session.body.token;
    expect((await server.request('GET', '/auth/me', { token })).status).toBe(200);
    const logout = await server.request('POST', '/auth/logout', { token });
    expect(logout.status).toBe(204);
    const revoked = await server.request<ErrorBody>('GET', '/auth/me', { token });
    expect([revoked.status, revoked.body.code]).toEqual([401, 'auth.revoked']);

    const second = await login('admin', 'demo1234');
    const before = now;
    now = new Date(before.getTime() + 12 * 3600_000 - 1000);
    expect((await server.request('GET', '/auth/me', { token: second.body.token })).status).toBe(200);
    now = new Date(before.getTime() + 12 * 3600_000 + 1000);
    const expired = await server.request<ErrorBody>('GET', '/auth/me', { token: second.body.token });
    expect([expired.status, expired.body.code]).toEqual([401, 'auth.expired']);
    now = before;
  });

  it('rate-limits login attempts per client and username with 429 auth.rate_limited', async () => {
    await createStaff(server.db, { id: 'staff-cs9', username: 'cs9', displayName: 'CS Nine', role: 'cs', warehouseId: null }, 'demo1234');
    const codes: number[] = [];
    // Every attempt counts, successful or not: 4 per window here.
    codes.push((await login('cs9', 'demo1234')).status);
    for (let i = 0; i < 5; i += 1) codes.push((await login('CS9', 'wrong-password')).status);
    expect(codes).toEqual([200, 401, 401, 401, 429, 429]);
    const limited = await login('cs9', 'demo1234');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('auth.rate_limited');
    // Another account from the same address is not locked out.
    expect((await login('fin1', 'demo1234')).status).toBe(200);
  });

  it('never writes passwords or tokens to the log', async () => {
    const res = await login('wh2', 'demo1234');
    await server.request('GET', '/auth/me', { token: res.body.token });
    const log = logLines.join('\n');
    expect(log).toContain('login');
    expect(log).not.toContain('demo1234');
    expect(log).not.toContain(res.body.token);
  });
});
