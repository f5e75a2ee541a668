/**
 * Messages of one feature, both languages side by side. The zh-CN object is the schema; en-US
 * must have exactly its keys (the type says so, `test/renderer/i18n/messages.test.ts` checks it).
 */
export const zhCN = {
  title: '登录',
  subtitle: '请使用员工账号登录',
  username: '用户名',
  usernamePlaceholder: '例如 wh1',
  password: '密码',
  passwordPlaceholder: '请输入密码',
  submit: '登录',
  advanced: '高级设置',
  server: '服务器地址',
  serverHint: '默认使用本应用自带的地址，仅在管理员要求时修改。',
  offlineHint: '断网时也能登录：只要此账号以前在本机登录过，就可用同一密码离线登录，操作会在联网后自动同步。',
  errors: {
    invalid_credentials: '用户名或密码错误，请重新输入。',
    rate_limited: '登录尝试次数过多，请一分钟后再试。',
    offline_unknown_user: '无法连接服务器，且此账号从未在本机登录过，无法离线登录。请检查网络或服务器地址。',
    server_error: '服务器出错，暂时无法登录，请稍后再试。',
    storage_error: '本机存储出错，无法保存登录信息。请检查浏览器存储权限或磁盘空间。',
  },
  /** The signed-in staff member in the header of the app. */
  header: {
    staff: '当前账号',
    offline: '离线工作',
    offlineHint: '未连接服务器：操作会保存在本机，联网后自动同步。',
    signIn: '登录',
    signOut: '退出登录',
    confirmTitle: '确定退出登录？',
    confirmPending: '还有 {count} 条操作尚未同步到服务器。退出后它们会保留在本机，下一位同事登录后仍以操作人本人的名义发送。',
    confirmSignOut: '退出登录',
    cancel: '取消',
  },
  /** Commands of earlier shifts still waiting at this workstation (sign-in screen, sync status). */
  waiting: {
    title: '本机还有尚未同步的操作',
    byPerson: '各账号待同步的操作',
    signed_in: '{name}（当前账号）：{count} 条操作等待同步。',
    kept: '{name}：{count} 条操作等待同步，将以 {name} 的名义发送。',
    needs_sign_in: '{name}：{count} 条操作需要 {name} 重新登录后才能发送，不会以其他账号的名义发送。',
  },
};

export const enUS: typeof zhCN = {
  title: 'Sign in',
  subtitle: 'Sign in with your staff account',
  username: 'Username',
  usernamePlaceholder: 'e.g. wh1',
  password: 'Password',
  passwordPlaceholder: 'Enter your password',
  submit: 'Sign in',
  advanced: 'Advanced',
  server: 'Server address',
  serverHint: 'The app’s own address is used by default; change it only when your administrator asks you to.',
  offlineHint: 'Works offline if you signed in here before: use the same password, and your work syncs once the network is back.',
  errors: {
    invalid_credentials: 'Wrong username or password. Please try again.',
    rate_limited: 'Too many sign-in attempts. Please wait a minute and try again.',
    offline_unknown_user: 'The server cannot be reached and this account has never signed in at this workstation, so it cannot sign in offline. Check the network or the server address.',
    server_error: 'The server ran into a problem. Please try again later.',
    storage_error: 'Local storage failed, so the sign-in could not be saved. Check the browser’s storage permission or free disk space.',
  },
  header: {
    staff: 'Signed in',
    offline: 'Working offline',
    offlineHint: 'Not connected to the server: your work is kept on this workstation and syncs once the connection is back.',
    signIn: 'Sign in',
    signOut: 'Sign out',
    confirmTitle: 'Sign out?',
    confirmPending:
      '{count} action has not reached the server yet. It stays on this workstation and is still sent under the name of the person who did it after the next person signs in. | {count} actions have not reached the server yet. They stay on this workstation and are still sent under the name of the person who did them after the next person signs in.',
    confirmSignOut: 'Sign out',
    cancel: 'Cancel',
  },
  waiting: {
    title: 'Actions on this workstation have not reached the server yet',
    byPerson: 'Waiting actions by person',
    signed_in: '{name} (signed in): {count} action is waiting to sync. | {name} (signed in): {count} actions are waiting to sync.',
    kept: '{name}: {count} action is waiting; it will be sent under {name}’s name. | {name}: {count} actions are waiting; they will be sent under {name}’s name.',
    needs_sign_in:
      '{name}: {count} action is waiting for {name} to sign in again; it is never sent under anyone else’s name. | {name}: {count} actions are waiting for {name} to sign in again; they are never sent under anyone else’s name.',
  },
};
