/** The cases behind one bar of the return-rate charts (drill-down), newest first. */
import type { CaseState, Reason } from '../../../shared/domain';
import type { DayRange } from './aggregate';
import { isReturnCase, paidDays, returnDay } from './summary';
import type { CaseFacts, OrderFacts } from './facts';

export type DrillKey = { sku: string } | { reason: Reason };

export interface DrillCase {
  id: string;
  caseNo: string;
  sku: string;
  reason: Reason;
  state: CaseState;
  quantity: number;
}

/** The return cases behind a bar (as `aggregate` counts them) for the SKU or the reason, at most `limit`, newest first. */
export function drillCases(cases: Iterable<CaseFacts>, orders: Iterable<OrderFacts>, range: DayRange, key: DrillKey, limit = 200): { cases: DrillCase[]; total: number } {
  const paid = paidDays(orders);
  const hits: CaseFacts[] = [];
  for (const c of cases) {
    if (!isReturnCase(c)) continue;
    const day = returnDay(c, paid);
    if (day < range.from || day > range.to) continue;
    if ('sku' in key ? c.sku === key.sku : c.reason === key.reason) hits.push(c);
  }
  hits.sort((a, b) => b.openedDay - a.openedDay || b.caseNo.localeCompare(a.caseNo));
  return {
    total: hits.length,
    cases: hits.slice(0, limit).map((c) => ({ id: c.id, caseNo: c.caseNo, sku: c.sku, reason: c.reason, state: c.state, quantity: c.quantity })),
  };
}
