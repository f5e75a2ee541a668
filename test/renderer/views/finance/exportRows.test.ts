import { describe, expect, it } from 'vitest';
import { toCsv, BOM } from '../../../../renderer/src/export/csv';
import { EXPORT_COLUMNS, csvCells, exportFileName, exportRecord, localDay, localStamp, xlsxCells } from '../../../../renderer/src/views/finance/exportRows';
import { row } from './support';

const typeName = (type: string): string => ({ return_refund: '退货退款' })[type] ?? type;

describe('refund export rows', () => {
  // Goods 48.50, coins 0.50, return shipping 10.00, tax points 1.46 deducted, an override of −2.00:
  // cash = 48.50 + 10.00 − 1.46 − 2.00 = 55.04.
  const r = row('A', {
    state: 'completed',
    endedAt: new Date(2026, 2, 1, 10, 5, 9).toISOString(),
    refund: {
      goods: 4850,
      coins: 50,
      outboundShipping: 0,
      returnShipping: 1000,
      taxDeduction: 146,
      adjustments: [{ kind: 'override', amount: -200, reason: '协商，扣除配件', by: 'staff-cs1', at: '2026-03-01T00:00:00.000Z' }],
      cash: 5504,
    },
  }, { caseNo: 'RMA2603000001', orderNo: 'NO-1' }, { buyerName: '张三', buyerPhone: '13812345678' });

  it('has one value per column, amounts in minor units, the buyer masked', () => {
    const rec = exportRecord(r, { by: '财务 Fang', at: new Date(2026, 2, 1, 11, 0, 0).toISOString() }, typeName);
    expect(Object.keys(rec)).toEqual([...EXPORT_COLUMNS]);
    expect(rec).toMatchObject({ caseNo: 'RMA2603000001', orderNo: 'NO-1', buyer: '张* 138****5678', caseType: '退货退款', quantity: '1', goods: 4850, coins: 50, returnShipping: 1000, taxDeduction: -146, adjustments: -200, cash: 5504, approver: '财务 Fang', approvedAt: '2026-03-01 11:00:00' });
  });

  it('writes yuan with two decimals in the CSV, and numbers in the spreadsheet', () => {
    const rec = exportRecord(r, undefined, typeName);
    expect(csvCells(rec)).toEqual(['RMA2603000001', 'NO-1', '张* 138****5678', '退货退款', '1', '48.50', '0.50', '0.00', '10.00', '-1.46', '-2.00', '55.04', '', '2026-03-01 10:05:09']);
    expect(xlsxCells(rec)[11]).toEqual({ minor: 5504 });
    expect(xlsxCells(rec)[0]).toEqual({ text: 'RMA2603000001' });
    const text = toCsv(['单号'], [csvCells(rec).slice(0, 1)]);
    expect(text.startsWith(BOM)).toBe(true);
  });

  it('names the file after its days', () => {
    expect(exportFileName('2026-03-01', '2026-03-01', 'csv')).toBe('refunds_2026-03-01.csv');
    expect(exportFileName('2026-03-01', '2026-03-07', 'xlsx')).toBe('refunds_2026-03-01_2026-03-07.xlsx');
    expect(localDay(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
    expect(localStamp('not a time')).toBe('not a time');
  });
});
