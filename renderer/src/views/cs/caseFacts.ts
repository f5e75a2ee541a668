/**
 * What the queues and the case page show about a case, derived from the rule book: the service
 * level (SLA) from `nextDeadline`, the buyer-facing status from `buyerStatusOf`, the amount from
 * the refund breakdown or, before one is computed, the paid share of the claimed quantity.
 */
import { buyerStatusOf, isOverdue, nextDeadline, toIso, toMs, unitSlice, type AfterSalesCase, type BuyerStatus, type Deadline, type Policy } from '../../../../shared/domain';
import type { OrderRow } from '../../db/types';

/** A deadline this close is shown as due soon. */
export const DUE_SOON_MS = 24 * 3_600_000;

export type SlaTone = 'ok' | 'soon' | 'overdue';

export interface Sla {
  deadline: Deadline;
  tone: SlaTone;
  /** Milliseconds left (negative when overdue). */
  remainingMs: number;
}

export function slaOf(c: AfterSalesCase, policy: Policy, nowMs: number): Sla | null {
  const deadline = nextDeadline(c, policy);
  if (!deadline) return null;
  const remainingMs = toMs(deadline.dueAt) - nowMs;
  const tone: SlaTone = isOverdue(deadline, toIso(nowMs)) ? 'overdue' : remainingMs <= DUE_SOON_MS ? 'soon' : 'ok';
  return { deadline, tone, remainingMs };
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function durationParts(ms: number): DurationParts {
  const total = Math.floor(Math.abs(ms) / 1000);
  return { days: Math.floor(total / 86_400), hours: Math.floor((total % 86_400) / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** "2d 4h", "3h 12m", "12m 05s" (the two largest units), through i18n. */
export function formatDuration(t: Translate, ms: number): string {
  const p = durationParts(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (p.days > 0) return t('cs.duration.days', { d: p.days, h: p.hours });
  if (p.hours > 0) return t('cs.duration.hours', { h: p.hours, m: pad(p.minutes) });
  return t('cs.duration.minutes', { m: p.minutes, s: pad(p.seconds) });
}

/** Buyer's name with all but the first character hidden: 王** (privacy on a shared screen). */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export interface CaseAmount {
  value: number;
  /** True when it is the rule book's refund; false for the paid share of the claim (before a refund is computed). */
  computed: boolean;
}

export function lineOf(order: OrderRow | undefined, lineId: string) {
  return order?.lines.find((l) => l.id === lineId);
}

export function amountOf(c: AfterSalesCase, order: OrderRow | undefined): CaseAmount | null {
  if (c.refund) return { value: c.refund.cash, computed: true };
  const line = lineOf(order, c.lineId);
  if (!line || c.quantity > line.quantity) return null;
  return { value: unitSlice(line.paid, line.quantity, 0, c.quantity), computed: false };
}

export function buyerStatusText(t: Translate, c: AfterSalesCase): string {
  const status: BuyerStatus = buyerStatusOf(c);
  return t(`cs.buyerStatus.${status}`);
}
