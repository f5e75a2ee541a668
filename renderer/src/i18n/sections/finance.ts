/**
 * Messages of the finance workspace (财务工作台): refund queue, batch approval, carrier compensation and exports, both languages side by side. The zh-CN object is the schema; en-US must have
 * exactly its keys.
 */
export const zhCN = {
  title: '财务工作台',
};

export const enUS: typeof zhCN = {
  title: 'Finance',
};
