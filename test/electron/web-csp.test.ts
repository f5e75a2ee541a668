/**
 * The browser version's Content-Security-Policy, as the Vite config writes it into index.html for
 * each build target: the page's own origin plus, when configured, one API origin — never a whole
 * scheme (`https:`), a wildcard host or a wildcard port. The desktop build carries no tag (its
 * `app://` handler sends the header, checked in checklist.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfigFromFile, type IndexHtmlTransformContext, type Plugin, type PluginOption } from 'vite';
import { contentSecurityPolicy, CspConfigError, webApiOrigin } from '../../electron/csp';

const configFile = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
const indexHtml = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');

/** Every source of every directive that lets the page reach more than named origins. */
function looseSources(policy: string): string[] {
  return policy
    .split(';')
    .flatMap((directive) => directive.trim().split(/\s+/).slice(1))
    .filter((source) => source.includes('*') || /^[a-z][a-z0-9+.-]*:$/i.test(source) && !['data:', 'blob:', 'mediastream:'].includes(source));
}

function directive(policy: string, name: string): string[] | undefined {
  const found = policy.split(';').map((d) => d.trim().split(/\s+/)).find(([key]) => key === name);
  return found?.slice(1);
}

async function flatten(options: PluginOption[] | undefined): Promise<Plugin[]> {
  const out: Plugin[] = [];
  for (const option of options ?? []) {
    const value = await option;
    if (Array.isArray(value)) out.push(...(await flatten(value)));
    else if (value) out.push(value as Plugin);
  }
  return out;
}

/** The CSP `<meta>` tags in a page, their content unescaped. */
function metaPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => (m[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
}

/** index.html as the config's plugins transform it for a build (or the dev server), and the CSP it then carries. */
async function builtPolicy(env: Record<string, string>, command: 'build' | 'serve' = 'build'): Promise<{ html: string; policy: string | null }> {
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const loaded = await loadConfigFromFile({ command, mode: 'production' }, configFile, undefined, 'silent', undefined, 'runner');
  if (!loaded) throw new Error('vite.config.ts did not load');
  let html = indexHtml;
  for (const plugin of await flatten(loaded.config.plugins)) {
    const hook = plugin.transformIndexHtml;
    if (!hook) continue;
    const handler = typeof hook === 'function' ? hook : hook.handler;
    const result = await handler.call({} as never, html, { path: '/index.html', filename: 'index.html' } as IndexHtmlTransformContext);
    if (typeof result === 'string') html = result;
    else if (result && !Array.isArray(result)) html = result.html;
  }
  const policies = metaPolicies(html);
  expect(policies.length, 'at most one CSP tag').toBeLessThanOrEqual(1);
  return { html, policy: policies[0] ?? null };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the browser version’s Content-Security-Policy', () => {
  it('index.html has no hand-written policy: the build writes it for its target', () => {
    expect(indexHtml).not.toMatch(/Content-Security-Policy"?\s+content=/i);
  });

  it('web build: connect-src is the page’s own origin only; no scheme, wildcard host or port anywhere', { timeout: 60_000 }, async () => {
    const { html, policy } = await builtPolicy({ DESK_TARGET: 'web', DESK_WEB_API_ORIGIN: '' });
    if (policy === null) throw new Error('the web build wrote no CSP');
    // Before any script or style, after the charset (which must stay within the first 1024 bytes).
    expect(html.indexOf('<meta charset')).toBeLessThan(html.indexOf('Content-Security-Policy'));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html.indexOf('<meta charset')).toBeLessThan(1024);
    expect(looseSources(policy)).toEqual([]);
    expect(directive(policy, 'connect-src')).toEqual(["'self'"]);
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'default-src')).toEqual(["'none'"]);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    // A <meta> cannot carry frame-ancestors (Chromium logs an error for it); the preview header does.
    expect(directive(policy, 'frame-ancestors')).toBeUndefined();
  });

  it('web build with a configured API origin: that origin (not its path) and nothing wider', { timeout: 60_000 }, async () => {
    const { policy } = await builtPolicy({ DESK_TARGET: 'web', DESK_WEB_API_ORIGIN: 'https://desk-api.example.com:8443/v1' });
    if (policy === null) throw new Error('the web build wrote no CSP');
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'https://desk-api.example.com:8443']);
    expect(looseSources(policy)).toEqual([]);
  });

  it('desktop build: no tag (the app:// handler sends the header); the dev server gets the tag', { timeout: 60_000 }, async () => {
    expect((await builtPolicy({ DESK_TARGET: '', DESK_WEB_API_ORIGIN: '' })).policy).toBeNull();
    const dev = (await builtPolicy({ DESK_TARGET: '', DESK_WEB_API_ORIGIN: '' }, 'serve')).policy;
    expect(dev && directive(dev, 'connect-src')).toEqual(["'self'"]);
  });

  it('the served header: the same policy with frame-ancestors', () => {
    const header = contentSecurityPolicy(null);
    expect(looseSources(header)).toEqual([]);
    expect(directive(header, 'frame-ancestors')).toEqual(["'none'"]);
    expect(header.replace("; frame-ancestors 'none'", '')).toBe(contentSecurityPolicy(null, 'meta'));
  });

  it('the checker itself flags what the old tag allowed', () => {
    expect(looseSources("connect-src 'self' http://127.0.0.1:* https: ws://localhost:*")).toEqual(['http://127.0.0.1:*', 'https:', 'ws://localhost:*']);
  });

  it('a wildcard, a bare scheme or another protocol as API origin is refused with a clear error', () => {
    for (const bad of ['*', 'https:', 'https://*.example.com', 'http://localhost:*', 'ftp://files.example.com', 'desk-api']) {
      expect(() => webApiOrigin({ DESK_WEB_API_ORIGIN: bad }), bad).toThrow(CspConfigError);
    }
    expect(webApiOrigin({})).toBeNull();
    expect(webApiOrigin({ DESK_WEB_API_ORIGIN: ' http://10.0.0.5:8080/api ' })).toBe('http://10.0.0.5:8080');
  });
});
