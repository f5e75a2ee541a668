import { describe, expect, it, vi } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { arrangementKey, loadWindowState, placeWindow, type DisplayLike, type ScreenLike } from '../../electron/window-state';
import { aboutText, mainMessage, MENU_LABELS, menuLocale, menuTemplate, updateMessage } from '../../electron/menu';
import { CRASH_FOLDER, onChildProcessGone, onRenderProcessGone } from '../../electron/crash';
import { startEmbeddedApi } from '../../electron/embedded-api';
import { fakeChild, tempDirPerTest } from './support';

const tmp = tempDirPerTest('desk-polish-');

const laptop: DisplayLike = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const monitor: DisplayLike = { id: 2, bounds: { x: 1920, y: 0, width: 2560, height: 1440 }, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const screenOf = (...displays: DisplayLike[]): ScreenLike => ({ getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0] as DisplayLike });
const DEFAULTS = { width: 1360, height: 860, minWidth: 1024, minHeight: 640 };

describe('window size and position per display arrangement', () => {
  it('remembers one window per arrangement and reopens it there after a restart', async () => {
    const store = await loadWindowState(tmp.path);
    const docked = screenOf(laptop, monitor);
    const alone = screenOf(laptop);
    await store.save(docked, { bounds: { x: 2100, y: 100, width: 1800, height: 1100 }, maximized: false });
    await store.save(alone, { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });
    const again = await loadWindowState(tmp.path);
    expect(placeWindow(again.forCurrent(docked), docked, DEFAULTS)).toEqual({ bounds: { x: 2100, y: 100, width: 1800, height: 1100 }, maximized: false });
    expect(placeWindow(again.forCurrent(alone), alone, DEFAULTS)).toEqual({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });
    expect(arrangementKey([monitor, laptop])).toBe(arrangementKey([laptop, monitor]));
  });

  it('centres the window on the primary display when its saved place is off every display', () => {
    const placed = placeWindow({ bounds: { x: 3000, y: 100, width: 1800, height: 1100 }, maximized: false }, screenOf(laptop), DEFAULTS);
    expect(placed.bounds).toEqual({ width: 1800, height: 1040, x: 60, y: 0 });
    expect(placeWindow(undefined, screenOf(laptop), DEFAULTS).bounds).toEqual({ width: 1360, height: 860, x: 280, y: 90 });
  });
});

describe('application menu', () => {
  const actions = { openSettings: vi.fn(), openLogFolder: vi.fn(), checkForUpdates: vi.fn(), showAbout: vi.fn(), updatesEnabled: false };
  const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label);
  const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];

  it('has File, Edit, View (with zoom) and Help in both languages', () => {
    expect(labels(menuTemplate('zh-CN', actions))).toEqual(['文件', '编辑', '视图', '帮助']);
    const en = menuTemplate('en-US', actions);
    expect(labels(en)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(sub(en[2]).map((i) => i.role).filter(Boolean)).toEqual(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']);
    expect(Object.keys(MENU_LABELS['zh-CN'])).toEqual(Object.keys(MENU_LABELS['en-US']));
  });

  it('opens the log folder, checks for updates (only when enabled) and shows About from Help', () => {
    const help = sub(menuTemplate('en-US', actions)[3]);
    const item = (label: string) => help.find((i) => i.label === label);
    (item('Open log folder')?.click as () => void)();
    (item('About After-sales Desk')?.click as () => void)();
    expect(actions.openLogFolder).toHaveBeenCalledOnce();
    expect(actions.showAbout).toHaveBeenCalledOnce();
    expect(item('Check for updates…')?.enabled).toBe(false);
    expect(sub(menuTemplate('en-US', { ...actions, updatesEnabled: true })[3]).find((i) => i.label === 'Check for updates…')?.enabled).toBe(true);
  });

  it('shows app, Electron and Chromium versions and the data folder in About; follows the chosen or system language', () => {
    const about = aboutText('zh-CN', { appVersion: '0.1.0', electron: '45.6.1', chrome: '142.0.7444.0', node: '22.20.0', dataDir: 'C:\\Users\\wh\\AppData\\Roaming\\After-sales Desk' });
    expect(about.detail).toContain('Electron: 45.6.1');
    expect(about.detail).toContain('Chromium: 142.0.7444.0');
    expect(about.detail).toContain('数据文件夹');
    expect(about.detail).toContain('AppData\\Roaming\\After-sales Desk');
    expect(menuLocale(null, 'zh-TW')).toBe('zh-CN');
    expect(menuLocale(null, 'de-DE')).toBe('en-US');
    expect(menuLocale('en-US', 'zh-CN')).toBe('en-US');
  });
});

