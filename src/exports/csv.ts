/**
 * CSV per RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break,
 * quotes doubled. Files start with a UTF-8 byte-order mark so Excel reads umlauts right.
 */

export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One cell. Text that a spreadsheet would run as a formula gets a leading single quote; numbers (also a negative
 * amount written as text) are left as they are: they are not formulas.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const guarded = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Columns by name: the header row and each row come from the same list, so they cannot drift apart. */
export interface CsvColumn<R> {
  header: string;
  value: (row: R) => CsvCell;
}

export const csvHeader = <R>(columns: readonly CsvColumn<R>[]): string => csvRow(columns.map((c) => c.header));

export const csvLine = <R>(columns: readonly CsvColumn<R>[], row: R): string => csvRow(columns.map((c) => c.value(row)));
