/** Simplified Chinese — the default language. en-US must have exactly the same keys. */
const zhCN = {
  app: {
    title: '售后工作台',
    subtitle: 'After-sales Desk',
    version: '版本 {version}',
    runtimeDesktop: '桌面版',
    runtimeBrowser: '浏览器版',
  },
  nav: {
    scan: '扫描台',
    queues: '工作队列',
    disputes: '纠纷处理',
    finance: '财务退款',
    dashboard: '数据看板',
    sync: '同步与冲突',
    settings: '设置',
  },
  areas: {
    scan: '扫描退货包裹，对照买家描述验货，确认入库或发起纠纷。',
    queues: '按角色查看待办售后单，逾期与即将到期的一目了然。',
    disputes: '处理仓库发起的客服介入：协商退款金额、退回商品或全额退款。',
    finance: '审核待退款的售后单，核对退款明细并记录承运商赔付。',
    dashboard: '退货率、处理时效、逾期件数与各环节积压情况。',
    sync: '离线操作的同步进度、待同步命令以及需要人工处理的冲突。',
    settings: '语言、主题、扫描枪参数、服务器地址与本地存储。',
  },
  comingSoon: {
    title: '将在后续版本中提供',
    body: '此功能尚在开发中，当前版本还不能使用。',
  },
  header: {
    language: '语言',
    theme: '主题',
    themeLight: '浅色',
    themeDark: '深色',
    switchToDark: '切换到深色主题',
    switchToLight: '切换到浅色主题',
  },
  status: {
    syncNotAvailable: '同步：尚未启用',
    network: '网络：{state}',
    online: '在线',
    offline: '离线',
  },
  language: {
    'zh-CN': '简体中文',
    'en-US': 'English',
  },
};

export default zhCN;
export type MessageSchema = typeof zhCN;
