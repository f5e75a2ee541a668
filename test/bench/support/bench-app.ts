/**
 * The real renderer built with the project's Vite config (renderer only, as for `npm run web`)
 * and a benchmark's own page modules (a seeding page, a driver) built into a folder beside it, all
 * served by `vite preview` on one loopback origin, so the benchmark's modules and the app share
 * the app's IndexedDB. The modules run on a blank page of that folder (`page.html`), or are added
 * to the running app.
 *
 * No central API runs: `/api` answers 404 (`appType: 'mpa'`, no SPA fallback), so the app's sync
 * engine stays offline, as at a desk whose network is down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, loadConfigFromFile, preview, type PluginOption, type PreviewServer, type UserConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const browserDir = fileURLToPath(new URL('../browser/', import.meta.url));

/** The blank page the benchmark's modules run on before the app opens (a status line for progress). */
const BLANK_PAGE = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8" /><title>After-sales Desk benchmark</title></head><body><p id="status">loading</p></body></html>\n';

export interface BenchAppServer {
  /** The app's page (append `#/<route>`). */
  appUrl: string;
  /** The blank page, same origin. */
  pageUrl: string;
  /** A built module (by its name in `modules`), same origin; load it with `addScriptTag({ type: 'module' })`. */
  moduleUrl(name: string): string;
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

/**
 * Builds the app and the benchmark's modules (`modules`: name → file in test/bench/browser) into
 * a temporary folder and serves it on loopback; `folder` names the benchmark's part of it.
 */
export async function serveBenchApp(folder: string, modules: Record<string, string>, options: { minify?: boolean } = {}): Promise<BenchAppServer> {
  const outDir = mkdtempSync(join(tmpdir(), `${folder}-`));
  let server: PreviewServer | undefined;
  try {
    const app = await rendererConfig();
    const minify = options.minify ?? true;
    await build({ ...app, configFile: false, mode: 'production', logLevel: 'warn', build: { ...app.build, outDir, emptyOutDir: true, minify } });
    await build({
      configFile: false,
      root: browserDir,
      base: './',
      logLevel: 'warn',
      build: {
        outDir: join(outDir, folder),
        emptyOutDir: true,
        minify,
        chunkSizeWarningLimit: 4000,
        rolldownOptions: {
          input: Object.fromEntries(Object.entries(modules).map(([name, file]) => [name, join(browserDir, file)])),
          output: { entryFileNames: 'assets/[name].js' },
        },
      },
    });
    writeFileSync(join(outDir, folder, 'page.html'), BLANK_PAGE);
    server = await preview({ configFile: false, root: browserDir, appType: 'mpa', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  } catch (error) {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error(`the ${folder} server has no URL`);
  const running = server;
  return {
    appUrl: new URL('index.html', base).toString(),
    pageUrl: new URL(`${folder}/page.html`, base).toString(),
    moduleUrl: (name) => new URL(`${folder}/assets/${name}.js`, base).toString(),
    async close() {
      await running.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