describe('crash reports', () => {
  it('writes a report when the page dies and reloads it when the user agrees', async () => {
    const reload = vi.fn();
    const quit = vi.fn();
    const ask = vi.fn(async () => ({ response: 0 }));
    const outcome = await onRenderProcessGone({ logDir: tmp.path, versions: { app: '0.1.0' }, locale: () => 'en-US', ask, reload, quit }, { reason: 'oom', exitCode: 137 }, 'app://desk/index.html#/scan');
    expect(outcome).toBe('reloaded');
    expect(reload).toHaveBeenCalledOnce();
    const [file] = await readdir(join(tmp.path, CRASH_FOLDER));
    const report = JSON.parse(await readFile(join(tmp.path, CRASH_FOLDER, file as string), 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ kind: 'render-process-gone', reason: 'oom', exitCode: 137, url: 'app://desk/index.html#/scan', versions: { app: '0.1.0' } });
    expect((ask.mock.calls[0] as unknown as [{ buttons: string[] }])[0].buttons).toEqual(['Reload', 'Quit']);
  });

  it('quits when asked to, ignores a clean exit, and reports helper processes that died', async () => {
    const quit = vi.fn();
    const deps = { logDir: tmp.path, versions: {}, locale: () => 'zh-CN' as const, ask: async () => ({ response: 1 }), reload: vi.fn(), quit };
    expect(await onRenderProcessGone(deps, { reason: 'crashed', exitCode: 1 })).toBe('quit');
    expect(quit).toHaveBeenCalledOnce();
    expect(await onRenderProcessGone(deps, { reason: 'clean-exit', exitCode: 0 })).toBe('ignored');
    const path = await onChildProcessGone(deps, { type: 'Utility', reason: 'crashed', exitCode: 3, serviceName: 'After-sales Desk API' });
    expect(JSON.parse(await readFile(path as string, 'utf8'))).toMatchObject({ kind: 'child-process-gone', processType: 'Utility', serviceName: 'After-sales Desk API' });
    expect(await onChildProcessGone(deps, { type: 'GPU', reason: 'clean-exit', exitCode: 0 })).toBeNull();
  });
});

describe('embedded API stop', () => {
  /** A server that reports ready at once and, asked to stop, exits (or hangs). */
  function child(onStop: 'exit' | 'hang') {
    const fake = fakeChild(() => {
      if (onStop === 'exit') setTimeout(() => fake.emit('exit', 0), 5);
    });
    queueMicrotask(() => fake.emit('message', { type: 'ready', url: 'http://127.0.0.1:1' }));
    return { c: fake.child, sent: fake.sent, wasKilled: fake.wasKilled };
  }

  it('asks the server to stop and waits for its exit; kills it only after the grace period', async () => {
    const clean = child('exit');
    const api = await startEmbeddedApi({ utilityProcess: { fork: () => clean.c }, entry: 'x', dataDir: 'd', demo: false, logDir: '/logs' });
    await api.stop(1000);
    expect(clean.sent).toEqual([{ type: 'stop' }]);
    expect(clean.wasKilled()).toBe(false);
    const stuck = child('hang');
    const api2 = await startEmbeddedApi({ utilityProcess: { fork: () => stuck.c }, entry: 'x', dataDir: 'd', demo: false });
    await api2.stop(20);
    expect(stuck.wasKilled()).toBe(true);
  });
});

describe('main-process messages', () => {
  it('says what an update check found, in the menu language', () => {
    expect(updateMessage('zh-CN', { kind: 'downloaded', detail: '0.3.0' })).toBe('新版本 0.3.0 已下载，退出应用后安装。');
    expect(updateMessage('en-US', { kind: 'disabled', detail: 'demo' })).toBe('The demo does not check for updates.');
    expect(updateMessage('en-US', { kind: 'disabled', detail: 'no_feed' })).toContain('No update address');
    expect(updateMessage('en-US', { kind: 'error', detail: 'ENOTFOUND' })).toBe('The update check failed: ENOTFOUND');
    expect(mainMessage('zh-CN', 'apiFailed', { detail: 'database is locked' })).toMatch(/^内置服务未能启动.*database is locked$/s);
  });
});
