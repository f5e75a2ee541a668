/**
 * HTTP client of the central API. Every reply is parsed with the shared wire schemas; anything
 * unexpected becomes a typed `SyncApiError` (`sync.invalid_reply`), never a crash. A request that
 * fails to complete means offline, whatever `navigator.onLine` says.
 */
import { z } from 'zod';
import {
  AttachmentPutResponseSchema,
  ErrorBodySchema,
  HealthSchema,
  LoginResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  type LoginResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../../shared/sync/wire';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { NoticeReadsListSchema, NoticeReadsStoredSchema, type NoticeReadsBody, type NoticeReadsList } from '../../../shared/sync/notice-reads';
import { StaffDirectorySchema, type StaffDirectory } from '../../../shared/sync/staff-directory';

export type ApiErrorKind =
  /** No answer: connection refused or reset, timeout, DNS. */
  | 'network'
  /** 5xx, 429 or a reply we could not read: try again later. */
  | 'server'
  /** 401: the token is missing, expired or revoked; sign in again. */
  | 'unauthorized'
  /** Any other 4xx: the request itself is wrong. */
  | 'client'
  /** The caller stopped the request. */
  | 'aborted';

export class SyncApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly code: string,
    readonly status: number | null,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'SyncApiError';
  }

  /** Worth retrying after a pause. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

export interface ApiOptions {
  baseUrl: string;
  /** The bearer token, read at each request. */
  token?: () => string | null;
  fetch?: typeof fetch;
  /** Per-request time limit. */
  timeoutMs?: number;
}

export interface SyncApi {
  readonly baseUrl: string;
  health(signal?: AbortSignal): Promise<{ time: string; version: string }>;
  login(body: { username: string; password: string; deviceId: string }, signal?: AbortSignal): Promise<LoginResponse>;
  /** Revokes the current token. */
  logout(signal?: AbortSignal): Promise<void>;
  push(body: PushRequest, signal?: AbortSignal): Promise<PushResponse>;
  pull(since: number, limit: number, signal?: AbortSignal): Promise<PullResponse>;
  putAttachment(sha256: string, mime: string, bytes: Uint8Array, signal?: AbortSignal): Promise<{ existing: boolean }>;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError' && signal !== undefined && signal.aborted);
}

/** The caller's signal plus a time limit (without relying on `AbortSignal.any`). */
function withTimeout(outer: AbortSignal | undefined, ms: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  const timer = setTimeout(onAbort, ms);
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** The signed-in person's notification read marks (`/notifications/reads`, customer service and admin). */
export interface NoticeReadsApi {
  noticeReads(signal?: AbortSignal): Promise<NoticeReadsList>;
  putNoticeReads(body: NoticeReadsBody, signal?: AbortSignal): Promise<{ stored: number }>;
}

/** Who the site's staff ids are (`/staff/directory`, every staff role; buyers are refused). */
export interface StaffDirectoryApi {
  staffDirectory(signal?: AbortSignal): Promise<StaffDirectory>;
}

export function createApi(options: ApiOptions): SyncApi & NoticeReadsApi & StaffDirectoryApi {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request<S extends z.ZodType>(method: string, path: string, schema: S, init: { json?: unknown; body?: Uint8Array; contentType?: string; auth?: boolean; signal?: AbortSignal | undefined } = {}): Promise<z.infer<S>> {
    // Every request names the protocol this desk speaks, so a server that no longer serves it says so (426).
    const headers: Record<string, string> = { accept: 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    const token = init.auth === false ? null : (options.token?.() ?? null);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.body) {
      headers['content-type'] = init.contentType ?? 'application/octet-stream';
      body = new Blob([init.body as Uint8Array<ArrayBuffer>]);
    }
    const { signal, dispose } = withTimeout(init.signal, timeoutMs);
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, { method, headers, body, signal });
    } catch (error) {
      dispose();
      if (isAbort(error, init.signal)) throw new SyncApiError('aborted', 'sync.aborted', null);
      throw new SyncApiError('network', 'sync.network', null, error instanceof Error ? error.message : String(error));
    }
    let payload: unknown;
    try {
      const text = await response.text().finally(dispose);
      payload = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch (error) {
      if (isAbort(error, init.signal)) throw new SyncApiError('aborted', 'sync.aborted', null);
      // A body cut short or not JSON: the exchange failed, the server may or may not have acted.
      if (response.ok || response.status >= 500) throw new SyncApiError('server', 'sync.invalid_reply', response.status, 'reply is not JSON');
      payload = undefined;
    }
    if (!response.ok) {
      const parsed = ErrorBodySchema.safeParse(payload);
      const code = parsed.success ? parsed.data.code : `http.${response.status}`;
      const message = parsed.success ? parsed.data.message : undefined;
      // A token issued to another device is as good as none: sign in again on this one.
      if (response.status === 401 || code === 'auth.device_mismatch') throw new SyncApiError('unauthorized', code, response.status, message);
      if (response.status >= 500 || response.status === 429 || response.status === 408) throw new SyncApiError('server', code, response.status, message);
      throw new SyncApiError('client', code, response.status, message);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new SyncApiError('server', 'sync.invalid_reply', response.status, parsed.error.issues[0]?.message);
    return parsed.data;
  }

  return {
    baseUrl,
    async health(signal) {
      const body = await request('GET', '/health', HealthSchema, { auth: false, signal });
      return { time: body.time, version: body.version };
    },
    login: (body, signal) => request('POST', '/auth/login', LoginResponseSchema, { json: body, auth: false, signal }),
    async logout(signal) {
      await request('POST', '/auth/logout', z.undefined(), { signal });
    },
    push: (body, signal) => request('POST', '/sync/push', PushResponseSchema, { json: body, signal }),
    pull: (since, limit, signal) => request('GET', `/sync/pull?since=${since}&limit=${limit}`, PullResponseSchema, { signal }),
    async putAttachment(sha256, mime, bytes, signal) {
      const body = await request('PUT', `/attachments/${sha256}`, AttachmentPutResponseSchema, { body: bytes, contentType: mime, signal });
      return { existing: body.existing };
    },
    noticeReads: (signal) => request('GET', '/notifications/reads', NoticeReadsListSchema, { signal }),
    putNoticeReads: (body, signal) => request('POST', '/notifications/reads', NoticeReadsStoredSchema, { json: body, signal }),
    staffDirectory: (signal) => request('GET', '/staff/directory', StaffDirectorySchema, { signal }),
  };
}
