/** A notice in words: the case number, what happened or what is due, and when. */
import { stateText, formatTime } from '../../format/labels';
import { isOverdueNotice, type Notice } from './notices';

type Translate = (key: string, params?: Record<string, unknown>) => string;
type HasKey = (key: string) => boolean;

export type NoticeTag = 'sweeper' | 'due' | 'overdue';

export function noticeTag(n: Notice, now: string): NoticeTag {
  if (n.kind !== 'due') return 'sweeper';
  return isOverdueNotice(n, now) ? 'overdue' : 'due';
}

export function noticeText(t: Translate, te: HasKey, n: Notice, now: string, locale: string): string {
  const caseNo = n.caseNo || n.caseId;
  const time = formatTime(n.at, locale);
  switch (n.kind) {
    case 'auto_approved':
    case 'auto_confirmed':
      return t(`notifications.kinds.${n.kind}`, { caseNo });
    case 'auto_closed': {
      const key = `cs.closeCauses.${n.closeCause ?? ''}`;
      return t('notifications.kinds.auto_closed', { caseNo, cause: te(key) ? t(key) : (n.closeCause ?? '') });
    }
    case 'due':
      return t(isOverdueNotice(n, now) ? 'notifications.kinds.overdue' : 'notifications.kinds.due_soon', { caseNo, state: stateText(t, te, n.state), time });
  }
}
