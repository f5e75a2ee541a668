import { describe, expect, it } from 'vitest';
import { createSetupApi } from '../../../../renderer/src/views/firstrun/setupApi';

const STAFF = { id: 'staff-admin', username: 'boss', displayName: '站长', role: 'admin', warehouseId: null };

/** A fake of the central API's setup routes (the contract: GET /setup, POST /setup/admin). */
function fakeSetupServer() {
  let admin: { username: string } | null = null;
  const seen: Array<{ method: string; url: string; body: unknown }> = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { username: string; displayName: string; password: string }) : null;
    seen.push({ method: init?.method ?? 'GET', url, body });
    if (url.endsWith('/setup') && init?.method === 'GET') return Response.json({ needsAdmin: admin === null, version: '0.2.0', time: '2026-03-01T08:00:00.000Z' });
    if (url.endsWith('/setup/admin') && init?.method === 'POST' && body) {
      if (admin) return Response.json({ code: 'setup.already_done' }, { status: 409 });
      if (body.password.length < 10) return Response.json({ code: 'setup.weak_password' }, { status: 400 });
      admin = { username: body.username };
      return Response.json({ token: 'token-abcdefghijklmnop', expiresAt: '2026-03-02T00:00:00.000Z', staff: { ...STAFF, username: body.username, displayName: body.displayName } });
    }
    return Response.json({ code: 'route.not_found' }, { status: 404 });
  }) as typeof fetch;
  return { fetchFn, seen };
}

describe('setup API client', () => {
  it('reads whether an administrator is needed, creates one, then reports it done', async () => {
    const server = fakeSetupServer();
    const api = createSetupApi('/api/', server.fetchFn);
    expect(await api.status()).toEqual({ ok: true, value: { needsAdmin: true, version: '0.2.0', time: '2026-03-01T08:00:00.000Z' } });
    const created = await api.createAdmin({ username: 'boss', displayName: '站长', password: 'long-enough-pw' });
    expect(created).toMatchObject({ ok: true, value: { token: 'token-abcdefghijklmnop', staff: { role: 'admin', username: 'boss' } } });
    expect(server.seen[1]).toEqual({ method: 'POST', url: '/api/setup/admin', body: { username: 'boss', displayName: '站长', password: 'long-enough-pw' } });
    expect(await api.status()).toMatchObject({ ok: true, value: { needsAdmin: false } });
    expect(await api.createAdmin({ username: 'second', displayName: 'x', password: 'long-enough-pw' })).toEqual({ ok: false, code: 'setup.already_done' });
  });

  it('names a weak password, an unreachable API and a reply that is not the contract', async () => {
    const server = fakeSetupServer();
    expect(await createSetupApi('/api', server.fetchFn).createAdmin({ username: 'boss', displayName: 'B', password: 'short' })).toEqual({ ok: false, code: 'setup.weak_password' });
    const down = createSetupApi('/api', (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch);
    expect(await down.status()).toMatchObject({ ok: false, code: 'setup.unreachable' });
    const starting = createSetupApi('/api', (async () => Response.json({ code: 'api.unavailable' }, { status: 503 })) as typeof fetch);
    expect(await starting.status()).toEqual({ ok: false, code: 'setup.unreachable', detail: 'api.unavailable' });
    const odd = createSetupApi('/api', (async () => Response.json({ hello: 1 })) as typeof fetch);
    expect(await odd.status()).toEqual({ ok: false, code: 'setup.invalid_reply' });
    const missing = createSetupApi('/api', (async () => Response.json({ code: 'route.not_found' }, { status: 404 })) as typeof fetch);
    expect(await missing.status()).toEqual({ ok: false, code: 'setup.failed', detail: 'route.not_found' });
  });
});
