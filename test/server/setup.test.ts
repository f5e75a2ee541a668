/**
 * First run of a site: `GET /setup` says whether an administrator is still needed, and
 * `POST /setup/admin` creates exactly one — once, even when called many times at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toInt } from '../../server/db/db';
import { startServer as startSite } from '../../server/start';
import { backends, startServer, type TestServer } from './support/harness';

interface SetupStatus {
  needsAdmin: boolean;
  version: string;
  time: string;
  protocol: { current: number; minimum: number };
}
interface LoginBody {
  token: string;
  expiresAt: string;
  staff: { id: string; username: string; displayName: string; role: string; warehouseId: string | null };
}
interface ErrorBody {
  code: string;
  params?: Record<string, unknown>;
}

const STRONG = 'Lángé-Paß-2026';

describe.each(backends)('site set-up on %s', (backend) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const fresh = async () => {
    server = await startServer(backend, { noStaff: true, config: { version: '9.8.7', loginRateLimit: { max: 1000, windowMs: 60_000 } } });
    return server;
  };
  const createAdmin = (s: TestServer, body: unknown) => s.request<LoginBody & ErrorBody>('POST', '/setup/admin', { json: body });
  const adminCount = async (s: TestServer) => {
    const [row] = await s.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM staff WHERE role = 'admin'`);
    return toInt(row?.n);
  };

  it('creates the first administrator once, signs them in, and refuses a second time', async () => {
    const s = await fresh();
    const before = await s.request<SetupStatus>('GET', '/setup');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ needsAdmin: true, version: '9.8.7', protocol: { current: 1, minimum: 1 } });
    expect(Math.abs(Date.parse(before.body.time) - Date.now())).toBeLessThan(60_000);

    const created = await createAdmin(s, { username: '  site-admin ', displayName: '站长 Zoë', password: STRONG, deviceId: 'desk-setup-1' });
    expect(created.status).toBe(200);
    expect(created.body.staff).toMatchObject({ username: 'site-admin', displayName: '站长 Zoë', role: 'admin', warehouseId: null });
    const me = await s.request<{ staff: { id: string }; deviceId: string }>('GET', '/auth/me', { token: created.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ staff: { id: created.body.staff.id }, deviceId: 'desk-setup-1' });
    // The chosen password signs in; nothing else was created.
    const login = await s.request<LoginBody>('POST', '/auth/login', { json: { username: 'SITE-ADMIN', password: STRONG, deviceId: 'desk-setup-2' } });
    expect(login.status).toBe(200);
    expect((await s.request<SetupStatus>('GET', '/setup')).body.needsAdmin).toBe(false);

    const again = await createAdmin(s, { username: 'intruder', displayName: 'Intruder', password: STRONG });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('setup.already_done');
    expect(again.body).not.toHaveProperty('token');
    expect(await adminCount(s)).toBe(1);
    const [staff] = await s.db.query<{ n: unknown }>('SELECT count(*) AS n FROM staff');
    expect(toInt(staff?.n)).toBe(1);
  });

  it('refuses a password under 10 characters and creates nothing', async () => {
    const s = await fresh();
    for (const password of ['short', '123456789', '密码密码密码密码密']) {
      const res = await createAdmin(s, { username: 'admin', displayName: 'Admin', password });
      expect(res.status, password).toBe(400);
      expect(res.body).toMatchObject({ code: 'setup.weak_password', params: { minLength: 10 } });
    }
    // Ten characters (not bytes) is enough, whatever the script.
    expect(await adminCount(s)).toBe(0);
    const ok = await createAdmin(s, { username: 'admin', displayName: 'Admin', password: '密码密码密码密码密码' });
    expect(ok.status).toBe(200);
  });

  it('refuses malformed set-up bodies with a clear code and a body over 4 kB before reading it', async () => {
    const s = await fresh();
    const cases: unknown[] = [
      { username: '', displayName: 'A', password: STRONG },
      { username: 'two words', displayName: 'A', password: STRONG },
      { username: 'admin', displayName: 'evil\u202Egnp.exe', password: STRONG },
      { username: 'admin\u0000', displayName: 'A', password: STRONG },
      { username: 'admin', password: STRONG },
    ];
    for (const body of cases) {
      const res = await createAdmin(s, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('body.invalid');
    }
    const big = await createAdmin(s, { username: 'admin', displayName: 'x'.repeat(5000), password: STRONG });
    expect(big.status).toBe(413);
    expect(await adminCount(s)).toBe(0);
  });

  it('creates one administrator when many set-up calls race', async () => {
    const s = await fresh();
    const calls = Array.from({ length: 8 }, (_, i) => createAdmin(s, { username: i % 2 === 0 ? `admin-${i}` : 'same-name', displayName: `Admin ${i}`, password: `${STRONG}-${i}` }));
    const results = await Promise.all(calls);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((st) => st === 200)).toHaveLength(1);
    expect(statuses.filter((st) => st === 409)).toHaveLength(7);
    for (const r of results) if (r.status === 409) expect(r.body.code).toBe('setup.already_done');
    expect(await adminCount(s)).toBe(1);
    const [marker] = await s.db.query<{ n: unknown }>('SELECT count(*) AS n FROM site_setup');
    expect(toInt(marker?.n)).toBe(1);
  });
});

describe('a site server started without demo options', () => {
  it('has no account (no known password) and asks for an administrator; demo mode has the demo accounts', async () => {
    const site = await startSite({ port: 0, host: '127.0.0.1', dataDir: ':memory:', logLevel: 'silent', sweepIntervalSeconds: 0, maintenanceIntervalSeconds: 0 });
    try {
      const [row] = await site.db.query<{ n: unknown }>('SELECT count(*) AS n FROM staff');
      expect(toInt(row?.n)).toBe(0);
      const status = (await (await fetch(`${site.url}/setup`)).json()) as SetupStatus;
      expect(status.needsAdmin).toBe(true);
      const demoLogin = await fetch(`${site.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo1234', deviceId: 'd1' }) });
      expect(demoLogin.status).toBe(401);
    } finally {
      await site.stop();
    }
    const demo = await startSite({ port: 0, host: '127.0.0.1', dataDir: ':memory:', logLevel: 'silent', demo: true, scale: 1, sweepIntervalSeconds: 0, maintenanceIntervalSeconds: 0 });
    try {
      const status = (await (await fetch(`${demo.url}/setup`)).json()) as SetupStatus;
      expect(status.needsAdmin).toBe(false);
      const [warehouses] = await demo.db.query<{ n: unknown }>('SELECT count(*) AS n FROM warehouses');
      expect(toInt(warehouses?.n)).toBe(2);
    } finally {
      await demo.stop();
    }
  });
});
