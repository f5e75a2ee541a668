import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import type { PluginOption } from 'vite';
import vue from '@vitejs/plugin-vue';
import electron from 'vite-plugin-electron/simple';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicy, webApiOrigin, webCspPlugin } from './electron/csp.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};
// Runtime dependencies stay in node_modules for the main process (electron-builder ships them);
// bundling PGlite's WASM or Fastify's plugin loading into one file gains nothing.
const mainExternals = Object.keys(pkg.dependencies ?? {});

/**
 * Targets:
 *  - `vite build`          renderer + Electron main + CommonJS preload (what electron-builder packs)
 *  - `vite build` (DESK_TARGET=web)  renderer only (what `npm run web` serves)
 *  - `vite` (DESK_TARGET=electron)  dev server that also builds and starts Electron
 *  - `vite` (default)      renderer only, served module by module (development, no service worker)
 *
 * The renderer build always carries the service worker of the browser version (vite-plugin-pwa,
 * Workbox `generateSW`): it precaches the app shell and every route's chunks so the browser version
 * starts and signs in offline. The desktop app serves the same files from `app://` and never
 * registers it (see renderer/src/pwa/serviceWorker.ts).
 *
 * Content-Security-Policy (electron/csp.ts): the desktop build gets it as a header from its
 * `app://` handler; the browser build and the dev server get it as a `<meta>` tag written here,
 * and `vite preview` (what `npm run web` serves) sends it as a header too. Its connect-src is the
 * page's own origin (the API is proxied at `/api`) plus DESK_WEB_API_ORIGIN when set.
 */
export default defineConfig(({ command }) => {
  const withElectron = (command === 'build' && process.env.DESK_TARGET !== 'web') || process.env.DESK_TARGET === 'electron';
  const apiOrigin = webApiOrigin(process.env);
  const plugins: PluginOption[] = [vue()];
  if (command === 'serve' || !withElectron) plugins.push(webCspPlugin(apiOrigin));
  if (!process.env.VITEST) {
    plugins.push(
      VitePWA({
        strategies: 'generateSW',
        // A new version waits for the page's consent (the update prompt), so a worker never swaps
        // the chunks of a page that is being worked in.
        registerType: 'prompt',
        // Registered by the app itself, only in a browser (not under Electron's app://).
        injectRegister: false,
        // Offline start-up only; the desk is not meant to be installed as a web app.
        manifest: false,
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,ico,woff,woff2,wasm}'],
          // Every route's chunk is precached: a page never opened online still opens offline. The
          // default 2 MiB limit would silently leave a larger chunk out.
          maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
          // Hash routing: every navigation is the shell; the central API is never answered from the cache.
          navigateFallback: 'index.html',
          navigateFallbackDenylist: [/^\/api(\/|$)/],
          cleanupOutdatedCaches: true,
          // The first installation takes over the open page at once (no update is waiting then).
          clientsClaim: true,
        },
      }),
    );
  }
  if (withElectron && !process.env.VITEST) {
    plugins.push(
      electron({
        main: {
          // main.js, and the central API the packaged app runs in a utility process.
          entry: {
            main: fileURLToPath(new URL('./electron/main.ts', import.meta.url)),
            'embedded-server': fileURLToPath(new URL('./server/embedded.ts', import.meta.url)),
          },
          // Start Electron ourselves: the plugin's default argv adds --no-sandbox.
          onstart: ({ startup }) => void startup(['.']),
          vite: {
            build: {
              outDir: fileURLToPath(new URL('./dist-electron', import.meta.url)),
              rolldownOptions: { external: mainExternals },
            },
          },
        },
        preload: {
          input: fileURLToPath(new URL('./electron/preload.ts', import.meta.url)),
          vite: {
            build: {
              outDir: fileURLToPath(new URL('./dist-electron', import.meta.url)),
              // Sandboxed preloads must be CommonJS; the .cjs extension keeps Node from reading it as ESM.
              rolldownOptions: { output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
            },
          },
        },
      }),
    );
  }
  return {
    root: fileURLToPath(new URL('./renderer', import.meta.url)),
    base: './',
    plugins,
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    // The UI library is one large chunk; the app loads it from disk or loopback, so size warnings start at 1.5 MB.
    // DESK_RENDERER_OUT builds (and previews) the renderer elsewhere, so two builds on one checkout
    // (say, end-to-end tests of two branches) do not overwrite each other's files.
    build: { outDir: process.env.DESK_RENDERER_OUT ?? fileURLToPath(new URL('./dist/renderer', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
    server: {
      port: Number(process.env.WEB_PORT ?? 5173),
      strictPort: false,
      // The renderer reaches the central API at /api on its own origin (set by npm run web / npm start).
      proxy: process.env.DESK_API_URL ? { '/api': { target: process.env.DESK_API_URL, rewrite: (path) => path.replace(/^\/api/, '') } } : undefined,
    },
    // The built app as the browser version is served: the policy as a header as well (it can
    // carry frame-ancestors, which a <meta> tag cannot).
    preview: { headers: { 'content-security-policy': contentSecurityPolicy(apiOrigin) } },
    test: {
      root,
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            environment: 'node',
            include: ['test/shared/**/*.test.ts', 'test/server/**/*.test.ts', 'test/electron/**/*.test.ts', 'test/tools/**/*.test.ts', 'test/integration/**/*.test.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'renderer',
            environment: 'happy-dom',
            include: ['test/renderer/**/*.test.ts'],
            setupFiles: ['test/renderer/setup.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['test/e2e/**/*.test.ts'],
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
