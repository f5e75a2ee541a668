/**
 * The app in Chromium on a store seeded with many cases, as the benchmarks that measure the app's
 * screens against a full store need it: the app and the benchmark's page modules built and served
 * (`bench-app.ts`), a browser profile on disk whose IndexedDB a seeding module filled before the
 * app first opened it, and Chromium started again on that profile with the app's origin ready.
 *
 * The profile is on disk, as the desk's own: `browser.newContext()` contexts are off the record,
 * with IndexedDB in memory and a quota tied to RAM (a million cases do not fit). Seeding a large
 * store takes minutes, so seeded profiles are kept in node_modules/.cache/<name>-bench, keyed by
 * the built seeding module (schema, domain, generators), the browser and the options, and the
 * pages are served on a fixed loopback port so a later run finds the same IndexedDB (it belongs
 * to an origin: scheme, host and port). `<NAME>_BENCH_CACHE=0` always seeds (on a random port);
 * `<NAME>_BENCH_PORT` moves the fixed port.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/support/browser';
import type { BenchFigure } from '../types';
import { serveBenchApp, type BenchAppServer } from './bench-app';
import { positiveInt } from './env';
import { fixedOrigin, type FixedOrigin } from './fixed-origin';

/** Seeded profiles kept besides the one in use. */
const CACHE_KEEP = 1;
/** Bumped when what a cached profile holds changes in a way the key does not see. */
const CACHE_FORMAT = 2;

export interface SeededAppOptions<O, R> {
  /** The benchmark's short name: its log prefix, cache folder and environment knobs (`<NAME>_BENCH_*`). */
  name: string;
  /** The seeding module in test/bench/browser; it exposes `globalThis[seedGlobal].seed(options)`. */
  seeder: string;
  seedGlobal: string;
  /** Other modules to build beside it (name → file in test/bench/browser), e.g. a driver added to the app. */
  modules?: Record<string, string>;
  /** What the seeding module is asked to write (part of the cache key). */
  options: O;
  /** The fixed loopback port while profiles are cached (`<NAME>_BENCH_PORT` overrides it). */
  port: number;
  viewport: { width: number; height: number };
  locale?: string;
  minify?: boolean;
  /** One line about what was seeded, for the log. */
  describe(seeded: R): string;
}

export interface SeededApp<R> {
  seeded: R;
  /** The browser on the seeded profile, and its first page (still blank). */
  context: BrowserContext;
  page: Page;
  appUrl: string;
  /** A blank page on the app's origin (for modules that run beside the app). */
  pageUrl: string;
  moduleUrl(name: string): string;
  /** Closes the browser and keeps its profile as the cached one, so a later run starts from what this run's app wrote. */
  keepProfile(): Promise<void>;
  close(): Promise<void>;
}

interface CachedSeed {
  key: string;
  seeded: unknown;
  seededAt: string;
}

/**
 * New service workers are blocked: the app's worker precaches the build it came with and,
 * registered with `prompt`, keeps serving it until someone accepts the update, so a kept profile
 * would go on measuring the build of an earlier run, whatever the code is now. Blocking does not
 * stop a worker a kept profile already holds; `forgetServiceWorkers` removes that one.
 */
function launch(profile: string, o: SeededAppOptions<unknown, never>): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true, viewport: o.viewport, locale: o.locale ?? 'zh-CN', serviceWorkers: 'block' });
}

/**
 * Unregisters the origin's service workers and deletes their caches: a profile kept by an earlier
 * run holds the worker of that run's build (see `launch`).
 */
async function forgetServiceWorkers(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const g = globalThis as unknown as {
      navigator: { serviceWorker?: { getRegistrations(): Promise<Array<{ unregister(): Promise<boolean> }>> } };
      caches?: { keys(): Promise<string[]>; delete(name: string): Promise<boolean> };
    };
    const registrations = (await g.navigator.serviceWorker?.getRegistrations()) ?? [];
    await Promise.all(registrations.map((r) => r.unregister()));
    const names = (await g.caches?.keys()) ?? [];
    await Promise.all(names.map((name) => g.caches?.delete(name)));
  });
}

/** Copies a closed profile (without the browser's lock files). */
function copyProfile(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (src) => !basename(src).startsWith('Singleton') });
}

/** What a seeded profile depends on: the built seeding module, the browser, the origin and the options. */
async function cacheKey(page: Page, seederUrl: string, options: unknown): Promise<string> {
  const browser = await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent);
  const hash = createHash('sha256').update(JSON.stringify({ format: CACHE_FORMAT, options, browser, origin: new URL(seederUrl).origin }));
  // The entry names its chunks by their content hash, so it covers everything it imports.
  const response = await fetch(seederUrl);
  if (!response.ok) throw new Error(`${seederUrl}: HTTP ${response.status}`);
  hash.update(await response.text());
  return hash.digest('hex').slice(0, 24);
}

function readCache(root: string, key: string): CachedSeed | null {
  try {
    const cached = JSON.parse(readFileSync(join(root, key, 'seed.json'), 'utf8')) as CachedSeed;
    return cached.key === key && existsSync(join(root, key, 'profile')) ? cached : null;
  } catch {
    return null;
  }
}

