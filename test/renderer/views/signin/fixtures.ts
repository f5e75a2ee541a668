/**
 * A fake central API for the sign-in tests: demo-like accounts of every role, one password, and a
 * switch for "the server cannot be reached".
 */
import type { Staff } from '../../../../shared/sync/wire';

export const PASSWORD = 'right-password';

export const STAFF: Record<Staff['role'], Staff> = {
  warehouse: { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse', warehouseId: 'WH-SH' },
  cs: { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null },
  finance: { id: 'staff-fin1', username: 'fin1', displayName: '财务 Fang', role: 'finance', warehouseId: null },
  admin: { id: 'staff-admin', username: 'admin', displayName: '主管 Admin', role: 'admin', warehouseId: null },
  buyer: { id: 'staff-buyer1', username: 'buyer1', displayName: '买家 Buyer One', role: 'buyer', warehouseId: null },
};

export interface FakeApi {
  fetch: typeof fetch;
  /** 'down': every request fails like a refused connection; 'busy': login answers 429. */
  state: 'up' | 'down' | 'busy' | 'broken';
  logins: string[];
}

export function fakeApi(): FakeApi {
  const api: FakeApi = {
    state: 'up',
    logins: [],
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (api.state === 'down') throw new TypeError('fetch failed');
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { username?: string; password?: string }) : {};
      if (url.endsWith('/auth/login')) {
        api.logins.push(`${url} ${body.username ?? ''}`);
        if (api.state === 'busy') return new Response(JSON.stringify({ code: 'rate_limited', message: 'slow down' }), { status: 429 });
        if (api.state === 'broken') return new Response(JSON.stringify({ code: 'bad', message: 'bad request' }), { status: 400 });
        const staff = Object.values(STAFF).find((s) => s.username === body.username?.toLowerCase());
        if (!staff || body.password !== PASSWORD) return new Response(JSON.stringify({ code: 'auth.invalid_credentials', message: 'no' }), { status: 401 });
        return new Response(JSON.stringify({ token: `token-${staff.username}-abcdefghijkl`, expiresAt: '2026-03-02T00:00:00.000Z', staff }), { status: 200 });
      }
      if (url.endsWith('/auth/logout')) return new Response(null, { status: 204 });
      return new Response(JSON.stringify({ code: 'route.not_found', message: 'no' }), { status: 404 });
    }) as typeof fetch,
  };
  return api;
}
