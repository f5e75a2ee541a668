/**
 * The refund export (退款导出): one row per refund paid, with the case, the order, the buyer
 * (masked), every part of the breakdown in yuan with two decimals, who approved it and when.
 * The same rows feed the CSV and the XLSX writers; the column titles come from i18n.
 */
import { formatMinor, type Minor } from '../../../../shared/domain';
import type { CsvCell } from '../../export/csv';
import type { XlsxCell } from '../../export/xlsx';
import { adjustmentsOf, maskBuyer, type RefundRow } from './refunds';

export const EXPORT_COLUMNS = [
  'caseNo',
  'orderNo',
  'buyer',
  'caseType',
  'quantity',
  'goods',
  'coins',
  'outboundShipping',
  'returnShipping',
  'taxDeduction',
  'adjustments',
  'cash',
  'approver',
  'approvedAt',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Columns holding amounts (minor units in the record, yuan in the file). */
export const MONEY_COLUMNS: ReadonlySet<ExportColumn> = new Set<ExportColumn>(['goods', 'coins', 'outboundShipping', 'returnShipping', 'taxDeduction', 'adjustments', 'cash']);

/** Who approved a refund and when, as this workstation knows it. */
export interface Approval {
  by: string;
  at: string;
}

export type ExportRecord = Record<ExportColumn, string | Minor>;

/** Local date and time as a spreadsheet shows it: 2026-03-01 10:05:09. */
export function localStamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * One refund's record. `approval` is what this desk recorded (its own approval command); without
 * one the case's end time is the approval time and the approver is left blank, since the sync
 * feed carries the folded case, not who issued each step.
 */
export function exportRecord(row: RefundRow, approval: Approval | undefined, typeName: (type: string) => string): ExportRecord {
  const c = row.view.data;
  const r = c.refund;
  return {
    caseNo: row.view.caseNo,
    orderNo: row.view.orderNo,
    buyer: maskBuyer(row.order),
    caseType: typeName(c.type),
    quantity: String(c.quantity),
    goods: r?.goods ?? 0,
    coins: r?.coins ?? 0,
    outboundShipping: r?.outboundShipping ?? 0,
    returnShipping: r?.returnShipping ?? 0,
    // A deduction, shown as the negative amount it takes off the cash.
    taxDeduction: -(r?.taxDeduction ?? 0),
    adjustments: adjustmentsOf(c),
    cash: r?.cash ?? 0,
    approver: approval?.by ?? '',
    approvedAt: localStamp(approval?.at ?? c.endedAt ?? c.updatedAt),
  };
}

export function csvCells(record: ExportRecord): CsvCell[] {
  return EXPORT_COLUMNS.map((col) => {
    const v = record[col];
    return MONEY_COLUMNS.has(col) ? formatMinor(v as Minor) : String(v);
  });
}

export function xlsxCells(record: ExportRecord): XlsxCell[] {
  return EXPORT_COLUMNS.map((col) => {
    const v = record[col];
    return MONEY_COLUMNS.has(col) ? { minor: v as Minor } : { text: String(v) };
  });
}

/** Local calendar day of a time: 2026-03-01. */
export function localDay(ms: number): string {
  return localStamp(new Date(ms).toISOString()).slice(0, 10);
}

/** refunds_2026-03-01.csv for one day, refunds_2026-03-01_2026-03-07.xlsx for a range (both days included). */
export function exportFileName(firstDay: string, lastDay: string, ext: 'csv' | 'xlsx'): string {
  return firstDay === lastDay ? `refunds_${firstDay}.${ext}` : `refunds_${firstDay}_${lastDay}.${ext}`;
}
