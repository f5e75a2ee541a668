/**
 * A fixed loopback origin in front of a server on a random port. IndexedDB belongs to an origin
 * (scheme, host and port), so a browser profile seeded by one benchmark run is found by a later
 * run only when the app is served from the same origin again: this forwards every request from
 * `http://127.0.0.1:<port>` to the server, unchanged.
 */
import { createServer, request, type Server } from 'node:http';

export interface FixedOrigin {
  origin: string;
  /** The same URL on the fixed origin. */
  rewrite(url: string): string;
  close(): Promise<void>;
}

export async function fixedOrigin(target: string, port: number): Promise<FixedOrigin> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const upstream = request({ hostname: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    rewrite(url) {
      const u = new URL(url);
      return new URL(`${u.pathname}${u.search}${u.hash}`, origin).toString();
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
