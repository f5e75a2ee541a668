/** Thin bootstrap: wires Electron objects into the tested modules beside this file. */
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ipcChannels } from '../shared/ipc/contract';
import { APP_SCHEME, installPermissionHandlers } from './security';
import { validatedHandle } from './ipc';
import { createAppProtocolHandler } from './protocol';
import { createMainWindow } from './window';

const here = fileURLToPath(new URL(/* @vite-ignore */ '.', import.meta.url));
const devServerUrl = process.env.VITE_DEV_SERVER_URL;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, createAppProtocolHandler(join(here, '../dist/renderer')));
    installPermissionHandlers(session.defaultSession, devServerUrl);
    validatedHandle(
      ipcMain,
      ipcChannels.appVersion,
      () => ({ version: app.getVersion(), electron: process.versions.electron ?? '', platform: process.platform }),
      devServerUrl,
    );
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
}
