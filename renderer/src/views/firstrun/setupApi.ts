/**
 * The central API's first-run routes (a site run on this computer starts with an empty
 * database): `GET /setup` says whether an administrator is still needed, `POST /setup/admin`
 * creates the first one (public only while none exists). Replies are parsed; anything else
 * becomes a typed failure the first-run screen translates.
 */
import { z } from 'zod';
import { ErrorBodySchema, LoginResponseSchema, type LoginResponse } from '../../../../shared/sync/wire';

export const SetupStatusSchema = z.object({ needsAdmin: z.boolean(), version: z.string(), time: z.string() });
export type SetupStatus = z.infer<typeof SetupStatusSchema>;

/** The server's rule, checked here first so the form answers at once. */
export const MIN_ADMIN_PASSWORD = 10;
export const ADMIN_USERNAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export type SetupFailure = 'setup.already_done' | 'setup.weak_password' | 'setup.unreachable' | 'setup.invalid_reply' | 'setup.failed';

export type SetupResult<T> = { ok: true; value: T } | { ok: false; code: SetupFailure; detail?: string };

async function call<S extends z.ZodType>(fetchFn: typeof fetch, url: string, init: RequestInit, schema: S): Promise<SetupResult<z.infer<S>>> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  } catch (error) {
    return { ok: false, code: 'setup.unreachable', detail: error instanceof Error ? error.message : String(error) };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = ErrorBodySchema.safeParse(body);
    const code = error.success ? error.data.code : `http.${response.status}`;
    if (code === 'setup.already_done' || response.status === 409) return { ok: false, code: 'setup.already_done' };
    if (code === 'setup.weak_password') return { ok: false, code: 'setup.weak_password' };
    if (response.status === 502 || response.status === 503) return { ok: false, code: 'setup.unreachable', detail: code };
    return { ok: false, code: 'setup.failed', detail: code };
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, code: 'setup.invalid_reply' };
}

export function createSetupApi(baseUrl: string, fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init)) {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    status: () => call(fetchFn, `${base}/setup`, { method: 'GET' }, SetupStatusSchema),
    createAdmin: (body: { username: string; displayName: string; password: string }): Promise<SetupResult<LoginResponse>> =>
      call(fetchFn, `${base}/setup/admin`, { method: 'POST', body: JSON.stringify(body) }, LoginResponseSchema),
  };
}
