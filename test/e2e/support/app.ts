/**
 * The whole app for end-to-end tests: the real central API in this process (embedded PGlite in a
 * temporary folder, demo accounts and, by default, demo data), the built renderer served by
 * `vite preview` with `/api` proxied to that API — as `npm run web` does — and one Chromium.
 *
 *   const unavailable = browserUnavailableReason();   // CI=true: throws when Chromium is missing
 *   describe.skipIf(unavailable)('…', () => {
 *     const app = useAppSuite();
 *     it('…', async () => {
 *       const { context, page } = await app.newPage();
 *       await app.signIn(page, 'wh1');
 *       …
 *       await context.close();
 *     });
 *   });
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { DEMO_PASSWORD } from '../../../server/seed/staff';
import { startServer, type StartedServer } from '../../../server/start';
import { browserUnavailableReason, launchChromium, rendererDist, repoRoot } from './browser';

export { browserUnavailableReason, screenshotPath } from './browser';
export { DEMO_PASSWORD };

export interface AppSuiteOptions {
  /**
   * `'demo'` (default): demo accounts and demo data, like `--demo`; `'staff'`: the demo accounts
   * only, like `--demo-staff` (faster; for tests that need no cases).
   */
  data?: 'demo' | 'staff';
  /** Number of demo cases with `data: 'demo'` (default 40, the server's default). */
  scale?: number;
  /** Seconds between deadline sweeps; default 0 (off), so no case changes under a test. */
  sweepIntervalSeconds?: number;
  /** The server's clock (default: the real one). */
  clock?: () => Date;
}

export interface NewPageOptions {
  /** Browser language (default zh-CN). The app's own language follows its saved preference. */
  locale?: string;
  viewport?: { width: number; height: number };
  /**
   * The browser version's service worker (offline start-up). Blocked by default: a worker answers
   * requests itself, and Playwright's request routing (`setApiReachable`) does not see those.
   * `'allow'` for tests of the offline start-up.
   */
  serviceWorkers?: 'allow' | 'block';
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, collected from the start. */
  errors: string[];
}

export interface SignInOptions {
  /** Default: the demo password. */
  password?: string;
  /**
   * `'signed-in'` (default): waits for the shell with the signed-in staff and fails with the
   * screen's message otherwise. `'error'`: waits for the sign-in error and returns its text.
   */
  expect?: 'signed-in' | 'error';
  /** Server address typed into the advanced field (default: leave the app's default). */
  server?: string;
}

export interface AppSuite {
  /** The renderer's address, ending in `/` (append `#/scan` etc.). */
  url(): string;
  /** The central API's own address (no `/api`), for requests from the test itself. */
  apiUrl(): string;
  /** The in-process server: its `db` for checks, `app` for `inject`. */
  server(): StartedServer;
  browser(): Browser;
  /** A fresh browser context (own IndexedDB and web storage) and page, 1360×820 by default. */
  newPage(options?: NewPageOptions): Promise<AppPage>;
  /**
   * Signs `username` in through the sign-in screen (opens `#/sign-in` unless the page already
   * shows it, e.g. after a redirect). Resolves with the error text when `expect: 'error'`.
   */
  signIn(page: Page, username: string, options?: SignInOptions): Promise<string>;
  /** The whole browser context offline or back online (Playwright `context.setOffline`): page loads fail too. */
  setOffline(context: BrowserContext, offline: boolean): Promise<void>;
  /**
   * Only the central API unreachable from this context (its `/api/…` requests fail with a refused
   * connection), while the renderer itself still loads — a workstation whose server is down.
   */
  setApiReachable(context: BrowserContext, reachable: boolean): Promise<void>;
}

function isApiRequest(appUrl: string): (url: URL) => boolean {
  const origin = new URL(appUrl).origin;
  return (url) => url.origin === origin && (url.pathname === '/api' || url.pathname.startsWith('/api/'));
}

/**
 * Registers the hooks of a whole-app suite (API + renderer + Chromium) and returns accessors
 * valid inside its tests. Call it inside `describe`, after checking `browserUnavailableReason()`.
 */
