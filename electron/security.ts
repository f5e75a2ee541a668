/**
 * Window hardening from the Electron security checklist. Every function takes the Electron
 * objects it needs as parameters so it is unit-tested in Node without the Electron binary.
 */
import type { Event as ElectronEvent, HandlerDetails, WebPreferences } from 'electron';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './origin';

export { APP_HOST, APP_ORIGIN, APP_SCHEME };
// The policy the `app://` handler sends (one source with the browser version's, see csp.ts).
export { contentSecurityPolicy } from './csp';

/**
 * Hosts whose https pages may open in the system browser (help pages); the configured central
 * API's and update feed's hosts are added at run time. Anything else is dropped silently.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['aftersalesdesk.com', 'www.aftersalesdesk.com', 'help.aftersalesdesk.com'];

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

/** True for the app's own pages: the custom scheme, or the dev server while developing. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  if (devServerUrl) {
    try {
      return parsed.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Only plain https links without credentials, to a host on the allowlist, may leave the app for
 * the system browser.
 */
export function isVettedExternalUrl(url: string, allowedHosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.port === '' &&
      allowedHosts.some((host) => host.toLowerCase() === parsed.hostname.toLowerCase())
    );
  } catch {
    return false;
  }
}

export interface HardenDeps {
  contents: {
    setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: ElectronEvent, url: string) => void): unknown;
  };
  openExternal(url: string): unknown;
  devServerUrl?: string;
  /** The external-link allowlist, read at each link (it follows the settings). */
  externalHosts?: () => readonly string[];
}

/** Deny every new window (vetted https links go to the system browser) and block navigation away. */
export function hardenWebContents({ contents, openExternal, devServerUrl, externalHosts }: HardenDeps): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isVettedExternalUrl(url, externalHosts?.() ?? EXTERNAL_HOSTS)) void openExternal(url);
    return { action: 'deny' };
  });
  const guard = (event: ElectronEvent, url: string): void => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}

/** Details Electron passes to the permission handlers (the parts read here). */
export interface PermissionDetails {
  requestingUrl?: string;
  /** Request handler, `media`: what the page asked for. */
  mediaTypes?: ReadonlyArray<'video' | 'audio'>;
  /** Check handler, `media`: the one kind being checked. */
  mediaType?: 'video' | 'audio' | 'unknown';
}

export interface PermissionSession {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean) | null): void;
}

/**
 * The camera for inspection photos, to the app's own pages, and nothing else: `media` only when
 * every requested kind is video (a request for the microphone, alone or with the camera, is
 * refused), never another permission, never another origin.
 */
function isPermissionGranted(permission: string, requestingUrl: string | undefined, mediaTypes: readonly string[] | undefined, devServerUrl?: string): boolean {
  if (permission !== 'media') return false;
  if (requestingUrl === undefined || !isAppUrl(requestingUrl, devServerUrl)) return false;
  return mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}

export function installPermissionHandlers(session: PermissionSession, devServerUrl?: string): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, details.mediaTypes, devServerUrl));
  });
  session.setPermissionCheckHandler((_wc, permission, origin, details) =>
    isPermissionGranted(permission, details?.requestingUrl ?? origin, details?.mediaType ? [details.mediaType] : undefined, devServerUrl),
  );
}

/** `app.on('web-contents-created')`: the app object, or a fake in tests. */
export interface WebContentsCreatedSource {
  on(event: 'web-contents-created', listener: (event: unknown, contents: HardenDeps['contents'] & WebViewGuardable) => void): unknown;
}

export interface WebViewGuardable {
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): unknown;
}

/**
 * Hardens every web contents the app ever creates (the main window, a devtools-less popup that
 * slipped through, a webview): no new windows, no navigation away, no `<webview>` attached.
 */
export function hardenAllWebContents(app: WebContentsCreatedSource, deps: Omit<HardenDeps, 'contents'>): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents({ ...deps, contents });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
