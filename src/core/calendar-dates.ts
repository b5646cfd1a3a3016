/** Arithmetic on calendar dates `YYYY-MM-DD` (business dates have no time zone). Pure: no clock. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const GERMAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

/** YYYY-MM-DD of an instant on the German calendar (en-CA formats dates as YYYY-MM-DD). */
export const isoDay = (instant: Date): string => GERMAN_DATE.format(instant);

/**
 * The same day `months` later (or earlier); a day the target month lacks becomes its last day (§ 188 (3) BGB), so
 * 31 Dec + 2 months = 28/29 Feb and 31 Aug + 6 months = 28/29 Feb.
 */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

/** The last day of the month of a calendar date. */
export function endOfMonth(isoDate: string): string {
  const [year, month] = isoDate.split('-').map(Number);
  return `${pad(year, 4)}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}
