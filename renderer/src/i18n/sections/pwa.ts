/**
 * Messages of the browser version's offline support (service worker), both languages side by
 * side. The zh-CN object is the schema; en-US must have exactly its keys.
 */
export const zhCN = {
  update: {
    title: '有新版本',
    body: '售后工作台已更新。保存手头的工作后重新加载，即可使用新版本；未同步的操作不会丢失。',
    reload: '重新加载',
    later: '稍后',
  },
  offlineReady: '已可离线使用：断网时也能打开本页面并离线登录。',
};

export const enUS: typeof zhCN = {
  update: {
    title: 'A new version is available',
    body: 'After-sales Desk has been updated. Reload when your current work is saved to use it; commands not yet synced are kept.',
    reload: 'Reload',
    later: 'Later',
  },
  offlineReady: 'Ready to work offline: this page opens, and you can sign in, without a network.',
};
