/**
 * Serves the built renderer from `app://desk/…` instead of file://, so the page gets no file
 * privileges and a stable origin for CSP and permission checks.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from './security';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.mp3': 'audio/mpeg',
};

export type ReadFile = (path: string) => Promise<Uint8Array>;

export interface ApiForwarding {
  /** Base URL of the central API (the embedded one), or undefined while it is not running. */
  base(): string | undefined;
  /** `net.fetch` in the app. */
  fetch(url: string, init: RequestInit): Promise<Response>;
}

const API_PREFIX = '/api/';

/**
 * Headers of every file the handler serves: the CSP (built from the settings at each request, so
 * a changed central API address applies at the next page load), no MIME sniffing, no referrer.
 */
function securityHeaders(csp: string): Record<string, string> {
  return { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
}

/**
 * Returns a `protocol.handle` handler rooted at `rootDir`; paths outside it are 404. Requests to
 * `/api/…` go to the central API, so the renderer talks to `app://desk/api` exactly as the browser
 * version talks to `/api` on its own origin — no cross-origin requests, no CORS.
 */
export function createAppProtocolHandler(
  rootDir: string,
  read: ReadFile = readFile,
  api?: ApiForwarding,
  csp: () => string = () => contentSecurityPolicy(),
): (request: Request) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith(API_PREFIX) && api) return forwardToApi(request, url, api);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
    const target = resolve(root, relative);
    if (target !== root && !target.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    try {
      const body = await read(target);
      return new Response(body, {
        status: 200,
        headers: { 'content-type': MIME[extname(target).toLowerCase()] ?? 'application/octet-stream', ...securityHeaders(csp()) },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

async function forwardToApi(request: Request, url: URL, api: ApiForwarding): Promise<Response> {
  const base = api.base();
  if (!base) return Response.json({ code: 'api.unavailable' }, { status: 503 });
  const target = `${base.replace(/\/+$/, '')}/${url.pathname.slice(API_PREFIX.length)}${url.search}`;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  try {
    return await api.fetch(target, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
    });
  } catch {
    return Response.json({ code: 'api.unreachable' }, { status: 502 });
  }
}
