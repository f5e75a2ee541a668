/**
 * XLSX with write-excel-file (its browser entry): one sheet, a bold header row, amounts as numbers
 * with two decimals so a spreadsheet can sum them, text as text.
 */
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/browser';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell of the sheet: text, or an amount in minor units (written as yuan with two decimals). */
export type XlsxCell = { text: string } | { minor: number };

function cellOf(cell: XlsxCell): Cell {
  if ('minor' in cell) return { value: cell.minor / 100, type: Number, format: '0.00' };
  return { value: cell.text, type: String };
}

export function sheetData(header: readonly string[], rows: readonly (readonly XlsxCell[])[]): SheetData {
  return [header.map((h): Cell => ({ value: h, type: String, fontWeight: 'bold' })), ...rows.map((row) => row.map(cellOf))];
}

export async function xlsxBlob(header: readonly string[], rows: readonly (readonly XlsxCell[])[], sheet: string): Promise<Blob> {
  const data = sheetData(header, rows);
  return writeXlsxFile(data, { sheet: sheet.slice(0, 31), columns: header.map((h) => ({ width: Math.max(10, [...h].length * 2 + 2) })) }).toBlob();
}
