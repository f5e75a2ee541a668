/**
 * The `Host` a request was sent to must be one of this API's names. A web page on another site
 * can point its own DNS name at 127.0.0.1 (DNS rebinding) and then call the loopback API as
 * "same origin"; its requests still carry that foreign name in `Host`. Accepted without
 * configuration: loopback names (`localhost`, `*.localhost`) and IP literals (no DNS involved);
 * any other name only when configured (`--allowed-host`, `ALLOWED_HOSTS`). `*` turns the check
 * off. A request without `Host` (HTTP/1.0 tools) is not a browser's and passes.
 */
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

/** Lower-case host name of a `Host` header without port or brackets, or null when malformed. */
export function hostNameOf(header: string): string | null {
  let url: URL;
  try {
    url = new URL(`http://${header}`);
  } catch {
    return null;
  }
  // Only a host (and port): anything else in the header is not a host name.
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') return null;
  const name = url.hostname.toLowerCase().replace(/\.$/, '');
  return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
}

/** Normalises configured names the way incoming ones are (`Example.COM.` → `example.com`). */
export function normaliseAllowedHosts(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const raw of names) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (trimmed === '*') {
      out.add('*');
      continue;
    }
    const name = hostNameOf(trimmed);
    if (name === null) throw new Error(`invalid allowed host name: ${raw}`);
    out.add(name);
  }
  return out;
}

export function isAllowedHost(name: string, allowed: ReadonlySet<string>): boolean {
  if (allowed.has('*') || allowed.has(name)) return true;
  return name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0;
}

export function installHostCheck(app: FastifyInstance, allowedHosts: readonly string[]): void {
  const allowed = normaliseAllowedHosts(allowedHosts);
  if (allowed.has('*')) return;
  app.addHook('onRequest', async (request) => {
    const header = request.headers.host;
    if (header === undefined || header === '') return;
    const name = hostNameOf(header);
    if (name === null || !isAllowedHost(name, allowed)) {
      throw new HttpError(421, 'request.host_not_allowed', 'this API does not answer to that host name; add it to the allowed host names', { host: header.slice(0, 255) });
    }
  });
}
