import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { defineComponent } from 'vue';
import type { DeskBridge, DeskStatus } from '../../../shared/ipc/channels';
import { DEFAULT_SETTINGS } from '../../../shared/ipc/settings';
import { tokenVault, SESSION_TOKEN_PREFIX } from '../../../renderer/src/platform/tokenVault';
import { flushOutbox } from '../../../renderer/src/platform/quitFlush';
import { FIRST_RUN, installFirstRunGuard } from '../../../renderer/src/platform/firstRunGuard';
import { useDeskStatus } from '../../../renderer/src/platform/deskStatus';
import { pullWorkstationSettings, pushWorkstationSettings } from '../../../renderer/src/platform/workstationMirror';
import { LABEL_PRINTER_KEY } from '../../../renderer/src/components/labels/printPreferences';
import { SCANNER_PREFERENCES_KEY } from '../../../renderer/src/stores/scanner';
import { DEFAULT_SCANNER_CONFIG } from '../../../shared/scanner';

function fakeDeskStatus(patch: Partial<DeskStatus['settings']> = {}, secrets: DeskStatus['secrets'] = { backend: 'os', detail: 'gnome_libsecret' }): DeskStatus {
  return { settings: { ...DEFAULT_SETTINGS, ...patch }, embeddedApi: patch.mode === 'demo' || patch.mode === 'site' ? 'running' : 'stopped', secrets, dataDir: '/home/wh/.config/After-sales Desk', logDir: '/home/wh/.config/After-sales Desk/logs' };
}

function fakeDesk(status: DeskStatus) {
  const tokens = new Map<string, string>();
  const desk: DeskBridge = {
    app: { version: async () => ({ version: '0.1.0', electron: '45.6.1', platform: 'linux' }) },
    print: { page: async () => ({ status: 'printed' }), printers: async () => [] },
    settings: {
      get: vi.fn(async () => status),
      update: vi.fn(async (patch) => ({ ...status.settings, ...patch })),
      chooseMode: vi.fn(async (choice) => ({ ...status, settings: { ...status.settings, mode: choice.mode } })),
      testConnection: vi.fn(),
    },
    secrets: {
      getToken: async (owner) => tokens.get(owner) ?? null,
      setToken: async (owner, token) => void (token === null ? tokens.delete(owner) : tokens.set(owner, token)),
    },
  };
  return { desk, tokens };
}

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  delete window.desk;
  sessionStorage.clear();
});

describe('token vault', () => {
  it('uses the OS keychain through the bridge in the desktop app, and nothing in web storage', async () => {
    const { desk, tokens } = fakeDesk(fakeDeskStatus());
    window.desk = desk;
    const vault = tokenVault();
    expect(vault.kind).toBe('keychain');
    await vault.set('wh1', 'token-abcdefghijklmnop');
    expect(tokens.get('wh1')).toBe('token-abcdefghijklmnop');
    expect(sessionStorage.length).toBe(0);
    expect(await vault.get('wh1')).toBe('token-abcdefghijklmnop');
    await vault.set('wh1', null);
    expect(tokens.has('wh1')).toBe(false);
  });

  it('uses this tab’s session storage in a browser', async () => {
    const vault = tokenVault();
    expect(vault.kind).toBe('session-storage');
    await vault.set('cs1', 'token-abcdefghijklmnop');
    expect(sessionStorage.getItem(`${SESSION_TOKEN_PREFIX}cs1`)).toBe('token-abcdefghijklmnop');
    expect(localStorage.length).toBe(0);
    await vault.set('cs1', null);
    expect(await vault.get('cs1')).toBeNull();
  });
});

