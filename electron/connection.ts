/**
 * The connection test of a central API address, run by the main process (the renderer's CSP
 * lets it reach only the configured API, not an address still being typed): `GET <url>/health`
 * must answer `{ ok: true, time, version }`. The clock skew is the server's time minus the
 * midpoint of the request, so a slow network does not count as skew.
 */
import type { ConnectionTestReply } from '../shared/ipc/settings';
import { ApiUrlSchema } from '../shared/ipc/settings';

export interface ConnectionDeps {
  fetch(url: string, init: { signal: AbortSignal; headers: Record<string, string> }): Promise<Response>;
  now?: () => number;
  timeoutMs?: number;
}

export async function testConnection(apiUrl: string, deps: ConnectionDeps): Promise<ConnectionTestReply> {
  const base = ApiUrlSchema.parse(apiUrl).replace(/\/+$/, '');
  const now = deps.now ?? Date.now;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs ?? 8_000);
  const sent = now();
  let response: Response;
  try {
    response = await deps.fetch(`${base}/health`, { signal: controller.signal, headers: { accept: 'application/json' } });
  } catch {
    return { ok: false, code: controller.signal.aborted ? 'connection.timeout' : 'connection.unreachable' };
  } finally {
    clearTimeout(timer);
  }
  const received = now();
  if (!response.ok) return { ok: false, code: 'connection.http_error', status: response.status };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, code: 'connection.not_desk_api' };
  }
  const health = body as { ok?: unknown; time?: unknown; version?: unknown } | null;
  const serverTime = typeof health?.time === 'string' ? Date.parse(health.time) : Number.NaN;
  if (health?.ok !== true || typeof health.version !== 'string' || Number.isNaN(serverTime)) return { ok: false, code: 'connection.not_desk_api' };
  return {
    ok: true,
    version: health.version,
    serverTime: new Date(serverTime).toISOString(),
    skewMs: Math.round(serverTime - (sent + received) / 2),
    latencyMs: received - sent,
  };
}
