/**
 * The Content-Security-Policy of both builds, from one source:
 *  - the desktop app sends it as a header from its `app://` handler, built at each request from
 *    the settings (the configured central API's origin);
 *  - the browser version (`DESK_TARGET=web`) carries it as a `<meta>` tag written at build time
 *    (see `webCspPlugin`), and `vite preview` / `npm run web` also send it as a header.
 * Network requests go to the page's own origin (the renderer reaches the API at `/api` there) and,
 * when configured, one API origin: never a whole scheme (`https:`), a wildcard host or port.
 *
 * Pure (no Electron, no Vite at run time) so the main process, the Vite config and the tests share it.
 */
import type { Plugin } from 'vite';

/** A header can carry every directive; a `<meta>` tag ignores `frame-ancestors` (and Chromium logs an error for it). */
export type CspDelivery = 'header' | 'meta';

export function contentSecurityPolicy(apiOrigin?: string | null, delivery: CspDelivery = 'header'): string {
  const connect = ["'self'"];
  if (apiOrigin) connect.push(new URL(apiOrigin).origin);
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    // Naive UI injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    // The browser version's service worker (offline start-up) is a script of the app's own.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (delivery === 'header') directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/** Why an API address cannot go into the policy (a clear message for the build's log). */
export class CspConfigError extends Error {
  readonly code = 'csp.invalid_api_origin';
}

/**
 * The central API origin the browser version may reach besides its own (`DESK_WEB_API_ORIGIN`),
 * or null (the default: the API is served at `/api` on the page's origin, as `npm run web` and a
 * reverse proxy do). One http(s) origin with an explicit host; no wildcards.
 */
export function webApiOrigin(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env.DESK_WEB_API_ORIGIN?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CspConfigError(`DESK_WEB_API_ORIGIN must be an http(s) address such as https://desk-api.example.com, not "${raw}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '' || raw.includes('*')) {
    throw new CspConfigError(`DESK_WEB_API_ORIGIN must be one http(s) origin without wildcards, not "${raw}"`);
  }
  return url.origin;
}

/** The `<meta>` form of the policy (attribute-escaped). */
export function cspMetaTag(apiOrigin: string | null): string {
  const content = contentSecurityPolicy(apiOrigin, 'meta').replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return `<meta http-equiv="Content-Security-Policy" content="${content}" />`;
}

/**
 * Writes the policy into index.html right after its charset declaration (which must stay within
 * the first 1024 bytes), before any script or style is read. The desktop build leaves it out: its
 * `app://` handler sends the header, whose connect-src follows the settings at run time (a fixed
 * tag would intersect with it).
 */
export function webCspPlugin(apiOrigin: string | null): Plugin {
  return {
    name: 'desk-web-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const charset = /<meta\s+charset=[^>]*>/i.exec(html);
        if (!charset) throw new CspConfigError('index.html needs a <meta charset> for the Content-Security-Policy to follow');
        const end = charset.index + charset[0].length;
        return `${html.slice(0, end)}\n    ${cspMetaTag(apiOrigin)}${html.slice(end)}`;
      },
    },
  };
}
