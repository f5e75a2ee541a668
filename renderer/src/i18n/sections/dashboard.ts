/**
 * Messages of the supervisor's dashboard (主管看板): charts and tables of the after-sales picture, both languages side by side. The zh-CN object is the schema; en-US must have
 * exactly its keys.
 */
export const zhCN = {
  title: '主管看板',
};

export const enUS: typeof zhCN = {
  title: 'Dashboard',
};
