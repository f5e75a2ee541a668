import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';

interface ErrorBody {
  code: string;
  message?: string;
}

/** Sends raw bytes and returns the raw response (for requests fetch will not make). */
function raw(url: string, request: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe.each(backends)('malformed and oversized input on %s', (backend) => {
  let server: TestServer;
  let cs: LoggedIn;

  beforeAll(async () => {
    server = await startServer(backend, { config: { jsonBodyLimit: 16 * 1024 } });
    cs = await server.login('cs1');
  });
  afterAll(async () => {
    await server?.close();
  });

  const healthy = async () => {
    const res = await server.request<{ ok: boolean }>('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  };

  it('answers /health without a token', async () => {
    const res = await server.request<{ ok: boolean; time: string; version: string }>('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, time: expect.any(String) as unknown, version: '0.1.0' });
  });

  it('answers broken JSON with 400 body.malformed', async () => {
    for (const body of ['{"deviceId": ', '{"a":1}}', 'null x', '']) {
      const res = await server.request<ErrorBody>('POST', '/sync/push', { token: cs.token, body, headers: { 'content-type': 'application/json' } });
      expect([body, res.status, res.body.code]).toEqual([body, 400, 'body.malformed']);
    }
    const proto = await server.request<ErrorBody>('POST', '/auth/login', { body: '{"__proto__": {"x": 1}, "username": "a"}', headers: { 'content-type': 'application/json' } });
    expect(proto.status).toBe(400);
    await healthy();
  });

  it('answers wrong shapes with 400 body.invalid and the issues', async () => {
    for (const json of [[], 'text', 42, { deviceId: 5 }, { deviceId: cs.deviceId, commands: 'all' }]) {
      const res = await server.request<ErrorBody & { issues: unknown[] }>('POST', '/sync/push', { token: cs.token, json });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('body.invalid');
      expect(res.body.issues.length).toBeGreaterThan(0);
    }
    await healthy();
  });

  it('answers an oversized body with 413 body.too_large', async () => {
    const huge = { deviceId: cs.deviceId, commands: [], padding: 'x'.repeat(20 * 1024) };
    const res = await server.request<ErrorBody>('POST', '/sync/push', { token: cs.token, json: huge });
    expect([res.status, res.body.code]).toEqual([413, 'body.too_large']);
    // Declared length above the limit is refused before the body is read.
    const response = await raw(
      server.url,
      `POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{"a":`,
    );
    expect(response).toMatch(/^HTTP\/1.1 413/);
    expect(response).toContain('"code":"body.too_large"');
    await healthy();
  });

  it('answers other content types with 415 and unknown routes with 404', async () => {
    const res = await server.request<ErrorBody>('POST', '/sync/push', { token: cs.token, body: 'deviceId=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([res.status, res.body.code]).toEqual([415, 'body.unsupported_type']);
    const missing = await server.request<ErrorBody>('GET', '/no/such/route');
    expect([missing.status, missing.body.code]).toEqual([404, 'route.not_found']);
    await healthy();
  });

  it('answers an unexpected failure with 500 server.error and no internals', async () => {
    const lines: string[] = [];
    const app = await buildServer({ db: server.db, logger: { level: 'error', stream: { write: (l) => void lines.push(l) } } });
    app.get('/boom', { config: { public: true } }, async () => {
      throw new Error('relation "secret_table" does not exist');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'server.error', message: 'internal error' });
    expect(res.body).not.toContain('secret_table');
    // The details go to the log instead.
    expect(lines.join('')).toContain('secret_table');
    await app.close();
  });

  it('publishes an OpenAPI document derived from the schemas', async () => {
    const res = await server.request<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> }>('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of ['/health', '/auth/login', '/auth/logout', '/auth/me', '/sync/push', '/sync/pull', '/attachments/{sha256}']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
    const push = res.body.paths['/sync/push']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(push?.properties ?? {})).toEqual(['deviceId', 'commands']);
    // The pull answer documents the first page's optional `remaining` count.
    const pull = (res.body.paths['/sync/pull'] as { get?: { responses: Record<string, { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }> } } | undefined)?.get
      ?.responses['200']?.content['application/json']?.schema;
    expect(pull?.properties?.remaining).toMatchObject({ type: 'integer', minimum: 0 });
    expect(pull?.required).toEqual(expect.arrayContaining(['changes', 'nextCursor', 'hasMore', 'lastAckedSeq']));
    expect(pull?.required).not.toContain('remaining');
  });
});
