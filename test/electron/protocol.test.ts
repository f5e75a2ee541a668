import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { createAppProtocolHandler } from '../../electron/protocol';
import { contentSecurityPolicy } from '../../electron/security';

const root = resolve('/srv/app/renderer');
const files = new Map<string, string>([
  [resolve(root, 'index.html'), '<!doctype html><title>desk</title>'],
  [resolve(root, 'assets/app.js'), 'console.log(1)'],
]);
const read = async (path: string): Promise<Uint8Array> => {
  const text = files.get(path);
  if (text === undefined) throw new Error('ENOENT');
  return new TextEncoder().encode(text);
};
const handler = createAppProtocolHandler(root, read);

describe('app:// protocol', () => {
  it('serves index.html at the root and assets with their content type', async () => {
    const index = await handler(new Request('app://desk/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<title>desk</title>');
    const js = await handler(new Request('app://desk/assets/app.js'));
    expect(js.headers.get('content-type')).toContain('text/javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await handler(new Request('app://desk/../../etc/passwd'))).status).toBe(404);
    expect((await handler(new Request('app://desk/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);
    expect((await handler(new Request('app://desk/missing.js'))).status).toBe(404);
  });
});

describe('app://desk/api forwarding', () => {
  it('forwards /api/… to the central API with method, query, headers and body', async () => {
    const seen: Array<{ url: string; method: string | undefined; auth: string | null; body: string }> = [];
    const api = {
      base: () => 'http://127.0.0.1:40123/',
      fetch: async (url: string, init: RequestInit) => {
        seen.push({ url, method: init.method, auth: new Headers(init.headers).get('authorization'), body: init.body ? new TextDecoder().decode(init.body as ArrayBuffer) : '' });
        return Response.json({ ok: true });
      },
    };
    const forwarding = createAppProtocolHandler(root, read, api);
    const res = await forwarding(new Request('app://desk/api/sync/pull?since=5&limit=10', { headers: { authorization: 'Bearer t' } }));
    expect(await res.json()).toEqual({ ok: true });
    await forwarding(new Request('app://desk/api/sync/push', { method: 'POST', body: '{"a":1}' }));
    expect(seen).toEqual([
      { url: 'http://127.0.0.1:40123/sync/pull?since=5&limit=10', method: 'GET', auth: 'Bearer t', body: '' },
      { url: 'http://127.0.0.1:40123/sync/push', method: 'POST', auth: null, body: '{"a":1}' },
    ]);
  });

  it('answers 503 while the API is not running and 502 when it cannot be reached', async () => {
    const down = createAppProtocolHandler(root, read, { base: () => undefined, fetch: () => Promise.reject(new Error('x')) });
    expect((await down(new Request('app://desk/api/health'))).status).toBe(503);
    const unreachable = createAppProtocolHandler(root, read, { base: () => 'http://127.0.0.1:1', fetch: () => Promise.reject(new Error('ECONNREFUSED')) });
    const res = await unreachable(new Request('app://desk/api/health'));
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ code: 'api.unreachable' });
    // Files are still served.
    expect((await unreachable(new Request('app://desk/'))).status).toBe(200);
  });
});

describe('app:// security headers', () => {
  it('sends the CSP built at each request (it follows the configured API) with every file', async () => {
    let api: string | null = null;
    const served = createAppProtocolHandler(root, read, undefined, () => contentSecurityPolicy(api));
    const before = await served(new Request('app://desk/'));
    expect(before.headers.get('content-security-policy')).toContain("connect-src 'self';");
    expect(before.headers.get('x-content-type-options')).toBe('nosniff');
    api = 'https://desk-api.example.com/base';
    const js = await served(new Request('app://desk/assets/app.js'));
    expect(js.headers.get('content-security-policy')).toContain("connect-src 'self' https://desk-api.example.com;");
    // Without a policy given, the strict default still goes out.
    expect((await handler(new Request('app://desk/'))).headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });
});
