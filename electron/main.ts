/** Thin bootstrap: wires Electron objects into the tested modules beside this file. */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, screen, session, shell, utilityProcess } from 'electron';
import electronUpdater from 'electron-updater';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ipcChannels, ipcEvents } from '../shared/ipc/contract';
import { APP_SCHEME, contentSecurityPolicy, EXTERNAL_HOSTS, hardenAllWebContents, installPermissionHandlers } from './security';
import { validatedHandle } from './ipc';
import { createAppProtocolHandler } from './protocol';
import { startEmbeddedApi } from './embedded-api';
import { createMainWindow } from './window';
import { listPrinters, printPage } from './print';
import { loadSettings } from './settings-store';
import { createTokenStore } from './token-store';
import { createDeskController } from './controller';
import { connectOrigin, externalHosts } from './modes';
import { testConnection } from './connection';
import { createMainLogger } from './logging';
import { aboutText, mainMessage, menuLocale, menuTemplate, updateMessage } from './menu';
import { onChildProcessGone, onRenderProcessGone } from './crash';
import { createFlushRequests, installGracefulQuit } from './quit';
import { createUpdater } from './updater';
import { loadWindowState } from './window-state';

const here = fileURLToPath(new URL(/* @vite-ignore */ '.', import.meta.url));
const devServerUrl = process.env.VITE_DEV_SERVER_URL;

// A separate profile (settings, keychain file, data) for end-to-end runs of the packaged app.
if (process.env.DESK_USER_DATA_DIR) app.setPath('userData', process.env.DESK_USER_DATA_DIR);

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

  void app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    const logDir = app.getPath('logs');
    const log = await createMainLogger(logDir);
    const versions = { app: app.getVersion(), electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', platform: process.platform };
    const settings = await loadSettings(userData);
    if (settings.recovered) log.warn('settings file was damaged; set aside, defaults used');
    const tokens = createTokenStore(userData, safeStorage);
    const locale = () => menuLocale(settings.get().locale, app.getLocale());
    const hosts = () => externalHosts(EXTERNAL_HOSTS, settings.get());
    const openExternal = (url: string) => shell.openExternal(url);

    const updater = createUpdater({
      autoUpdater: electronUpdater.autoUpdater,
      feedUrl: () => controller.plan().updateUrl,
      disabledReason: () => (settings.get().mode === 'demo' ? 'demo' : settings.get().mode === null ? 'first_run' : 'no_feed'),
      notify: (event) => void dialog.showMessageBox({ type: event.kind === 'error' ? 'warning' : 'info', title: 'After-sales Desk', message: updateMessage(locale(), event) }),
      log,
    });
    const installMenu = () =>
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate(locale(), {
            updatesEnabled: controller.plan().updateUrl !== null,
            openSettings: () => void mainWindow?.webContents.executeJavaScript("location.hash = '#/settings'"),
            openLogFolder: () => void shell.openPath(logDir),
            checkForUpdates: () => void updater.check('menu'),
            showAbout: () => {
              const about = aboutText(locale(), { appVersion: versions.app, electron: versions.electron, chrome: versions.chrome, node: process.versions.node, dataDir: userData });
              void dialog.showMessageBox({ type: 'info', title: about.title, message: about.message, detail: about.detail, buttons: [about.ok] });
            },
          }),
        ),
      );

    const controller = createDeskController({
      settings,
      tokens,
      dataDir: userData,
      logDir,
      envUpdateUrl: process.env.DESK_UPDATE_URL,
      log,
      onChange: () => installMenu(),
      startEmbedded: ({ demo, dataFolder }) =>
        startEmbeddedApi({ utilityProcess, entry: join(here, 'embedded-server.js'), dataDir: join(userData, dataFolder), demo, logDir }),
    });

    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler(
        join(here, '../dist/renderer'),
        undefined,
        { base: () => controller.apiBase(), fetch: (url, init) => net.fetch(url, init) },
        () => contentSecurityPolicy(connectOrigin(settings.get())),
      ),
    );
    // While developing, the Vite dev server proxies /api to the API `npm start` launched.
    if (!devServerUrl) await controller.start();
    if (controller.status().embeddedApi === 'failed') {
      dialog.showErrorBox('After-sales Desk', mainMessage(locale(), 'apiFailed', { detail: controller.status().embeddedError ?? '' }));
    }

    installPermissionHandlers(session.defaultSession, devServerUrl);
    hardenAllWebContents(app, { openExternal, devServerUrl, externalHosts: hosts });
    app.on('child-process-gone', (_event, details) => void onChildProcessGone({ logDir, versions, log }, details));

    validatedHandle(ipcMain, ipcChannels.appVersion, () => ({ version: versions.app, electron: versions.electron, platform: process.platform }), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.printPage, ([request], event) => printPage(event.sender, request), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.printPrinters, (_args, event) => listPrinters(event.sender), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.settingsGet, () => controller.status(), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.settingsUpdate, ([patch]) => controller.updateSettings(patch), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.settingsChooseMode, ([choice]) => controller.chooseMode(choice), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.settingsTestConnection, ([url]) => testConnection(url, { fetch: (u, init) => net.fetch(u, init) }), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.secretsGetToken, ([owner]) => tokens.get(owner), devServerUrl);
    validatedHandle(ipcMain, ipcChannels.secretsSetToken, ([owner, token]) => tokens.set(owner, token), devServerUrl);
    const flushes = createFlushRequests();
    validatedHandle(ipcMain, ipcChannels.appQuitReady, () => flushes.answered(), devServerUrl);
    installGracefulQuit({
      app,
      flushRenderer: () => {
        const contents = mainWindow?.webContents;
        return contents && !contents.isDestroyed() ? flushes.request(() => contents.send(ipcEvents.beforeQuit)) : undefined;
      },
      stopApi: () => controller.stopApi(),
      log,
    });

    installMenu();
    mainWindow = createMainWindow({
      BrowserWindow,
      openExternal,
      preloadPath: join(here, 'preload.cjs'),
      devServerUrl,
      externalHosts: hosts,
      windowState: { store: await loadWindowState(userData), screen },
      icon: join(here, '../build/icon.png'),
    });
    const contents = mainWindow.webContents;
    contents.on('render-process-gone', (_event, details) => {
      void onRenderProcessGone(
        { logDir, versions, locale, log, ask: (options) => dialog.showMessageBox(options), reload: () => contents.reload(), quit: () => app.quit() },
        details,
        contents.getURL(),
      );
    });
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
    void updater.check('start');
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
