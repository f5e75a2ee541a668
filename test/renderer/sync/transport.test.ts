import { describe, expect, it, vi } from 'vitest';
import { createApi, SyncApiError } from '../../../renderer/src/sync/api';
import { backoffDelay, Waiter, type OnlineEvents } from '../../../renderer/src/sync/connectivity';
import { acquireLeadership } from '../../../renderer/src/sync/leader';

function replying(status: number, body: string): typeof fetch {
  return vi.fn(async () => new Response(body, { status, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;
}

async function failure(promise: Promise<unknown>): Promise<SyncApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncApiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('api client', () => {
  it('parses replies with the wire schemas and sends the bearer token', async () => {
    const fetch = replying(200, JSON.stringify({ changes: [], nextCursor: 5, hasMore: false, lastAckedSeq: 3 }));
    const api = createApi({ baseUrl: 'http://central.test/', token: () => 'tok-123', fetch });
    expect(await api.pull(5, 100)).toEqual({ changes: [], nextCursor: 5, hasMore: false, lastAckedSeq: 3 });
    const [url, init] = (fetch as unknown as ReturnType<typeof vi.fn>).mock.calls[0] as [string, RequestInit];
    expect(url).toBe('http://central.test/sync/pull?since=5&limit=100');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok-123');
    // The desk names the protocol it speaks, so a server that no longer serves it can say so.
    expect((init.headers as Record<string, string>)['x-desk-protocol']).toBe('1');
  });

  it('reports a server that no longer serves this desk’s protocol as client.update_required', async () => {
    const body = JSON.stringify({ code: 'client.update_required', message: 'this app is too old for the server', params: { clientProtocol: 1, minimumProtocol: 2, serverProtocol: 2 } });
    const refused = await failure(createApi({ baseUrl: 'http://x', fetch: replying(426, body) }).pull(0, 1));
    expect([refused.kind, refused.code]).toEqual(['client', 'client.update_required']);
  });

  it('turns a reply that does not match the protocol into sync.invalid_reply', async () => {
    const wrongShape = await failure(createApi({ baseUrl: 'http://x', fetch: replying(200, JSON.stringify({ results: 'nope' })) }).push({ deviceId: 'd', commands: [] }));
    expect([wrongShape.kind, wrongShape.code]).toEqual(['server', 'sync.invalid_reply']);
    const cut = await failure(createApi({ baseUrl: 'http://x', fetch: replying(200, '{"changes": [') }).pull(0, 1));
    expect(cut.code).toBe('sync.invalid_reply');
  });

  it('tells network failures, 5xx, 401 and other 4xx apart', async () => {
    const offline = await failure(createApi({ baseUrl: 'http://x', fetch: vi.fn(async () => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch }).health());
    expect([offline.kind, offline.transient]).toEqual(['network', true]);
    const down = await failure(createApi({ baseUrl: 'http://x', fetch: replying(503, JSON.stringify({ code: 'server.unavailable' })) }).health());
    expect([down.kind, down.code, down.status]).toEqual(['server', 'server.unavailable', 503]);
    const expired = await failure(createApi({ baseUrl: 'http://x', fetch: replying(401, JSON.stringify({ code: 'auth.expired' })) }).pull(0, 1));
    expect([expired.kind, expired.code]).toEqual(['unauthorized', 'auth.expired']);
    const wrong = await failure(createApi({ baseUrl: 'http://x', fetch: replying(415, JSON.stringify({ code: 'attachment.unsupported_type' })) }).putAttachment('a'.repeat(64), 'image/png', new Uint8Array([1])));
    expect([wrong.kind, wrong.transient]).toEqual(['client', false]);
  });
});

describe('backoff and waiting', () => {
  it('draws full-jitter delays below an exponential ceiling capped at 60 s', () => {
    expect(backoffDelay(1, { baseMs: 500, capMs: 60_000, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(3, { baseMs: 500, capMs: 60_000, random: () => 0.5 })).toBe(2000);
    expect(backoffDelay(40, { baseMs: 500, capMs: 60_000, random: () => 0.999 })).toBe(59_940);
    expect(backoffDelay(5, { baseMs: 500, capMs: 60_000, random: () => 0 })).toBe(0);
  });

  it('ends a wait early on the online event, on wake and on abort', async () => {
    const online: { listener: (() => void) | null } = { listener: null };
    const events: OnlineEvents = { add: (l) => (online.listener = l), remove: () => (online.listener = null) };
    const waiter = new Waiter(events);
    const waiting = waiter.wait(60_000);
    online.listener?.();
    expect(await waiting).toBe('woken');
    const second = waiter.wait(60_000);
    waiter.wake();
    expect(await second).toBe('woken');
    const controller = new AbortController();
    const third = waiter.wait(60_000, controller.signal);
    controller.abort();
    expect(await third).toBe('aborted');
    expect(await waiter.wait(5)).toBe('timeout');
  });
});

describe('sync leadership', () => {
  it('lets one instance lead at a time through the lock manager', async () => {
    const queue: (() => void)[] = [];
    let held = false;
    const locks = {
      request: (_name: string, _options: unknown, callback: () => Promise<void>) => {
        const run = async (): Promise<void> => {
          held = true;
          await callback();
          held = false;
          queue.shift()?.();
        };
        if (!held) return run();
        return new Promise<void>((resolve) => queue.push(() => void run().then(resolve)));
      },
    };
    const first = acquireLeadership('lock', locks);
    const second = acquireLeadership('lock', locks);
    await first.acquired;
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
    first.release();
    await second.acquired;
    expect([first.isLeader(), second.isLeader()]).toEqual([false, true]);
  });

  it('leads alone without a lock manager', async () => {
    const only = acquireLeadership('lock', undefined);
    await only.acquired;
    expect(only.isLeader()).toBe(true);
  });
});
