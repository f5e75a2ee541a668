/**
 * The application menu (File, Edit, View, Help) in the app's language, built as a plain template
 * so it is tested without Electron. Actions come in as functions.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type MenuLocale = 'zh-CN' | 'en-US';

export const MENU_LABELS = {
  'zh-CN': {
    file: '文件',
    settings: '设置…',
    reload: '重新加载',
    quit: '退出',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    view: '视图',
    zoomIn: '放大',
    zoomOut: '缩小',
    resetZoom: '实际大小',
    fullscreen: '全屏',
    help: '帮助',
    openLogs: '打开日志文件夹',
    checkUpdates: '检查更新…',
    about: '关于售后工作台',
    aboutTitle: '关于售后工作台',
    aboutVersion: '版本',
    aboutDataFolder: '数据文件夹',
    ok: '确定',
    updateNone: '已是最新版本。',
    updateAvailable: '发现新版本，正在后台下载。',
    updateDownloaded: '新版本 {version} 已下载，退出应用后安装。',
    updateError: '检查更新失败：{detail}',
    updateDisabledDemo: '演示模式不检查更新。',
    updateDisabledNoFeed: '未设置更新地址（设置 → 桌面应用）。',
    apiFailed: '内置服务未能启动，应用先离线工作，直到服务恢复。\n\n{detail}',
  },
  'en-US': {
    file: 'File',
    settings: 'Settings…',
    reload: 'Reload',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    view: 'View',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetZoom: 'Actual size',
    fullscreen: 'Full screen',
    help: 'Help',
    openLogs: 'Open log folder',
    checkUpdates: 'Check for updates…',
    about: 'About After-sales Desk',
    aboutTitle: 'About After-sales Desk',
    aboutVersion: 'Version',
    aboutDataFolder: 'Data folder',
    ok: 'OK',
    updateNone: 'This is the latest version.',
    updateAvailable: 'A new version was found and is downloading in the background.',
    updateDownloaded: 'Version {version} was downloaded; it installs when the app quits.',
    updateError: 'The update check failed: {detail}',
    updateDisabledDemo: 'The demo does not check for updates.',
    updateDisabledNoFeed: 'No update address is set (Settings → Desktop app).',
    apiFailed: 'The built-in service could not start; the app works offline until it does.\n\n{detail}',
  },
} as const satisfies Record<MenuLocale, Record<string, string>>;

/** The menu language: the one chosen in the app, else the system's (Chinese → zh-CN, else en-US). */
export function menuLocale(chosen: MenuLocale | null, systemLocale: string): MenuLocale {
  if (chosen) return chosen;
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export interface MenuActions {
  openSettings(): void;
  openLogFolder(): void;
  checkForUpdates(): void;
  showAbout(): void;
  /** Whether the update item is offered (not in demo mode, not without a feed). */
  updatesEnabled: boolean;
}

export function menuTemplate(locale: MenuLocale, actions: MenuActions): MenuItemConstructorOptions[] {
  const l = MENU_LABELS[locale];
  return [
    {
      label: l.file,
      submenu: [
        { label: l.settings, accelerator: 'CmdOrCtrl+,', click: () => actions.openSettings() },
        { type: 'separator' },
        { label: l.reload, role: 'reload' },
        { type: 'separator' },
        { label: l.quit, role: 'quit' },
      ],
    },
    {
      label: l.edit,
      submenu: [
        { label: l.undo, role: 'undo' },
        { label: l.redo, role: 'redo' },
        { type: 'separator' },
        { label: l.cut, role: 'cut' },
        { label: l.copy, role: 'copy' },
        { label: l.paste, role: 'paste' },
        { label: l.selectAll, role: 'selectAll' },
      ],
    },
    {
      label: l.view,
      submenu: [
        { label: l.zoomIn, role: 'zoomIn' },
        { label: l.zoomOut, role: 'zoomOut' },
        { label: l.resetZoom, role: 'resetZoom' },
        { type: 'separator' },
        { label: l.fullscreen, role: 'togglefullscreen' },
      ],
    },
    {
      label: l.help,
      submenu: [
        { label: l.openLogs, click: () => actions.openLogFolder() },
        { label: l.checkUpdates, enabled: actions.updatesEnabled, click: () => actions.checkForUpdates() },
        { type: 'separator' },
        { label: l.about, click: () => actions.showAbout() },
      ],
    },
  ];
}

export interface AboutFacts {
  appVersion: string;
  electron: string;
  chrome: string;
  node: string;
  dataDir: string;
}

/** The About box's text: versions of the app and its runtime, and where its data lives. */
export function aboutText(locale: MenuLocale, facts: AboutFacts): { title: string; message: string; detail: string; ok: string } {
  const l = MENU_LABELS[locale];
  return {
    title: l.aboutTitle,
    message: `售后工作台 · After-sales Desk ${facts.appVersion}`,
    detail: [`${l.aboutVersion}: ${facts.appVersion}`, `Electron: ${facts.electron}`, `Chromium: ${facts.chrome}`, `Node.js: ${facts.node}`, '', `${l.aboutDataFolder}:`, facts.dataDir].join('\n'),
    ok: l.ok,
  };
}

/** A main-process message in the menu language, with `{name}` placeholders filled in. */
export function mainMessage(locale: MenuLocale, key: keyof (typeof MENU_LABELS)['en-US'], params: Record<string, string> = {}): string {
  return MENU_LABELS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** What the update dialog says for an updater event (see updater.ts notify). */
export function updateMessage(locale: MenuLocale, event: { kind: 'none' | 'available' | 'downloaded' | 'error' | 'disabled'; detail?: string }): string {
  switch (event.kind) {
    case 'none':
      return mainMessage(locale, 'updateNone');
    case 'available':
      return mainMessage(locale, 'updateAvailable');
    case 'downloaded':
      return mainMessage(locale, 'updateDownloaded', { version: event.detail ?? '' });
    case 'error':
      return mainMessage(locale, 'updateError', { detail: event.detail ?? '' });
    default:
      return mainMessage(locale, event.detail === 'demo' ? 'updateDisabledDemo' : 'updateDisabledNoFeed');
  }
}
