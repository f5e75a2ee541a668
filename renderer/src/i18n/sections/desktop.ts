/**
 * Messages of the desktop app (first-run setup, settings kept by the main process, menus, updates), both languages side by side. The zh-CN object is the schema; en-US must have
 * exactly its keys.
 */
export const zhCN = {
  title: '桌面应用',
};

export const enUS: typeof zhCN = {
  title: 'Desktop app',
};
