/**
 * CSV for spreadsheets (Papa Parse): UTF-8 with a byte-order mark so Excel reads Chinese text as
 * UTF-8, CRLF line ends, and a field quoted only when it holds a comma, a quote or a line break
 * (quotes inside doubled). Text that a spreadsheet would run as a formula is defused.
 */
import Papa from 'papaparse';

/** The UTF-8 byte-order mark, as the first character of the file. */
export const BOM = '\uFEFF';

export type CsvCell = string | number;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A text cell a spreadsheet would take for a formula (`=HYPERLINK(…)`, `+1`, `@SUM`) gets a
 * leading apostrophe; a plain number such as `-5.00` is left alone.
 */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The whole file as text: BOM, header row, one row per record. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const body = Papa.unparse(
    { fields: header.map(defuseFormula), data: rows.map((row) => row.map((cell) => (typeof cell === 'number' ? String(cell) : defuseFormula(cell)))) },
    { quotes: false, quoteChar: '"', escapeChar: '"', delimiter: ',', newline: '\r\n', header: true },
  );
  return `${BOM}${body}\r\n`;
}

export const CSV_MIME = 'text/csv;charset=utf-8';

export function csvBlob(text: string): Blob {
  return new Blob([text], { type: CSV_MIME });
}
