/**
 * Node-side pieces of the scan benchmark: the real renderer built with the project's Vite config
 * (renderer only, as for `npm run web`), the benchmark's seeding page and driver script built into
 * a `scan-bench/` folder beside it, all served by `vite preview` on one loopback origin (so the
 * seeding page and the app share the app's IndexedDB).
 *
 * No central API runs: `/api` answers 404 (`appType: 'mpa'`, no SPA fallback), so the app's sync
 * engine stays offline, as at a desk whose network is down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, loadConfigFromFile, preview, type PluginOption, type PreviewServer, type UserConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const browserDir = fileURLToPath(new URL('../browser/', import.meta.url));
/** Folder of the benchmark's own pages inside the served tree. */
const BENCH_FOLDER = 'scan-bench';

export interface ScanBenchServer {
  /** The app's page (append `#/scan`). */
  appUrl: string;
  /** The seeding page, same origin. */
  seedUrl: string;
  /** The driver script, same origin (a module). */
  driverUrl: string;
  close(): Promise<void>;
}

function electronFree(plugins: PluginOption[] | undefined): PluginOption[] {
  return (plugins ?? []).flat(Infinity as 1).filter((p) => {
    const name = p && typeof p === 'object' && 'name' in p ? String(p.name) : '';
    return !name.startsWith('vite-plugin-electron');
  }) as PluginOption[];
}

/** The project's renderer config (`vite.config.ts` as `vite` serves it: no Electron targets). */
export async function rendererConfig(): Promise<UserConfig> {
  const loaded = await loadConfigFromFile({ command: 'serve', mode: 'production', isSsrBuild: false, isPreview: false }, join(repoRoot, 'vite.config.ts'), repoRoot, 'warn');
  if (!loaded) throw new Error('vite.config.ts not found');
  const { test: _test, server: _server, ...config } = loaded.config as UserConfig & { test?: unknown };
  return { ...config, plugins: electronFree(config.plugins) };
}

/** Builds the app and the benchmark pages into a temporary folder and serves it on loopback. */
export async function serveScanBench(options: { minify?: boolean } = {}): Promise<ScanBenchServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'scan-bench-'));
  let server: PreviewServer | undefined;
  try {
    const app = await rendererConfig();
    await build({
      ...app,
      configFile: false,
      mode: 'production',
      logLevel: 'warn',
      build: { ...app.build, outDir, emptyOutDir: true, minify: options.minify ?? true },
    });
    await build({
      configFile: false,
      root: browserDir,
      base: './',
      logLevel: 'warn',
      build: {
        outDir: join(outDir, BENCH_FOLDER),
        emptyOutDir: true,
        minify: options.minify ?? true,
        chunkSizeWarningLimit: 4000,
        rolldownOptions: {
          input: { seed: join(browserDir, 'scan-seed.html'), driver: join(browserDir, 'scan-driver.mts') },
          output: { entryFileNames: 'assets/[name].js' },
        },
      },
    });
    server = await preview({
      configFile: false,
      root: browserDir,
      appType: 'mpa',
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
  } catch (error) {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the scan benchmark server has no URL');
  const running = server;
  return {
    appUrl: new URL('index.html', base).toString(),
    seedUrl: new URL(`${BENCH_FOLDER}/scan-seed.html`, base).toString(),
    driverUrl: new URL(`${BENCH_FOLDER}/assets/driver.js`, base).toString(),
    async close() {
      await running.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
