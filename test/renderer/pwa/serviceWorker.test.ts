import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../../renderer/src/i18n';
import { notificationPrompts, startServiceWorker, wantsServiceWorker, type RegisterSW, type RegisterSWOptions } from '../../../renderer/src/pwa/serviceWorker';

type FakeWindow = Parameters<typeof wantsServiceWorker>[0];

function fakeWindow(protocol: string, options: { desk?: boolean; serviceWorker?: boolean } = {}): FakeWindow {
  return {
    location: { protocol } as Location,
    navigator: (options.serviceWorker === false ? {} : { serviceWorker: {} }) as Navigator,
    ...(options.desk ? { desk: {} } : {}),
  };
}

function fakeRegister(): { registerSW: RegisterSW; options: () => RegisterSWOptions; update: ReturnType<typeof vi.fn> } {
  let given: RegisterSWOptions | null = null;
  const update = vi.fn(() => Promise.resolve());
  return {
    registerSW: (options) => {
      given = options;
      return update;
    },
    options: () => {
      if (!given) throw new Error('not registered');
      return given;
    },
    update,
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('service worker of the browser version', () => {
  it('runs in a browser over http(s), never in the desktop app or without service worker support', () => {
    expect(wantsServiceWorker(fakeWindow('http:'))).toBe(true);
    expect(wantsServiceWorker(fakeWindow('https:'))).toBe(true);
    // Electron serves the build from its own protocol, with its preload bridge.
    expect(wantsServiceWorker(fakeWindow('app:'))).toBe(false);
    expect(wantsServiceWorker(fakeWindow('http:', { desk: true }))).toBe(false);
    expect(wantsServiceWorker(fakeWindow('file:'))).toBe(false);
    expect(wantsServiceWorker(fakeWindow('https:', { serviceWorker: false }))).toBe(false);
  });

  it('is not registered under the desktop app', () => {
    const fake = fakeRegister();
    const register = vi.fn(fake.registerSW);
    expect(startServiceWorker(register, { showUpdate: vi.fn(), win: fakeWindow('app:', { desk: true }) })).toBe(false);
    expect(register).not.toHaveBeenCalled();
  });

  it('prompts when a new version waits, and activates it only when the reload is chosen', () => {
    const fake = fakeRegister();
    const showUpdate = vi.fn<(reload: () => void) => void>();
    const offlineReady = vi.fn();
    expect(startServiceWorker(fake.registerSW, { showUpdate, offlineReady, win: fakeWindow('https:') })).toBe(true);
    expect(fake.options().immediate).toBe(true);

    fake.options().onOfflineReady?.();
    expect(offlineReady).toHaveBeenCalledTimes(1);
    expect(showUpdate).not.toHaveBeenCalled();

    fake.options().onNeedRefresh?.();
    expect(showUpdate).toHaveBeenCalledTimes(1);
    expect(fake.update).not.toHaveBeenCalled();
    showUpdate.mock.calls[0]?.[0]();
    expect(fake.update).toHaveBeenCalledWith(true);
  });

  it('shows the update prompt in the app\'s language, with a reload button that reloads', async () => {
    for (const [locale, title, reloadLabel] of [
      ['zh-CN', '有新版本', '重新加载'],
      ['en-US', 'A new version is available', 'Reload'],
    ] as const) {
      const { t } = createAppI18n(locale).global;
      const reload = vi.fn();
      notificationPrompts((key) => t(key)).showUpdate(reload);
      await vi.waitFor(() => expect(document.body.textContent).toContain(title));
      const button = document.querySelector<HTMLButtonElement>('[data-testid="pwa-update-reload"]');
      expect(button?.textContent).toContain(reloadLabel);
      button?.click();
      expect(reload).toHaveBeenCalledTimes(1);
      document.querySelector<HTMLButtonElement>('[data-testid="pwa-update-later"]')?.click();
      document.body.innerHTML = '';
    }
  });
});
