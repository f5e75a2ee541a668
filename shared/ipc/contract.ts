/**
 * The narrow bridge between the Electron main process and the renderer.
 * Main registers handlers only through `validatedHandle` (electron/ipc.ts), which rejects
 * channels without the `desk:` prefix, foreign frames and payloads that fail these schemas.
 */
import { z } from 'zod';
import { ipcChannels, PRINT_MEDIA, type IpcChannel, type PrintRequest } from './channels';
import { ApiUrlSchema, ModeChoiceSchema, SettingsPatchSchema, TokenOwnerSchema, TokenSchema } from './settings';

export * from './channels';
export * from './settings';

/** A printer's system name: printable characters only, as `deviceName` takes it. */
const PrinterNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]+$/u, 'printer name with control characters');

export const PrintRequestSchema = z
  .object({
    media: z.enum(PRINT_MEDIA),
    silent: z.boolean(),
    deviceName: PrinterNameSchema.optional(),
    copies: z.number().int().min(1).max(20).optional(),
  })
  .strict() satisfies z.ZodType<PrintRequest>;

/** Request argument schemas per channel. */
export const ipcRequestSchemas = {
  [ipcChannels.appVersion]: z.tuple([]),
  [ipcChannels.printPage]: z.tuple([PrintRequestSchema]),
  [ipcChannels.printPrinters]: z.tuple([]),
  [ipcChannels.settingsGet]: z.tuple([]),
  [ipcChannels.settingsUpdate]: z.tuple([SettingsPatchSchema]),
  [ipcChannels.settingsChooseMode]: z.tuple([ModeChoiceSchema]),
  [ipcChannels.settingsTestConnection]: z.tuple([ApiUrlSchema]),
  [ipcChannels.secretsGetToken]: z.tuple([TokenOwnerSchema]),
  [ipcChannels.secretsSetToken]: z.tuple([TokenOwnerSchema, TokenSchema.nullable()]),
  [ipcChannels.appQuitReady]: z.tuple([]),
} satisfies Record<IpcChannel, z.ZodType>;
