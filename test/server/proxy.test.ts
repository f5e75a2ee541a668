/**
 * Behind a reverse proxy: login limits count the client named by X-Forwarded-For only when the
 * request came from a configured proxy; from anyone else the header is ignored (it could be forged).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/harness';

describe('client address behind a reverse proxy', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const failLogin = (s: TestServer, forwardedFor: string) =>
    s.request<{ code: string }>('POST', '/auth/login', { json: { username: `nobody-${Math.random()}`, password: 'wrong-password', deviceId: 'd1' }, headers: { 'x-forwarded-for': forwardedFor } });

  it('counts failed logins per forwarded client when the proxy is trusted', async () => {
    server = await startServer('pglite', { config: { trustedProxies: ['127.0.0.1'], loginFailuresPerAddress: { max: 2, windowMs: 60_000 } } });
    for (let i = 0; i < 2; i++) expect((await failLogin(server, '203.0.113.7')).status).toBe(401);
    expect((await failLogin(server, '203.0.113.7')).status).toBe(429);
    // Another office behind the same proxy is not locked out.
    expect((await failLogin(server, '198.51.100.20')).status).toBe(401);
  });

  it('ignores X-Forwarded-For from an address that is not a configured proxy', async () => {
    server = await startServer('pglite', { config: { loginFailuresPerAddress: { max: 2, windowMs: 60_000 } } });
    expect((await failLogin(server, '203.0.113.7')).status).toBe(401);
    expect((await failLogin(server, '198.51.100.20')).status).toBe(401);
    // Both came from 127.0.0.1, whatever the header said.
    expect((await failLogin(server, '192.0.2.99')).status).toBe(429);
  });
});
