/**
 * Messages of staff notifications (通知: the bell in the header, its list, the queue rows' flag)
 * and of the queues' owner filter (跟进人). The zh-CN object is the schema; en-US must have exactly
 * its keys. Close causes and states are worded by the `cs` section and `labels`.
 */
export const zhCN = {
  title: '通知',
  bell: '通知',
  unread: '没有未读通知 | {count} 条未读 | {count} 条未读',
  empty: '暂无通知：系统自动处理的售后单和即将到期的时限会显示在这里。',
  markAllRead: '全部标为已读',
  window: '到期提醒',
  windowHours: '提前 {hours} 小时 | 提前 {hours} 小时 | 提前 {hours} 小时',
  offline: '暂时无法连接服务器：已读标记保存在本机，联网后同步到你的其他工作站。',
  flag: '有未读通知',
  open: '打开售后单 {caseNo}',
  kinds: {
    auto_approved: '{caseNo} 审核超时，系统已自动同意',
    auto_closed: '{caseNo} 已被系统自动关闭：{cause}',
    auto_confirmed: '{caseNo} 买家未按时确认收货，系统已自动确认，售后完成',
    due_soon: '{caseNo}「{state}」将于 {time} 到期',
    overdue: '{caseNo}「{state}」已于 {time} 超时',
  },
  tags: {
    sweeper: '系统处理',
    due: '即将到期',
    overdue: '已超时',
  },
  ownerFilter: {
    label: '跟进人',
    any: '全部',
    mine: '我跟进的',
    unassigned: '未分配',
    staff: '指定员工',
  },
};

export const enUS: typeof zhCN = {
  title: 'Notifications',
  bell: 'Notifications',
  unread: 'No unread notifications | {count} unread notification | {count} unread notifications',
  empty: 'No notifications: cases the system handled on its own and deadlines coming due appear here.',
  markAllRead: 'Mark all as read',
  window: 'Remind before due',
  windowHours: '{hours} hour before | {hours} hour before | {hours} hours before',
  offline: 'The server cannot be reached: read marks are kept on this desk and reach your other desks once online.',
  flag: 'Unread notification',
  open: 'Open case {caseNo}',
  kinds: {
    auto_approved: '{caseNo} was approved automatically: the review timed out',
    auto_closed: '{caseNo} was closed automatically: {cause}',
    auto_confirmed: '{caseNo} was completed: the buyer did not confirm receipt in time, so the system did',
    due_soon: '{caseNo} ({state}) is due at {time}',
    overdue: '{caseNo} ({state}) has been overdue since {time}',
  },
  tags: {
    sweeper: 'System action',
    due: 'Due soon',
    overdue: 'Overdue',
  },
  ownerFilter: {
    label: 'Owner',
    any: 'Anyone',
    mine: 'Mine',
    unassigned: 'Unassigned',
    staff: 'A staff member',
  },
};
