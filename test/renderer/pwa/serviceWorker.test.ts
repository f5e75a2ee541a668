import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../../renderer/src/i18n';
import { notificationPrompts, startServiceWorker, wantsServiceWorker, whenFirstScreenSettled, type RegisterSW, type RegisterSWOptions, type SettleWindow } from '../../../renderer/src/pwa/serviceWorker';

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

  describe('registration waits for the first screen', () => {
    /** A window whose load event and idle callback the test fires by hand. */
    function settleWindow(readyState: DocumentReadyState, withIdle = true) {
      const fire: { load?: () => void; idle?: () => void; idleTimeout?: number; timer?: () => void } = {};
      const win: SettleWindow = {
        document: { readyState },
        addEventListener: (_type, listener) => void (fire.load = listener),
        setTimeout: (callback) => void (fire.timer = callback),
        ...(withIdle
          ? {
              requestIdleCallback: (callback: () => void, options?: { timeout?: number }) => {
                fire.idle = callback;
                fire.idleTimeout = options?.timeout;
              },
            }
          : {}),
      };
      return { win, fire };
    }
    const settled = (promise: Promise<void>): (() => boolean) => {
      let done = false;
      void promise.then(() => (done = true));
      return () => done;
    };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

    it('not before the load event, then not before the browser is idle (bounded)', async () => {
      const { win, fire } = settleWindow('interactive');
      const done = settled(whenFirstScreenSettled(win, 2_500));
      await tick();
      expect(done()).toBe(false);
      expect(fire.idle).toBeUndefined();
      fire.load?.();
      await tick();
      expect(done()).toBe(false);
      expect(fire.idleTimeout).toBe(2_500);
      fire.idle?.();
      await tick();
      expect(done()).toBe(true);
    });

    it('a page already loaded waits only for idle; without requestIdleCallback, the next task', async () => {
      const loaded = settleWindow('complete');
      const done = settled(whenFirstScreenSettled(loaded.win));
      expect(loaded.fire.load).toBeUndefined();
      loaded.fire.idle?.();
      await tick();
      expect(done()).toBe(true);

      const noIdle = settleWindow('complete', false);
      const later = settled(whenFirstScreenSettled(noIdle.win));
      await tick();
      expect(later()).toBe(false);
      noIdle.fire.timer?.();
      await tick();
      expect(later()).toBe(true);
    });
  });
});
