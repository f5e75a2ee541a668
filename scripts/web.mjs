#!/usr/bin/env node
/**
 * `npm run web`: the app in a browser, for machines without Electron — the central API with demo
 * data (embedded PGlite in ./data; DATABASE_URL for PostgreSQL) beside the renderer. The renderer
 * reaches the API at /api on its own origin (a Vite proxy), as the desktop app does via app://, so
 * its Content-Security-Policy (written by vite.config.ts, also sent as a header by the preview
 * server) lets it connect to its own origin only.
 *
 * The renderer is built and served as built (`vite preview`), with its service worker, so the
 * browser version starts, signs in and opens every page offline once it has been opened online.
 * `npm run web -- --dev` serves the sources module by module instead (hot reload, no offline).
 */
import { build, createServer, preview } from 'vite';
import { fileURLToPath } from 'node:url';
import { startDevApi } from './dev-api.mjs';

console.log('After-sales Desk: starting the central API (the first start creates the demo data)…');
const api = await startDevApi({ orderCreation: true });
process.env.DESK_API_URL = api.url;

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
const host = process.env.WEB_HOST ?? '127.0.0.1';
let server;
if (process.argv.includes('--dev')) {
  server = await createServer({ configFile, server: { host } });
  await server.listen();
} else {
  console.log('After-sales Desk: building the browser version…');
  process.env.DESK_TARGET = 'web';
  await build({ configFile, logLevel: 'warn' });
  // The API proxy of the config (DESK_API_URL) applies to the preview server as well.
  server = await preview({ configFile, preview: { host, port: Number(process.env.WEB_PORT ?? 5173), strictPort: false } });
}
const url = server.resolvedUrls?.local[0] ?? `http://${host}:${process.env.WEB_PORT ?? 5173}/`;

console.log(`
  After-sales Desk (售后工作台) — browser version

  Open:         ${url}
  Central API:  ${api.url}  (also at ${url}api)

  Demo accounts (password demo1234):
    wh1     warehouse, Shanghai returns warehouse (WH-SH)
    wh2     warehouse, Guangzhou (WH-GZ)
    cs1     customer service
    fin1    finance
    admin   supervisor
    buyer1  buyer (storefront API only; POST /store/orders is on in this demo)

  Stop: Ctrl+C
`);

const shutdown = async () => {
  await server.close();
  api.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