export function useAppSuite(options: AppSuiteOptions = {}): AppSuite {
  let dataDir: string | undefined;
  let api: StartedServer | undefined;
  let web: PreviewServer | undefined;
  let webUrl: string | undefined;
  let browser: Browser | undefined;
  const blocked = new WeakMap<BrowserContext, { matcher: (url: URL) => boolean; handler: (route: Route) => Promise<void> }>();

  beforeAll(async () => {
    const reason = browserUnavailableReason();
    if (reason) throw new Error(`useAppSuite needs Chromium: ${reason}`);
    if (!existsSync(join(rendererDist(), 'index.html'))) {
      throw new Error('dist/renderer is missing: run `npm run build` before the end-to-end tests (npm test does).');
    }
    dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
    api = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dataDir, 'pglite'),
      logLevel: 'warn',
      logStream: process.stderr,
      demoStaff: true,
      demo: (options.data ?? 'demo') === 'demo',
      scale: options.scale,
      sweepIntervalSeconds: options.sweepIntervalSeconds ?? 0,
      clock: options.clock,
    });
    const target = api.url;
    web = await preview({
      configFile: join(repoRoot, 'vite.config.ts'),
      logLevel: 'warn',
      preview: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        open: false,
        proxy: { '/api': { target, rewrite: (path) => path.replace(/^\/api/, '') } },
      },
    });
    webUrl = web.resolvedUrls?.local[0];
    if (!webUrl) throw new Error('preview server has no URL');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await api?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it inside a test`);
    return value;
  };
  const url = (): string => ready(webUrl, 'the renderer server');

  async function newPage(pageOptions: NewPageOptions = {}): Promise<AppPage> {
    const context = await ready(browser, 'Chromium').newContext({
      viewport: pageOptions.viewport ?? { width: 1360, height: 820 },
      locale: pageOptions.locale ?? 'zh-CN',
      serviceWorkers: pageOptions.serviceWorkers ?? 'block',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    return { context, page, errors };
  }

  async function signIn(page: Page, username: string, signInOptions: SignInOptions = {}): Promise<string> {
    const view = page.getByTestId('sign-in-view');
    if (!page.url().startsWith(url()) || !(await view.isVisible())) {
      await page.goto(`${url()}#/sign-in`);
    }
    await view.waitFor();
    if (signInOptions.server !== undefined) {
      const server = page.getByTestId('sign-in-server').locator('input');
      if (!(await server.isVisible())) await page.getByTestId('sign-in-advanced').locator('.n-collapse-item__header-main').click();
      await server.fill(signInOptions.server);
    }
    await page.getByTestId('sign-in-username').locator('input').fill(username);
    const password = page.getByTestId('sign-in-password').locator('input');
    await password.fill(signInOptions.password ?? DEMO_PASSWORD);
    await password.press('Enter');
    const signedIn = page.getByTestId('header-staff');
    const failed = page.getByTestId('sign-in-error');
    await signedIn.or(failed).first().waitFor();
    const message = (await failed.isVisible()) ? await failed.innerText() : '';
    if ((signInOptions.expect ?? 'signed-in') === 'error') {
      if (!message) throw new Error(`sign-in of ${username} was expected to fail, but it succeeded`);
      return message;
    }
    if (message) throw new Error(`sign-in of ${username} failed: ${message}`);
    return '';
  }

  async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
    await context.setOffline(offline);
  }

  async function setApiReachable(context: BrowserContext, reachable: boolean): Promise<void> {
    const existing = blocked.get(context);
    if (reachable) {
      if (existing) await context.unroute(existing.matcher, existing.handler);
      blocked.delete(context);
      return;
    }
    if (existing) return;
    const block = { matcher: isApiRequest(url()), handler: (route: Route): Promise<void> => route.abort('connectionrefused') };
    blocked.set(context, block);
    await context.route(block.matcher, block.handler);
  }

  return {
    url,
    apiUrl: () => ready(api, 'the central API').url,
    server: () => ready(api, 'the central API'),
    browser: () => ready(browser, 'Chromium'),
    newPage,
    signIn,
    setOffline,
    setApiReachable,
  };
}
