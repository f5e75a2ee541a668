#!/usr/bin/env node
/** `npm run web`: the app in a browser, for machines without Electron. */
import { createServer } from 'vite';
import { fileURLToPath } from 'node:url';

const server = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  server: { host: process.env.WEB_HOST ?? '127.0.0.1' },
});
await server.listen();
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
console.log('');
console.log('  After-sales Desk (售后工作台) — browser version');
console.log(`  Open: ${url}`);
console.log('  Stop: Ctrl+C');
console.log('');
