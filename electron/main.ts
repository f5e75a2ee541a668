/** Thin bootstrap: wires Electron objects into the tested modules beside this file. */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell, utilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ipcChannels } from '../shared/ipc/contract';
import { APP_SCHEME, installPermissionHandlers } from './security';
import { validatedHandle } from './ipc';
import { createAppProtocolHandler } from './protocol';
import { startEmbeddedApi, type EmbeddedApi } from './embedded-api';
import { createMainWindow } from './window';
import { listPrinters, printPage } from './print';

const here = fileURLToPath(new URL(/* @vite-ignore */ '.', import.meta.url));
const devServerUrl = process.env.VITE_DEV_SERVER_URL;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  let embeddedApi: EmbeddedApi | undefined;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(async () => {
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler(join(here, '../dist/renderer'), undefined, {
        base: () => embeddedApi?.url,
        fetch: (url, init) => net.fetch(url, init),
      }),
    );
    // The packaged app runs its own central API (demo / single site); while developing, the Vite
    // dev server proxies /api to the one `npm start` launched.
    if (!devServerUrl) {
      try {
        embeddedApi = await startEmbeddedApi({
          utilityProcess,
          entry: join(here, 'embedded-server.js'),
          dataDir: join(app.getPath('userData'), 'central-api'),
          demo: true,
        });
      } catch (error) {
        dialog.showErrorBox('After-sales Desk', `The built-in central API could not start; the app works offline until it does.\n\n${String(error)}`);
      }
    }
    installPermissionHandlers(session.defaultSession, devServerUrl);
    validatedHandle(
      ipcMain,
      ipcChannels.appVersion,
      () => ({ version: app.getVersion(), electron: process.versions.electron ?? '', platform: process.platform }),
      devServerUrl,
    );
    validatedHandle(ipcMain, ipcChannels.printPage, ([request], event) => printPage(event.sender, request), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.printPrinters, (_args, event) => listPrinters(event.sender), devServerUrl);
    mainWindow = createMainWindow({
      BrowserWindow,
      openExternal: (url) => shell.openExternal(url),
      preloadPath: join(here, 'preload.cjs'),
      devServerUrl,
    });
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => embeddedApi?.stop());
}
