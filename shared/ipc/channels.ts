/**
 * IPC channel names and bridge types, free of runtime dependencies so the sandboxed preload
 * bundles only these few lines. Schemas live in ./contract.
 */
export const IPC_PREFIX = 'desk:';

export const ipcChannels = {
  appVersion: 'desk:app:version',
} as const;

export type IpcChannel = (typeof ipcChannels)[keyof typeof ipcChannels];

export interface AppInfo {
  version: string;
  electron: string;
  platform: string;
}

/** What the preload exposes as `window.desk`. Absent in a plain browser. */
export interface DeskBridge {
  app: {
    version(): Promise<AppInfo>;
  };
}
