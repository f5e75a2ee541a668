/** The only bridge into the renderer: named functions, never raw ipcRenderer. */
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannels, type AppInfo, type DeskBridge, type PrinterSummary, type PrintReply } from '../shared/ipc/channels';

const desk: DeskBridge = {
  app: {
    version: () => ipcRenderer.invoke(ipcChannels.appVersion) as Promise<AppInfo>,
  },
  print: {
    page: (request) => ipcRenderer.invoke(ipcChannels.printPage, request) as Promise<PrintReply>,
    printers: () => ipcRenderer.invoke(ipcChannels.printPrinters) as Promise<PrinterSummary[]>,
  },
};

contextBridge.exposeInMainWorld('desk', desk);
