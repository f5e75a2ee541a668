/**
 * Chromium for end-to-end tests: the system browser through Playwright (no browser download).
 * CHROME_PATH overrides the default /usr/bin/chromium. With CI=true a missing browser fails the run;
 * elsewhere the test reports itself skipped with the reason.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The built renderer the suites serve: `npm run build`'s output, or DESK_RENDERER_OUT when set. */
export function rendererDist(): string {
  return process.env.DESK_RENDERER_OUT ?? join(repoRoot, 'dist', 'renderer');
}
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): string {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

/** Why browser tests cannot run here, or undefined when they can. Throws under CI. */
export function browserUnavailableReason(): string | undefined {
  const path = chromiumPath();
  if (existsSync(path)) return undefined;
  const reason = `Chromium not found at ${path} (set CHROME_PATH, or install the chromium package)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI=true requires the browser tests to run.`);
  console.warn(`[e2e skipped] ${reason}`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** Serves the built renderer (see `rendererDist`) on a free loopback port. */
export async function serveBuiltRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(rendererDist(), 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build` before the end-to-end tests (npm test does).');
  }
  const server: PreviewServer = await preview({
    configFile: join(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('preview server has no URL');
  return { url, close: () => server.close() };
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}

/**
 * Registers the hooks every browser suite shares — the built renderer on a free port and one
 * Chromium — and returns accessors valid inside its tests. Call it inside `describe`.
 */
export function useBrowserSuite(): { browser(): Browser; url(): string } {
  let browser: Browser | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    server = await serveBuiltRenderer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it inside a test`);
    return value;
  };
  return { browser: () => ready(browser, 'Chromium'), url: () => ready(server, 'the renderer server').url };
}
