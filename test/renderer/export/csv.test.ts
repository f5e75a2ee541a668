import { describe, expect, it } from 'vitest';
import { BOM, csvBlob, defuseFormula, toCsv } from '../../../renderer/src/export/csv';

describe('CSV writer', () => {
  it('starts with the UTF-8 byte-order mark and ends every row with CRLF', async () => {
    const text = toCsv(['单号', '金额'], [['RMA1', '18.50']]);
    expect(text).toBe(`${BOM}单号,金额\r\nRMA1,18.50\r\n`);
    const bytes = new Uint8Array(await csvBlob(text).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // 单 is E5 8D 95 in UTF-8, right after the mark.
    expect([...bytes.slice(3, 6)]).toEqual([0xe5, 0x8d, 0x95]);
  });

  it('quotes Chinese text holding commas, quotes or line breaks, and doubles the quotes inside', () => {
    const text = toCsv(['备注'], [['外箱破损，商品有划痕'], ['尺码偏小,换大一号'], ['买家说"没收到"'], ['第一行\n第二行'], ['回车\r\n换行']]);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('备注');
    // A full-width comma is plain text; an ASCII comma needs quotes.
    expect(lines[1]).toBe('外箱破损，商品有划痕');
    expect(lines[2]).toBe('"尺码偏小,换大一号"');
    expect(lines[3]).toBe('"买家说""没收到"""');
    expect(text).toContain('\r\n"第一行\n第二行"\r\n');
    expect(text).toContain('\r\n"回车\r\n换行"\r\n');
  });

  it('writes numbers as they are and defuses text a spreadsheet would run as a formula', () => {
    expect(defuseFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(defuseFormula('+86 138')).toBe("'+86 138");
    expect(defuseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(defuseFormula('-5.00')).toBe('-5.00');
    expect(defuseFormula('张三')).toBe('张三');
    expect(toCsv(['a', 'b'], [[-500, '-1.50']])).toBe(`${BOM}a,b\r\n-500,-1.50\r\n`);
  });
});
