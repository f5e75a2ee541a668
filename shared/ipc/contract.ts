/**
 * The narrow bridge between the Electron main process and the renderer.
 * Main registers handlers only through `validatedHandle` (electron/ipc.ts), which rejects
 * channels without the `desk:` prefix, foreign frames and payloads that fail these schemas.
 */
import { z } from 'zod';
import { ipcChannels, type IpcChannel } from './channels';

export * from './channels';

/** Request argument schemas per channel. */
export const ipcRequestSchemas = {
  [ipcChannels.appVersion]: z.tuple([]),
} satisfies Record<IpcChannel, z.ZodType>;
