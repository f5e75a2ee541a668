import type { MessageSchema } from './zh-CN';

const enUS: MessageSchema = {
  app: {
    title: 'After-sales Desk',
    subtitle: '售后工作台',
    version: 'Version {version}',
    runtimeDesktop: 'Desktop',
    runtimeBrowser: 'Browser',
  },
  nav: {
    scan: 'Scan station',
    queues: 'Queues',
    disputes: 'Disputes',
    finance: 'Finance',
    dashboard: 'Dashboard',
    sync: 'Sync & conflicts',
    settings: 'Settings',
  },
  areas: {
    scan: 'Scan returned parcels, inspect them against the buyer’s claim, accept them or raise a dispute.',
    queues: 'Cases waiting for your role, with overdue and soon-due work at a glance.',
    disputes: 'Settle disputes raised by the warehouse: agree a refund, return the goods or refund in full.',
    finance: 'Approve refunds, check the refund breakdown and record carrier compensation.',
    dashboard: 'Return rates, handling times, overdue cases and backlog per step.',
    sync: 'Progress of offline work, commands waiting to sync and conflicts that need a person.',
    settings: 'Language, theme, scanner timing, server address and local storage.',
  },
  comingSoon: {
    title: 'Coming in a later release',
    body: 'This area is being built and cannot be used in this version yet.',
  },
  header: {
    language: 'Language',
    theme: 'Theme',
    themeLight: 'Light',
    themeDark: 'Dark',
    switchToDark: 'Switch to dark theme',
    switchToLight: 'Switch to light theme',
  },
  status: {
    syncNotAvailable: 'Sync: not enabled yet',
    network: 'Network: {state}',
    online: 'online',
    offline: 'offline',
  },
  language: {
    'zh-CN': '简体中文',
    'en-US': 'English',
  },
};

export default enUS;
