/** The only bridge into the renderer: named functions, never raw ipcRenderer. */
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannels, ipcEvents, type AppInfo, type ConnectionTestReply, type DeskBridge, type DeskSettings, type DeskStatus, type PrinterSummary, type PrintReply } from '../shared/ipc/channels';

const desk: DeskBridge = {
  app: {
    version: () => ipcRenderer.invoke(ipcChannels.appVersion) as Promise<AppInfo>,
    onBeforeQuit(flush) {
      ipcRenderer.removeAllListeners(ipcEvents.beforeQuit);
      ipcRenderer.on(ipcEvents.beforeQuit, () => {
        void flush()
          .catch(() => undefined)
          .finally(() => void ipcRenderer.invoke(ipcChannels.appQuitReady));
      });
    },
  },
  print: {
    page: (request) => ipcRenderer.invoke(ipcChannels.printPage, request) as Promise<PrintReply>,
    printers: () => ipcRenderer.invoke(ipcChannels.printPrinters) as Promise<PrinterSummary[]>,
  },
  settings: {
    get: () => ipcRenderer.invoke(ipcChannels.settingsGet) as Promise<DeskStatus>,
    update: (patch) => ipcRenderer.invoke(ipcChannels.settingsUpdate, patch) as Promise<DeskSettings>,
    chooseMode: (choice) => ipcRenderer.invoke(ipcChannels.settingsChooseMode, choice) as Promise<DeskStatus>,
    testConnection: (apiUrl) => ipcRenderer.invoke(ipcChannels.settingsTestConnection, apiUrl) as Promise<ConnectionTestReply>,
  },
  secrets: {
    getToken: (owner) => ipcRenderer.invoke(ipcChannels.secretsGetToken, owner) as Promise<string | null>,
    setToken: (owner, token) => ipcRenderer.invoke(ipcChannels.secretsSetToken, owner, token) as Promise<void>,
  },
};

contextBridge.exposeInMainWorld('desk', desk);
