/** Serving a test API on a real port and signing in to it, for the server and integration suites. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../../../server/seed/staff';

export interface LoggedIn {
  token: string;
  deviceId: string;
  staffId: string;
}

/** Listens on 127.0.0.1:<random> and gives the base URL. */
export async function listenLocally(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export type HttpRequest = <T = unknown>(
  method: string,
  path: string,
  init?: { token?: string; json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> },
) => Promise<HttpResponse<T>>;

/** Requests to the API at `url`: a JSON answer comes back parsed, anything else as bytes. */
export function httpRequester(url: string): HttpRequest {
  return async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | Uint8Array | undefined = init.body;
    if (init.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(init.json);
    }
    // A copy backed by a plain ArrayBuffer is a request body under both the Node and the DOM typings.
    const response = await fetch(url + path, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}) });
    const type = response.headers.get('content-type') ?? '';
    const parsed: unknown = type.includes('application/json') ? await response.json() : new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body: parsed as never };
  };
}

type JsonRequest = <T>(method: string, path: string, init: { json: unknown }) => Promise<{ status: number; body: T }>;

/** Signs a demo account in (on a fresh device unless one is given). */
export async function demoLogin(request: JsonRequest, username: string, deviceId = `dev-${username}-${randomUUID().slice(0, 8)}`): Promise<LoggedIn> {
  const res = await request<{ token: string; staff: { id: string } }>('POST', '/auth/login', { json: { username, password: DEMO_PASSWORD, deviceId } });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, deviceId, staffId: res.body.staff.id };
}
