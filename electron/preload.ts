/** The only bridge into the renderer: named functions, never raw ipcRenderer. */
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannels, type AppInfo, type DeskBridge } from '../shared/ipc/channels';

const desk: DeskBridge = {
  app: {
    version: () => ipcRenderer.invoke(ipcChannels.appVersion) as Promise<AppInfo>,
  },
};

contextBridge.exposeInMainWorld('desk', desk);
