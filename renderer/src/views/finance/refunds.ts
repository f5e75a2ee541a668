/**
 * The refund queue (待退款) as plain functions over loaded rows: the filters (date range, amount,
 * type, warehouse, shop), the search, the sort, the totals of a selection, and the buyer's
 * masked contact. The rows come from the local store (`financeQuery.ts`); nothing here reads it.
 */
import type { AfterSalesCase, CaseType, Minor } from '../../../../shared/domain';
import type { CaseViewRow, OrderRow } from '../../db/types';
import { maskName } from '../cs/caseFacts';

export interface RefundRow {
  view: CaseViewRow;
  order: OrderRow | undefined;
}

export const REFUND_SORTS = ['due', 'cash_desc', 'cash_asc', 'oldest', 'case_no'] as const;
export type RefundSort = (typeof REFUND_SORTS)[number];

export interface RefundFilters {
  /** Arrived at finance on or after (ISO), or null. */
  from: string | null;
  /** Arrived at finance before (ISO, exclusive), or null. */
  to: string | null;
  /** Cash to refund, minor units, inclusive. */
  amountMin: Minor | null;
  amountMax: Minor | null;
  types: CaseType[];
  warehouses: string[];
  shops: string[];
}

export function emptyRefundFilters(): RefundFilters {
  return { from: null, to: null, amountMin: null, amountMax: null, types: [], warehouses: [], shops: [] };
}

export function activeRefundFilters(f: RefundFilters): number {
  let n = 0;
  if (f.from !== null || f.to !== null) n += 1;
  if (f.amountMin !== null || f.amountMax !== null) n += 1;
  if (f.types.length > 0) n += 1;
  if (f.warehouses.length > 0) n += 1;
  if (f.shops.length > 0) n += 1;
  return n;
}

/** The return warehouse of a case ('' when its goods never came back). */
export function warehouseOf(c: AfterSalesCase): string {
  return c.returnAddress?.warehouseId ?? '';
}

/** The shop (店铺) an order was sold in, when the order system sends one ('' otherwise). */
export function shopOf(order: OrderRow | undefined): string {
  const raw = order?.raw ?? {};
  const shop = raw.shopName ?? raw.shop ?? raw.shopId;
  return typeof shop === 'string' ? shop : '';
}

export function cashOf(c: AfterSalesCase): Minor {
  return c.refund?.cash ?? 0;
}

function matchesSearch(row: RefundRow, text: string): boolean {
  const raw = text.trim();
  if (raw === '') return true;
  const upper = raw.toUpperCase();
  if (row.view.caseNo.toUpperCase().startsWith(upper) || row.view.orderNo.toUpperCase().startsWith(upper)) return true;
  if (/^\d{4}$/.test(raw) && row.view.buyerPhoneTail === raw) return true;
  return row.view.returnTrackingNo !== '' && row.view.returnTrackingNo.startsWith(upper);
}

export function matchesFilters(row: RefundRow, f: RefundFilters): boolean {
  const c = row.view.data;
  const arrived = c.stateEnteredAt;
  if (f.from !== null && arrived < f.from) return false;
  if (f.to !== null && arrived >= f.to) return false;
  const cash = cashOf(c);
  if (f.amountMin !== null && cash < f.amountMin) return false;
  if (f.amountMax !== null && cash > f.amountMax) return false;
  if (f.types.length > 0 && !f.types.includes(c.type)) return false;
  if (f.warehouses.length > 0 && !f.warehouses.includes(warehouseOf(c))) return false;
  if (f.shops.length > 0 && !f.shops.includes(shopOf(row.order))) return false;
  return true;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function comparator(sort: RefundSort): (a: RefundRow, b: RefundRow) => number {
  switch (sort) {
    case 'due':
      // No deadline sorts last; ties by case number so the order is stable.
      return (a, b) => compareText(a.view.dueAt || '\uffff', b.view.dueAt || '\uffff') || compareText(a.view.caseNo, b.view.caseNo);
    case 'cash_desc':
      return (a, b) => cashOf(b.view.data) - cashOf(a.view.data) || compareText(a.view.caseNo, b.view.caseNo);
    case 'cash_asc':
      return (a, b) => cashOf(a.view.data) - cashOf(b.view.data) || compareText(a.view.caseNo, b.view.caseNo);
    case 'oldest':
      return (a, b) => compareText(a.view.data.stateEnteredAt, b.view.data.stateEnteredAt) || compareText(a.view.caseNo, b.view.caseNo);
    case 'case_no':
      return (a, b) => compareText(a.view.caseNo, b.view.caseNo);
  }
}

/** The queue as shown: filtered, searched and sorted. */
export function refundQueue(rows: readonly RefundRow[], filters: RefundFilters, search: string, sort: RefundSort): RefundRow[] {
  return rows.filter((r) => matchesFilters(r, filters) && matchesSearch(r, search)).sort(comparator(sort));
}

export interface SelectionTotals {
  /** Cases with a refund to pay. */
  count: number;
  /** Cash to pay back, minor units. */
  cash: Minor;
  /** Coins given back as coins, minor units of value. */
  coins: Minor;
}

/** What approving these cases pays out (a case without a computed refund adds nothing). */
export function selectionTotals(cases: Iterable<Pick<AfterSalesCase, 'refund'>>): SelectionTotals {
  const totals: SelectionTotals = { count: 0, cash: 0, coins: 0 };
  for (const c of cases) {
    if (!c.refund) continue;
    totals.count += 1;
    totals.cash += c.refund.cash;
    totals.coins += c.refund.coins;
  }
  return totals;
}

/** Sum of the CS adjustments of a refund (override, shipping subsidy, dispute agreement). */
export function adjustmentsOf(c: Pick<AfterSalesCase, 'refund'>): Minor {
  let sum = 0;
  for (const a of c.refund?.adjustments ?? []) sum += a.amount;
  return sum;
}

/**
 * A phone number for a shared screen or a file: 13812345678 → 138****5678. Only digits count
 * (separators dropped); a number too short to keep both ends shows its last two digits. A number
 * the central API already reduced (finance receives ****5678) is shown as it came.
 */
export function maskPhone(phone: string | null | undefined): string {
  const raw = (phone ?? '').trim();
  if (raw.includes('*')) return raw;
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 0) return '';
  if (digits.length >= 8) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** The buyer as a file or a shared screen shows them: 张* 138****5678. */
export function maskBuyer(order: Pick<OrderRow, 'buyerName' | 'buyerPhone'> | undefined): string {
  if (!order) return '';
  return [maskName(order.buyerName), maskPhone(order.buyerPhone)].filter((s) => s !== '').join(' ');
}