/** Keeps a seeded profile under its key, and the most recent of the others. */
function writeCache(root: string, key: string, profile: string, seeded: unknown, seededAt: string): void {
  mkdirSync(root, { recursive: true });
  const partial = join(root, `${key}.partial`);
  copyProfile(profile, join(partial, 'profile'));
  writeFileSync(join(partial, 'seed.json'), JSON.stringify({ key, seeded, seededAt } satisfies CachedSeed));
  rmSync(join(root, key), { recursive: true, force: true });
  renameSync(partial, join(root, key));
  const others = readdirSync(root)
    .filter((name) => name !== key)
    .map((name) => ({ name, at: statSync(join(root, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of others.slice(CACHE_KEEP)) rmSync(join(root, old.name), { recursive: true, force: true });
}

async function seedProfile(page: Page, o: SeededAppOptions<unknown, never>, seederUrl: string, log: (m: string) => void): Promise<unknown> {
  await page.addScriptTag({ url: seederUrl, type: 'module' });
  await page.waitForFunction((name) => (globalThis as unknown as Record<string, unknown>)[name] !== undefined, o.seedGlobal);
  // Progress once a minute (the page yields between transactions).
  const progress = setInterval(() => {
    void page
      .evaluate(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('status')?.textContent ?? '')
      .then((status) => log(status))
      .catch(() => undefined);
  }, 60_000);
  return page
    .evaluate(({ name, options }) => (globalThis as unknown as Record<string, { seed(o: unknown): Promise<unknown> }>)[name]!.seed(options), { name: o.seedGlobal, options: o.options })
    .finally(() => clearInterval(progress));
}

export async function openSeededApp<O, R>(o: SeededAppOptions<O, R>): Promise<SeededApp<R>> {
  const NAME = o.name.toUpperCase();
  const cache = process.env[`${NAME}_BENCH_CACHE`] !== '0';
  const port = positiveInt(`${NAME}_BENCH_PORT`, o.port, 1024);
  const root = fileURLToPath(new URL(`../../../node_modules/.cache/${o.name}-bench/`, import.meta.url));
  const log = (message: string): void => console.log(`  [${o.name}] ${message}`);
  const profile = mkdtempSync(join(tmpdir(), `${o.name}-bench-profile-`));
  let server: BenchAppServer | undefined;
  let front: FixedOrigin | undefined;
  let context: BrowserContext | undefined;
  const closeAll = async (): Promise<void> => {
    await context?.close().catch(() => undefined);
    await front?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const built = performance.now();
    server = await serveBenchApp(`${o.name}-bench`, { seed: o.seeder, ...o.modules }, { minify: o.minify });
    log(`app and bench pages built in ${((performance.now() - built) / 1000).toFixed(1)} s`);
    if (cache) {
      front = await fixedOrigin(server.appUrl, port).catch((error: unknown) => {
        throw new Error(`cannot serve the benchmark on port ${port} (${String(error)}): set ${NAME}_BENCH_PORT to a free port, or ${NAME}_BENCH_CACHE=0`);
      });
    }
    const at = (url: string): string => front?.rewrite(url) ?? url;
    const served = server;
    const moduleUrl = (name: string): string => at(served.moduleUrl(name));
    const opts = o as unknown as SeededAppOptions<unknown, never>;

    // The app's store, seeded from a page on its origin before the app first opens it, or a copy
    // of a profile seeded the same way by an earlier run.
    context = await launch(profile, opts);
    const first = context.pages()[0] ?? (await context.newPage());
    await first.goto(at(server.pageUrl));
    const key = cache ? await cacheKey(first, moduleUrl('seed'), o.options) : '';
    const cached = cache ? readCache(root, key) : null;
    let seeded: R;
    let seededAt: string;
    if (cached) {
      await context.close();
      context = undefined;
      const copied = performance.now();
      copyProfile(join(root, key, 'profile'), profile);
      seeded = cached.seeded as R;
      seededAt = cached.seededAt;
      log(`store from the cache (${key}, copied in ${((performance.now() - copied) / 1000).toFixed(1)} s), seeded ${seededAt}: ${o.describe(seeded)}`);
    } else {
      log('seeding…');
      seeded = (await seedProfile(first, opts, moduleUrl('seed'), log)) as R;
      seededAt = new Date().toISOString();
      log(`seeded ${o.describe(seeded)}`);
      await context.close();
      context = undefined;
      if (cache) {
        const kept = performance.now();
        writeCache(root, key, profile, seeded, seededAt);
        log(`seeded profile kept for later runs (${key}, copied in ${((performance.now() - kept) / 1000).toFixed(1)} s)`);
      }
    }
    context = await launch(profile, opts);
    const running = context;
    const page = running.pages()[0] ?? (await running.newPage());
    await page.goto(at(server.pageUrl));
    await forgetServiceWorkers(page);
    return {
      seeded,
      context: running,
      page,
      appUrl: at(server.appUrl),
      pageUrl: at(server.pageUrl),
      moduleUrl,
      async keepProfile() {
        await running.close();
        context = undefined;
        if (cache) writeCache(root, key, profile, seeded, seededAt);
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Measures on the seeded app and closes it whatever happens. Without Chromium (CHROME_PATH,
 * default /usr/bin/chromium) the benchmark is skipped: no figures.
 */
export async function withSeededApp<O, R>(o: SeededAppOptions<O, R>, measure: (app: SeededApp<R>) => Promise<BenchFigure[]>): Promise<BenchFigure[]> {
  if (!existsSync(chromiumPath())) {
    console.warn(`  [${o.name}] skipped: Chromium not found at ${chromiumPath()} (set CHROME_PATH, or install the chromium package)`);
    return [];
  }
  const app = await openSeededApp(o);
  try {
    return await measure(app);
  } finally {
    await app.close();
  }
}
