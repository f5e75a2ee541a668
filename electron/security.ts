/**
 * Window hardening from the Electron security checklist. Every function takes the Electron
 * objects it needs as parameters so it is unit-tested in Node without the Electron binary.
 */
import type { Event as ElectronEvent, HandlerDetails, WebPreferences } from 'electron';

/** The custom scheme the packaged renderer is served from (no file:// privileges). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Permissions the renderer may get: the camera for inspection photos, nothing else. */
const GRANTED_PERMISSIONS = new Set(['media']);

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

/** Only plain https links without credentials may leave the app for the system browser. */
export function isVettedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.hostname.includes('.');
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
}

/** Deny every new window (vetted https links go to the system browser) and block navigation away. */
export function hardenWebContents({ contents, openExternal, devServerUrl }: HardenDeps): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isVettedExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
  const guard = (event: ElectronEvent, url: string): void => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}

export interface PermissionSession {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin: string) => boolean) | null): void;
}

export function isPermissionGranted(permission: string, requestingUrl: string | undefined, devServerUrl?: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl, devServerUrl);
}

export function installPermissionHandlers(session: PermissionSession, devServerUrl?: string): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, devServerUrl));
  });
  session.setPermissionCheckHandler((_wc, permission, origin) => isPermissionGranted(permission, origin, devServerUrl));
}
