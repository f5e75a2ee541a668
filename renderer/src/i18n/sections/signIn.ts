/**
 * Messages of one feature, both languages side by side. The zh-CN object is the schema; en-US
 * must have exactly its keys (the type says so, `test/renderer/i18n/messages.test.ts` checks it).
 */
export const zhCN = {
  title: '登录',
};

export const enUS: typeof zhCN = {
  title: 'Sign in',
};
