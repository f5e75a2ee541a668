/**
 * Sync protocol version: a client older than the server serves is told to update (426
 * `client.update_required`) rather than failing on a changed wire format; the connectivity
 * checks still answer it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientProtocolOf, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../server/protocol';
import { DEMO_PASSWORD } from '../../server/seed/staff';
import { startServer, type TestServer } from './support/harness';

describe('client protocol header', () => {
  it('reads a number, counts a missing header as protocol 1, and refuses anything else', () => {
    expect(clientProtocolOf(undefined)).toBe(1);
    expect(clientProtocolOf('3')).toBe(3);
    expect(clientProtocolOf([' 2 '])).toBe(2);
    for (const bad of ['', 'two', '1.5', '-1', '99999999']) expect(clientProtocolOf(bad), bad).toBeNull();
  });
});

describe('a server that needs protocol 2', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('pglite', { config: { minClientProtocol: 2 } });
  });
  afterAll(async () => {
    await server?.close();
  });
  const login = (headers: Record<string, string> = {}) =>
    server.request<{ code: string; params?: Record<string, unknown>; token?: string }>('POST', '/auth/login', { json: { username: 'cs1', password: DEMO_PASSWORD, deviceId: 'old-desk' }, headers });

  it('tells a client without the header (protocol 1) to update, at sign-in and on sync calls', async () => {
    const res = await login();
    expect(res.status).toBe(426);
    expect(res.body).toMatchObject({ code: 'client.update_required', params: { clientProtocol: 1, minimumProtocol: 2, serverProtocol: PROTOCOL_VERSION } });
    expect(res.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
    const pull = await server.request<{ code: string }>('GET', '/sync/pull?since=0', { headers: { [PROTOCOL_HEADER]: '1' } });
    expect(pull.status).toBe(426);
    expect((await login({ [PROTOCOL_HEADER]: 'x' })).body.code).toBe('client.protocol_invalid');
  });

  it('still answers the connectivity checks, and serves a current client', async () => {
    expect((await server.request('GET', '/health')).status).toBe(200);
    const setup = await server.request<{ protocol: { minimum: number } }>('GET', '/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.protocol.minimum).toBe(2);
    const ok = await login({ [PROTOCOL_HEADER]: '2' });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toBeTruthy();
  });
});
