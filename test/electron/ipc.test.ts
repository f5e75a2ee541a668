import { describe, expect, it } from 'vitest';
import { IpcRejectedError, validatedHandle, type IpcInvokeEvent, type IpcMainLike } from '../../electron/ipc';
import { ipcChannels, type IpcChannel } from '../../shared/ipc/contract';

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const invoke = (channel: string, frameUrl: string | null, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  };
  return { ipcMain, invoke, handlers };
}

describe('validatedHandle', () => {
  it('answers the app’s own frame', () => {
    const { ipcMain, invoke } = fakeIpcMain();
    validatedHandle(ipcMain, ipcChannels.appVersion, () => ({ version: '1.2.3', electron: '39', platform: 'linux' }));
    expect(invoke(ipcChannels.appVersion, 'app://desk/index.html')).toEqual({ version: '1.2.3', electron: '39', platform: 'linux' });
  });

  it('rejects foreign and missing sender frames', () => {
    const { ipcMain, invoke } = fakeIpcMain();
    validatedHandle(ipcMain, ipcChannels.appVersion, () => 'secret');
    expect(() => invoke(ipcChannels.appVersion, 'https://evil.example.com/')).toThrow(IpcRejectedError);
    expect(() => invoke(ipcChannels.appVersion, null)).toThrow(/untrusted/);
  });

  it('rejects payloads that do not match the channel schema', () => {
    const { ipcMain, invoke } = fakeIpcMain();
    validatedHandle(ipcMain, ipcChannels.appVersion, () => 'ok');
    expect(() => invoke(ipcChannels.appVersion, 'app://desk/', { unexpected: true })).toThrow(/invalid payload/);
  });

  it('refuses to register a channel without the desk: prefix', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    expect(() => validatedHandle(ipcMain, 'other:thing' as IpcChannel, () => 'x')).toThrow(IpcRejectedError);
    expect(handlers.size).toBe(0);
  });
});