describe('first-run guard', () => {
  const Blank = defineComponent({ render: () => null });
  function router() {
    const r = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/sign-in', name: 'sign-in', component: Blank },
        { path: '/first-run', name: FIRST_RUN, component: Blank },
        { path: '/settings', name: 'settings', component: Blank },
      ],
    });
    installFirstRunGuard(r, 'sign-in');
    return r;
  }

  it('sends every page to the chooser until a mode is chosen (desktop app)', async () => {
    window.desk = fakeDesk(fakeDeskStatus({ mode: null })).desk;
    const r = router();
    await r.push('/sign-in');
    expect(r.currentRoute.value.name).toBe(FIRST_RUN);
    await r.push('/settings');
    expect(r.currentRoute.value.name).toBe(FIRST_RUN);
  });

  it('lets the pages through once chosen, and keeps non-administrators out of the chooser', async () => {
    window.desk = fakeDesk(fakeDeskStatus({ mode: 'demo' })).desk;
    const r = router();
    await r.push('/settings');
    expect(r.currentRoute.value.name).toBe('settings');
    await r.push('/first-run');
    expect(r.currentRoute.value.name).toBe('sign-in');
  });

  it('lets the app in right after the choice (the guard reads the new mode, not the one it first loaded)', async () => {
    window.desk = fakeDesk(fakeDeskStatus({ mode: null })).desk;
    const r = router();
    await r.push('/sign-in');
    expect(r.currentRoute.value.name).toBe(FIRST_RUN);
    await useDeskStatus().chooseMode({ mode: 'demo' });
    await r.push('/sign-in');
    expect(r.currentRoute.value.name).toBe('sign-in');
  });

  it('has no chooser in a browser', async () => {
    const r = router();
    await r.push('/first-run');
    expect(r.currentRoute.value.name).toBe('sign-in');
    await r.push('/settings');
    expect(r.currentRoute.value.name).toBe('settings');
  });
});

describe('outbox flush at quit', () => {
  it('syncs once and waits until nothing is pending', async () => {
    let pending = 3;
    const syncNow = vi.fn(async () => {
      setTimeout(() => (pending = 0), 30);
    });
    expect(await flushOutbox({ syncNow, pending: () => pending }, 1000, 5)).toBe('flushed');
    expect(syncNow).toHaveBeenCalledOnce();
  });

  it('gives up after its limit (offline) and says what is left', async () => {
    const started = Date.now();
    expect(await flushOutbox({ syncNow: () => Promise.reject(new Error('offline')), pending: () => 2 }, 40, 5)).toBe('pending');
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('workstation settings mirror', () => {
  const PRINTER = { deviceName: 'Zebra_ZD421', silent: true };

  it('copies the main process’s printer and scanner set-up into web storage at start', () => {
    const scanner = { config: { ...DEFAULT_SCANNER_CONFIG, maxInterKeyMs: 60 }, soundEnabled: false };
    pullWorkstationSettings({ ...DEFAULT_SETTINGS, printer: PRINTER, scanner }, localStorage);
    expect(JSON.parse(localStorage.getItem(LABEL_PRINTER_KEY) ?? 'null')).toEqual(PRINTER);
    expect(JSON.parse(localStorage.getItem(SCANNER_PREFERENCES_KEY) ?? 'null')).toEqual(scanner);
    // Nothing held by the main process: web storage is left alone.
    localStorage.setItem(LABEL_PRINTER_KEY, JSON.stringify({ deviceName: null, silent: false }));
    pullWorkstationSettings(DEFAULT_SETTINGS, localStorage);
    expect(JSON.parse(localStorage.getItem(LABEL_PRINTER_KEY) ?? 'null')).toEqual({ deviceName: null, silent: false });
  });

  it('sends changed, valid set-ups back and nothing when unchanged or damaged', async () => {
    const update = vi.fn(async () => undefined);
    localStorage.setItem(LABEL_PRINTER_KEY, JSON.stringify(PRINTER));
    localStorage.setItem(SCANNER_PREFERENCES_KEY, '{"config": {"maxInterKeyMs": "fast"}, "soundEnabled": true}');
    expect(await pushWorkstationSettings(DEFAULT_SETTINGS, localStorage, update)).toEqual({ printer: PRINTER });
    expect(update).toHaveBeenCalledWith({ printer: PRINTER });
    expect(await pushWorkstationSettings({ ...DEFAULT_SETTINGS, printer: PRINTER }, localStorage, update)).toBeNull();
    expect(update).toHaveBeenCalledOnce();
  });
});
