/**
 * The staff directory (`GET /staff/directory`): staff learn who a staff id is — name, role,
 * active — and nothing more: no user names, no warehouse, no buyers. Buyers and anonymous callers
 * are refused without a word about the staff.
 */
import { describe, expect, it } from 'vitest';
import { createStaff, DEMO_PASSWORD } from '../../server/seed/staff';
import { StaffDirectorySchema, type StaffDirectory } from '../../shared/sync/staff-directory';
import { backends, serverPerSuite } from './support/harness';

interface ErrorBody {
  code: string;
}

describe.each(backends)('staff directory on %s', (backend) => {
  const server = serverPerSuite(backend);
  const directory = async (username: string | null) => {
    const who = username === null ? null : await server.login(username);
    return server.request<StaffDirectory & ErrorBody>('GET', '/staff/directory', who ? { token: who.token } : {});
  };

  it('names every colleague by display name and role, former ones included, and no buyer', async () => {
    await createStaff(server.db, { id: 'staff-cs-gone', username: 'cs-gone', displayName: '离职 Former', role: 'cs', warehouseId: null }, DEMO_PASSWORD);
    await server.db.query(`UPDATE staff SET disabled = true WHERE id = 'staff-cs-gone'`);
    const res = await directory('cs1');
    expect(res.status).toBe(200);
    const body = StaffDirectorySchema.parse(res.body);
    const byId = new Map(body.staff.map((s) => [s.id, s]));
    expect(byId.get('staff-cs1')).toEqual({ id: 'staff-cs1', displayName: '客服 Chen', role: 'cs', active: true });
    expect(byId.get('staff-wh1')).toEqual({ id: 'staff-wh1', displayName: '仓库 Wang (上海仓)', role: 'warehouse', active: true });
    expect(byId.get('staff-cs-gone')).toEqual({ id: 'staff-cs-gone', displayName: '离职 Former', role: 'cs', active: false });
    expect(body.staff.some((s) => (s.role as string) === 'buyer' || s.id === 'staff-buyer1')).toBe(false);
    // Active colleagues first, then former ones.
    expect(body.staff.at(-1)?.id).toBe('staff-cs-gone');
    // Exactly the listed fields: no user name, warehouse or password hash.
    for (const entry of res.body.staff) expect(Object.keys(entry).sort()).toEqual(['active', 'displayName', 'id', 'role']);
  });

  it('answers the warehouse, finance and the supervisor too', async () => {
    for (const username of ['wh1', 'fin1', 'admin']) {
      const res = await directory(username);
      expect(res.status, username).toBe(200);
      expect(res.body.staff.map((s) => s.id), username).toContain('staff-fin1');
    }
  });

  it('refuses buyers and anonymous callers, saying nothing about the staff', async () => {
    const buyer = await directory('buyer1');
    expect(buyer.status).toBe(403);
    expect(buyer.body.code).toBe('auth.forbidden');
    expect(JSON.stringify(buyer.body)).not.toContain('staff-cs1');
    const anonymous = await directory(null);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toContain('staff-cs1');
  });
});
