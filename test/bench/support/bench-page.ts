/**
 * Node-side pieces of the benchmarks that run a page of `browser/`: building and serving it, and
 * calling the object the page's module puts on `globalThis`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

const browserDir = fileURLToPath(new URL('../browser/', import.meta.url));

export interface BenchPageServer {
  /** The bench page's address. */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds `browser/<html>` (+ its module, which imports the real renderer code) into a temporary
 * folder and serves it on loopback; with `apiUrl`, `/api` is proxied to that central API.
 * `minify: false` keeps function names for CPU profiles.
 */
export async function serveBenchPage(html: string, options: { apiUrl?: string; minify?: boolean } = {}): Promise<BenchPageServer> {
  const outDir = mkdtempSync(join(tmpdir(), `${html.replace(/\.html$/, '')}-page-`));
  const shared = { configFile: false as const, root: browserDir, base: './', logLevel: 'warn' as const };
  const { apiUrl } = options;
  let server: PreviewServer;
  try {
    await build({
      ...shared,
      build: { outDir, emptyOutDir: true, minify: options.minify ?? true, chunkSizeWarningLimit: 4000, rolldownOptions: { input: join(browserDir, html) } },
    });
    server = await preview({
      ...shared,
      build: { outDir },
      preview: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        open: false,
        ...(apiUrl === undefined ? {} : { proxy: { '/api': { target: apiUrl, rewrite: (path: string) => path.replace(/^\/api/, '') } } }),
      },
    });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the bench page server has no URL');
  return {
    url: new URL(html, base).toString(),
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

type Method<T, M extends keyof T> = T[M] extends (...args: infer A) => infer R ? { args: A; result: Awaited<R> } : never;

/** Calls a method of the page's `globalThis[name]` with plain-data arguments (each call crosses `page.evaluate`). */
export function pageCaller<T>(page: Page, name: string) {
  return <M extends keyof T & string>(method: M, ...args: Method<T, M>['args']): Promise<Method<T, M>['result']> =>
    page.evaluate(
      ([target, called, params]) => {
        const fn = (globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>> | undefined>)[target]?.[called];
        if (!fn) throw new Error(`${target}.${called} is missing`);
        return fn(...params);
      },
      [name, method, args as unknown[]] as const,
    ) as Promise<Method<T, M>['result']>;
}
