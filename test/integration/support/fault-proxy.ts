/**
 * A real HTTP proxy between the sync engine and the central API that misbehaves on purpose, from
 * a seed: it drops requests, delays them, sends them twice, replays them later (so they arrive
 * out of order), resets the connection after the server answered, returns 5xx with or without
 * forwarding, and cuts replies short. `heal()` turns it into a plain proxy. `poison(marker)` makes
 * it answer 500 to every request whose body holds the marker, as a server failing on one bad
 * value would, whatever else the request holds.
 */
import http from 'node:http';
import { createSeededRng } from '../../../shared/barcode';

export interface FaultRates {
  /** Connection reset before the server sees the request. */
  drop: number;
  /** 503 without forwarding. */
  unavailable: number;
  /** Forwarded; the reply is replaced by a connection reset. */
  resetAfter: number;
  /** Forwarded; the reply is replaced by a 502. */
  badGatewayAfter: number;
  /** Forwarded twice at once; one reply returned. */
  duplicate: number;
  /** Forwarded now and replayed later (after other requests): reordering. */
  replayLater: number;
  /** Forwarded; the reply body is cut short. */
  truncate: number;
  /** Forwarded after a pause. */
  delay: number;
}

export const DEFAULT_RATES: FaultRates = {
  drop: 0.06,
  unavailable: 0.06,
  resetAfter: 0.08,
  badGatewayAfter: 0.05,
  duplicate: 0.06,
  replayLater: 0.06,
  truncate: 0.04,
  delay: 0.15,
};

export type FaultKind = keyof FaultRates | 'pass' | 'poisoned';

/** The same seeded generator as the demo data, so a fault run is reproducible from its seed. */
export const seededRandom = createSeededRng;

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface FaultProxy {
  url: string;
  readonly stats: Record<FaultKind, number>;
  /** Stops injecting faults (pending replays still arrive). */
  heal(): void;
  /** Starts injecting faults again. */
  sicken(): void;
  /** Answers 500 to requests whose body contains `marker` (null: stops). */
  poison(marker: string | null): void;
  /** Waits for replays in flight, then closes. */
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, seed: number, rates: FaultRates = DEFAULT_RATES, maxDelayMs = 25): Promise<FaultProxy> {
  const random = seededRandom(seed);
  const targetUrl = new URL(target);
  let faulty = true;
  let poisonMarker: string | null = null;
  const inFlight = new Set<Promise<unknown>>();
  const stats = Object.fromEntries(['pass', 'poisoned', ...Object.keys(rates)].map((k) => [k, 0])) as Record<FaultKind, number>;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  };

  function forward(method: string, path: string, headers: http.IncomingHttpHeaders, body: Buffer): Promise<Upstream> {
    return track(
      new Promise<Upstream>((resolve, reject) => {
        const { host: _host, connection: _connection, ...rest } = headers;
        const req = http.request(
          { host: targetUrl.hostname, port: targetUrl.port, method, path, agent, headers: { ...rest, 'content-length': String(body.length) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    );
  }

  function pick(): FaultKind {
    let r = random();
    for (const [kind, rate] of Object.entries(rates) as [keyof FaultRates, number][]) {
      if (r < rate) return kind;
      r -= rate;
    }
    return 'pass';
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  function reply(res: http.ServerResponse, upstream: Upstream): void {
    const { 'transfer-encoding': _te, connection: _c, 'content-length': _cl, ...headers } = upstream.headers;
    res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
    res.end(upstream.body);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const kind: FaultKind = poisonMarker !== null && body.includes(poisonMarker) ? 'poisoned' : faulty ? pick() : 'pass';
    stats[kind] += 1;
    switch (kind) {
      case 'poisoned':
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'server.error', message: 'internal error' }));
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'unavailable':
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'proxy.unavailable' }));
        return;
      case 'delay':
        await sleep(Math.floor(random() * maxDelayMs));
        reply(res, await forward(method, path, req.headers, body));
        return;
      case 'resetAfter':
        await forward(method, path, req.headers, body).catch(() => undefined);
        req.socket.destroy();
        return;
      case 'badGatewayAfter':
        await forward(method, path, req.headers, body).catch(() => undefined);
        res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
        return;
      case 'duplicate': {
        const [first] = await Promise.allSettled([forward(method, path, req.headers, body), forward(method, path, req.headers, body)]);
        if (first.status === 'fulfilled') reply(res, first.value);
        else req.socket.destroy();
        return;
      }
      case 'replayLater': {
        const later = Math.floor(5 + random() * maxDelayMs * 2);
        track(sleep(later).then(() => forward(method, path, req.headers, body).catch(() => undefined)));
        reply(res, await forward(method, path, req.headers, body));
        return;
      }
      case 'truncate': {
        const upstream = await forward(method, path, req.headers, body);
        const cut = upstream.body.subarray(0, Math.floor(upstream.body.length / 2));
        res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': String(cut.length) });
        res.end(cut);
        return;
      }
      case 'pass':
        reply(res, await forward(method, path, req.headers, body));
        return;
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else req.socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    stats,
    heal: () => {
      faulty = false;
    },
    sicken: () => {
      faulty = true;
    },
    poison: (marker) => {
      poisonMarker = marker;
    },
    async close() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
