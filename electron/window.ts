import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN, hardenWebContents, secureWebPreferences } from './security';
import { placeWindow, type SavedWindow, type ScreenLike, type WindowStateStore } from './window-state';

export interface WindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  openExternal(url: string): unknown;
  preloadPath: string;
  /** Set while developing with the Vite dev server. */
  devServerUrl?: string;
  /** External-link allowlist (security.ts EXTERNAL_HOSTS plus the configured hosts). */
  externalHosts?: () => readonly string[];
  /** Remembered size and position per display arrangement. */
  windowState?: { store: WindowStateStore; screen: ScreenLike };
  /** The app's icon (Linux/Windows window icon). */
  icon?: string;
}

const WINDOW_DEFAULTS = { width: 1360, height: 860, minWidth: 1024, minHeight: 640 } as const;

export function mainWindowOptions(preloadPath: string, bounds?: Partial<SavedWindow['bounds']>, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: WINDOW_DEFAULTS.width,
    height: WINDOW_DEFAULTS.height,
    ...bounds,
    minWidth: WINDOW_DEFAULTS.minWidth,
    minHeight: WINDOW_DEFAULTS.minHeight,
    show: false,
    title: '售后工作台 · After-sales Desk',
    backgroundColor: '#ffffff',
    ...(icon ? { icon } : {}),
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** Creates the one main window, hardened, at its remembered place, and loads the renderer. */
export function createMainWindow(deps: WindowDeps): BrowserWindowType {
  const placed = deps.windowState ? placeWindow(deps.windowState.store.forCurrent(deps.windowState.screen), deps.windowState.screen, WINDOW_DEFAULTS) : undefined;
  const win = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath, placed?.bounds, deps.icon));
  hardenWebContents({ contents: win.webContents, openExternal: deps.openExternal, devServerUrl: deps.devServerUrl, externalHosts: deps.externalHosts });
  win.once('ready-to-show', () => {
    if (placed?.maximized) win.maximize();
    win.show();
  });
  if (deps.windowState) {
    const { store, screen } = deps.windowState;
    // Saved on close (normal bounds even when maximized, so un-maximizing restores them).
    win.on('close', () => {
      void store.save(screen, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }).catch(() => undefined);
    });
  }
  void win.loadURL(deps.devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}
