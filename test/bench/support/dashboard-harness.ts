/**
 * Node-side pieces of the dashboard benchmark, as the scan benchmark's harness does it: the real
 * renderer built with the project's Vite config (renderer only, as `npm run web` serves it) and
 * the benchmark's seeding page built into a `dashboard-bench/` folder beside it, all served by
 * `vite preview` on one loopback origin, so the seeding page and the app share IndexedDB. No
 * central API: `/api` answers 404 and the app's sync engine stays offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { rendererConfig } from './scan-harness';

const browserDir = fileURLToPath(new URL('../browser/', import.meta.url));
const BENCH_FOLDER = 'dashboard-bench';

export interface DashboardBenchServer {
  /** The app's page (append `#/dashboard`). */
  appUrl: string;
  /** The seeding page, same origin. */
  seedUrl: string;
  close(): Promise<void>;
}

/** Builds the app and the seeding page into a temporary folder and serves it on loopback. */
export async function serveDashboardBench(): Promise<DashboardBenchServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'dashboard-bench-'));
  let server: PreviewServer | undefined;
  try {
    const app = await rendererConfig();
    await build({ ...app, configFile: false, mode: 'production', logLevel: 'warn', build: { ...app.build, outDir, emptyOutDir: true } });
    await build({
      configFile: false,
      root: browserDir,
      base: './',
      logLevel: 'warn',
      build: {
        outDir: join(outDir, BENCH_FOLDER),
        emptyOutDir: true,
        chunkSizeWarningLimit: 4000,
        rolldownOptions: { input: { seed: join(browserDir, 'dashboard-seed.html') }, output: { entryFileNames: 'assets/[name].js' } },
      },
    });
    server = await preview({ configFile: false, root: browserDir, appType: 'mpa', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  } catch (error) {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the dashboard benchmark server has no URL');
  const running = server;
  return {
    appUrl: new URL('index.html', base).toString(),
    seedUrl: new URL(`${BENCH_FOLDER}/dashboard-seed.html`, base).toString(),
    async close() {
      await running.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
