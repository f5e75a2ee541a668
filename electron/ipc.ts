/**
 * Typed IPC registration (after VS Code's validatedIpcMain): only `desk:` channels, only from
 * the app's own frames, and every payload parsed with the channel's schema from shared/ipc.
 */
import type { z } from 'zod';
import { IPC_PREFIX, ipcRequestSchemas, type IpcChannel } from '../shared/ipc/contract';
import { isAppUrl } from './security';

export interface IpcInvokeEvent {
  senderFrame: { url: string } | null;
}

/** `ipcMain`, or a fake in tests; `E` is its event type (Electron's carries `sender`). */
export interface IpcMainLike<E extends IpcInvokeEvent = IpcInvokeEvent> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
}

export class IpcRejectedError extends Error {
  constructor(
    readonly code: 'ipc.bad_channel' | 'ipc.untrusted_sender' | 'ipc.invalid_payload',
    message: string,
  ) {
    super(message);
    this.name = 'IpcRejectedError';
  }
}

/**
 * Registers `handler` for `channel`. It receives the parsed arguments and the event (for
 * `event.sender`, the calling page), only after the sender and payload checks passed.
 */
export function validatedHandle<C extends IpcChannel, E extends IpcInvokeEvent = IpcInvokeEvent>(
  ipcMain: IpcMainLike<E>,
  channel: C,
  handler: (args: z.infer<(typeof ipcRequestSchemas)[C]>, event: E) => unknown,
  devServerUrl?: string,
): void {
  if (!channel.startsWith(IPC_PREFIX)) throw new IpcRejectedError('ipc.bad_channel', `IPC channel ${channel} lacks the ${IPC_PREFIX} prefix`);
  const schema = ipcRequestSchemas[channel];
  ipcMain.handle(channel, (event, ...args) => {
    const url = event.senderFrame?.url;
    if (!url || !isAppUrl(url, devServerUrl)) {
      throw new IpcRejectedError('ipc.untrusted_sender', `IPC ${channel} from an untrusted frame`);
    }
    const parsed = schema.safeParse(args);
    if (!parsed.success) throw new IpcRejectedError('ipc.invalid_payload', `IPC ${channel}: invalid payload`);
    return handler(parsed.data as z.infer<(typeof ipcRequestSchemas)[C]>, event);
  });
}
