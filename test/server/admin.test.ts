/**
 * Administration API: warehouses and staff accounts, for administrators only. Deactivating an
 * account ends its sessions at once; the last administrator stays; names may be any script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';

interface ErrorBody {
  code: string;
  params?: Record<string, unknown>;
}
interface Warehouse {
  id: string;
  name: string;
  address: string;
  phone: string;
  active: boolean;
}
interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: string;
  warehouseId: string | null;
  active: boolean;
  createdAt: string;
}

const PASSWORD = 'Warehouse-Key-42';

describe.each(backends)('administration on %s', (backend) => {
  let server: TestServer;
  let admin: LoggedIn;

  beforeAll(async () => {
    server = await startServer(backend, { config: { loginRateLimit: { max: 1000, windowMs: 60_000 } } });
    admin = await server.login('admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  const as = <T>(session: LoggedIn | null, method: string, path: string, json?: unknown) =>
    server.request<T & ErrorBody>(method, path, { ...(session ? { token: session.token } : {}), ...(json !== undefined ? { json } : {}) });
  const signIn = (username: string, password: string, deviceId = `desk-${Math.random().toString(36).slice(2)}`) =>
    server.request<{ token: string } & ErrorBody>('POST', '/auth/login', { json: { username, password, deviceId } });

  it('refuses every administration call to every other role, the same way whatever is asked', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/admin/warehouses'],
      ['POST', '/admin/warehouses', { id: 'WH-X', name: 'X' }],
      ['PATCH', '/admin/warehouses/WH-SH', { name: 'renamed' }],
      ['PATCH', '/admin/warehouses/WH-NOPE', { name: 'renamed' }],
      ['GET', '/admin/staff'],
      ['POST', '/admin/staff', { username: 'x', displayName: 'x', role: 'admin', password: PASSWORD }],
      ['POST', '/admin/staff', { nonsense: true }],
      ['PATCH', '/admin/staff/staff-admin', { active: false }],
      ['PATCH', '/admin/staff/no-such-id', { active: false }],
      ['POST', '/admin/staff/staff-admin/password', { password: PASSWORD }],
    ];
    for (const username of ['buyer1', 'cs1', 'wh1', 'fin1']) {
      const session = await server.login(username);
      for (const [method, path, body] of calls) {
        const res = await as(session, method, path, body);
        expect(res.status, `${username} ${method} ${path}`).toBe(403);
        expect(res.body).toEqual({ code: 'role_not_allowed', message: expect.any(String), params: { role: expect.any(String) } });
      }
    }
    for (const [method, path, body] of calls) expect((await as(null, method, path, body)).status).toBe(401);
    // Nothing changed.
    const [adminRow] = await server.db.query<{ disabled: boolean; name: string }>(`SELECT disabled FROM staff WHERE id = 'staff-admin'`);
    expect(adminRow?.disabled).toBe(false);
    const [wh] = await server.db.query<{ name: string }>(`SELECT name FROM warehouses WHERE id = 'WH-SH'`);
    expect(wh?.name).toBe('上海嘉定退货仓');
  });

  it('lists, creates and changes warehouses', async () => {
    const list = await as<{ warehouses: Warehouse[] }>(admin, 'GET', '/admin/warehouses');
    expect(list.status).toBe(200);
    expect(list.body.warehouses.map((w) => w.id)).toEqual(['WH-GZ', 'WH-SH']);

    const created = await as<Warehouse>(admin, 'POST', '/admin/warehouses', { id: 'WH-CD', name: ' 成都 🐼 退货仓 ', address: 'Chéngdū 高新区', phone: '028-1234' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'WH-CD', name: '成都 🐼 退货仓', address: 'Chéngdū 高新区', phone: '028-1234', active: true });
    expect((await as(admin, 'POST', '/admin/warehouses', { id: 'WH-CD', name: 'again' })).body.code).toBe('admin.warehouse_exists');
    expect((await as(admin, 'POST', '/admin/warehouses', { id: 'bad id!', name: 'x' })).body.code).toBe('body.invalid');

    const renamed = await as<Warehouse>(admin, 'PATCH', '/admin/warehouses/WH-CD', { name: '成都仓', active: false });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: 'WH-CD', name: '成都仓', address: 'Chéngdū 高新区', active: false });
    const missing = await as(admin, 'PATCH', '/admin/warehouses/WH-NONE', { name: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('admin.warehouse_not_found');
    expect((await as(admin, 'PATCH', '/admin/warehouses/WH-CD', {})).body.code).toBe('body.invalid');
  });

  it('creates staff with names in any script, who can then sign in', async () => {
    const odd = { username: '王小明', displayName: 'Ｚｏë 👩🏽‍💼 王小明 (e\u0301)', role: 'warehouse', warehouseId: 'WH-SH', password: PASSWORD };
    const created = await as<Staff>(admin, 'POST', '/admin/staff', odd);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: '王小明', role: 'warehouse', warehouseId: 'WH-SH', active: true });
    // Stored composed (NFC), so the same name typed on another keyboard compares equal.
    expect(created.body.displayName).toBe('Ｚｏë 👩🏽‍💼 王小明 (é)');
    const login = await signIn('王小明', PASSWORD);
    expect(login.status).toBe(200);

    const list = await as<{ staff: Staff[] }>(admin, 'GET', '/admin/staff');
    expect(list.body.staff.find((s) => s.id === created.body.id)).toEqual(created.body);
    expect(JSON.stringify(list.body)).not.toMatch(/password|scrypt/);

    const refusals: [unknown, number, string][] = [
      [{ ...odd, username: '王小明'.toUpperCase() }, 409, 'admin.username_taken'],
      [{ ...odd, username: 'ADMIN' }, 409, 'admin.username_taken'],
      [{ ...odd, username: 'short-pw', password: 'abc12345' }, 400, 'setup.weak_password'],
      [{ ...odd, username: 'no-wh', warehouseId: null }, 400, 'admin.warehouse_required'],
      [{ ...odd, username: 'cs-wh', role: 'cs' }, 400, 'admin.warehouse_not_applicable'],
      [{ ...odd, username: 'ghost-wh', warehouseId: 'WH-NONE' }, 400, 'admin.warehouse_unknown'],
      [{ ...odd, username: 'closed-wh', warehouseId: 'WH-CD' }, 400, 'admin.warehouse_inactive'],
      [{ ...odd, username: 'rtl', displayName: 'abc\u202Eexe' }, 400, 'body.invalid'],
      [{ ...odd, username: 'role', role: 'system' }, 400, 'body.invalid'],
    ];
    for (const [body, status, code] of refusals) {
      const res = await as(admin, 'POST', '/admin/staff', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.code).toBe(code);
    }
  });

  it('deactivating an account ends its sessions at once; reactivating lets it sign in again', async () => {
    const created = await as<Staff>(admin, 'POST', '/admin/staff', { username: 'fin-temp', displayName: 'Temp', role: 'finance', password: PASSWORD });
    const first = await signIn('fin-temp', PASSWORD, 'desk-a');
    const second = await signIn('fin-temp', PASSWORD, 'desk-b');
    for (const s of [first, second]) expect((await server.request('GET', '/auth/me', { token: s.body.token })).status).toBe(200);

    const off = await as<Staff>(admin, 'PATCH', `/admin/staff/${created.body.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    for (const s of [first, second]) {
      const me = await server.request<ErrorBody>('GET', '/auth/me', { token: s.body.token });
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('auth.revoked');
    }
    const [open] = await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM sessions WHERE staff_id = $1 AND revoked_at IS NULL', [created.body.id]);
    expect(Number(open?.n)).toBe(0);
    expect((await signIn('fin-temp', PASSWORD)).status).toBe(401);

    expect((await as<Staff>(admin, 'PATCH', `/admin/staff/${created.body.id}`, { active: true })).body.active).toBe(true);
    expect((await signIn('fin-temp', PASSWORD)).status).toBe(200);
  });

  it('a new password replaces the old one and ends the sessions signed in with it', async () => {
    const created = await as<Staff>(admin, 'POST', '/admin/staff', { username: 'cs-reset', displayName: 'Reset me', role: 'cs', password: PASSWORD });
    const before = await signIn('cs-reset', PASSWORD);
    expect((await as(admin, 'POST', `/admin/staff/${created.body.id}/password`, { password: 'short' })).body.code).toBe('setup.weak_password');
    const reset = await as(admin, 'POST', `/admin/staff/${created.body.id}/password`, { password: 'A-brand-new-one' });
    expect(reset.status).toBe(204);
    expect((await server.request('GET', '/auth/me', { token: before.body.token })).status).toBe(401);
    expect((await signIn('cs-reset', PASSWORD)).status).toBe(401);
    expect((await signIn('cs-reset', 'A-brand-new-one')).status).toBe(200);
    expect((await as(admin, 'POST', '/admin/staff/no-such-id/password', { password: 'A-brand-new-one' })).body.code).toBe('admin.staff_not_found');
  });

  it('changes role and warehouse, ending the old sessions; keeps the last administrator', async () => {
    const created = await as<Staff>(admin, 'POST', '/admin/staff', { username: 'mover', displayName: 'Mover', role: 'warehouse', warehouseId: 'WH-SH', password: PASSWORD });
    const session = await signIn('mover', PASSWORD);
    const moved = await as<Staff>(admin, 'PATCH', `/admin/staff/${created.body.id}`, { warehouseId: 'WH-GZ', displayName: 'Mover 广州' });
    expect(moved.body).toMatchObject({ warehouseId: 'WH-GZ', displayName: 'Mover 广州', role: 'warehouse' });
    expect((await server.request('GET', '/auth/me', { token: session.body.token })).status).toBe(401);
    // Leaving the warehouse role drops the warehouse.
    const cs = await as<Staff>(admin, 'PATCH', `/admin/staff/${created.body.id}`, { role: 'cs' });
    expect(cs.body).toMatchObject({ role: 'cs', warehouseId: null });
    expect((await as(admin, 'PATCH', `/admin/staff/${created.body.id}`, { username: 'cs1' })).body.code).toBe('admin.username_taken');
    expect((await as(admin, 'PATCH', '/admin/staff/no-such-id', { active: false })).body.code).toBe('admin.staff_not_found');

    const last = await as(admin, 'PATCH', '/admin/staff/staff-admin', { active: false });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('admin.last_admin');
    expect((await as(admin, 'PATCH', '/admin/staff/staff-admin', { role: 'cs' })).body.code).toBe('admin.last_admin');
    // With a second administrator the first may step down.
    const deputy = await as<Staff>(admin, 'POST', '/admin/staff', { username: 'deputy', displayName: 'Deputy', role: 'admin', password: PASSWORD });
    const deputySession = (await signIn('deputy', PASSWORD)).body.token;
    const stepDown = await server.request<Staff>('PATCH', '/admin/staff/staff-admin', { token: deputySession, json: { role: 'finance' } });
    expect(stepDown.status).toBe(200);
    expect((await server.request<ErrorBody>('PATCH', `/admin/staff/${deputy.body.id}`, { token: deputySession, json: { active: false } })).body.code).toBe('admin.last_admin');
    // The former administrator's token no longer works.
    expect((await as(admin, 'GET', '/admin/staff')).status).toBe(401);
  });

  it('shows the administration routes in the OpenAPI document', async () => {
    const doc = await server.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    for (const path of ['/setup', '/setup/admin', '/admin/warehouses', '/admin/warehouses/{id}', '/admin/staff', '/admin/staff/{id}', '/admin/staff/{id}/password']) expect(doc.body.paths).toHaveProperty([path]);
  });
});
