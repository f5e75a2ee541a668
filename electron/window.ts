import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN, hardenWebContents, secureWebPreferences } from './security';

export interface WindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  openExternal(url: string): unknown;
  preloadPath: string;
  /** Set while developing with the Vite dev server. */
  devServerUrl?: string;
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '售后工作台 · After-sales Desk',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** Creates the one main window, hardened, and loads the renderer. */
export function createMainWindow(deps: WindowDeps): BrowserWindowType {
  const win = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath));
  hardenWebContents({ contents: win.webContents, openExternal: deps.openExternal, devServerUrl: deps.devServerUrl });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(deps.devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}
