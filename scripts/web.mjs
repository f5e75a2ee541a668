#!/usr/bin/env node
/**
 * `npm run web`: the app in a browser, for machines without Electron — the central API with demo
 * data (embedded PGlite in ./data; DATABASE_URL for PostgreSQL) beside the renderer. The renderer
 * reaches the API at /api on its own origin (a Vite proxy), as the desktop app does via app://.
 */
import { createServer } from 'vite';
import { fileURLToPath } from 'node:url';
import { startDevApi } from './dev-api.mjs';

console.log('After-sales Desk: starting the central API (the first start creates the demo data)…');
const api = await startDevApi({ orderCreation: true });
process.env.DESK_API_URL = api.url;

const server = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  server: {
    host: process.env.WEB_HOST ?? '127.0.0.1',
  },
});
await server.listen();
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;

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
