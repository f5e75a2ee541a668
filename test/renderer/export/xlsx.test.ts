import { describe, expect, it } from 'vitest';
import { sheetData, xlsxBlob } from '../../../renderer/src/export/xlsx';

describe('XLSX writer', () => {
  it('writes a bold header and amounts as yuan numbers with two decimals', () => {
    const data = sheetData(['单号', '现金'], [[{ text: 'RMA1' }, { minor: 5850 }], [{ text: 'RMA2' }, { minor: -1 }]]);
    expect(data[0]).toEqual([
      { value: '单号', type: String, fontWeight: 'bold' },
      { value: '现金', type: String, fontWeight: 'bold' },
    ]);
    expect(data[1]).toEqual([{ value: 'RMA1', type: String }, { value: 58.5, type: Number, format: '0.00' }]);
    expect(data[2]?.[1]).toEqual({ value: -0.01, type: Number, format: '0.00' });
  });

  it('produces a zip package (an .xlsx file)', async () => {
    const blob = await xlsxBlob(['单号'], [[{ text: 'RMA1' }]], '退款明细');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
  });
});
