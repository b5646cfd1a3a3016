/**
 * Money is integer euro cents everywhere in the ledger. These are the only places that turn cents into text, with
 * integer arithmetic only (no floating-point division), so an amount is never off by a cent.
 */

const requireInteger = (value: number, what: string) => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
};

/**
 * An integer count of hundredths as an exact decimal with two places: 123456789 → "1234567.89", -5 → "-0.05".
 * With `groupThousands` the whole part gets comma separators ("1,234,567.89").
 */
export function formatHundredths(hundredths: number, groupThousands = false): string {
  requireInteger(hundredths, 'An amount in hundredths');
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const whole = String((abs - (abs % 100)) / 100);
  const grouped = groupThousands ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${sign}${grouped}.${String(abs % 100).padStart(2, '0')}`;
}

/** Cents as a plain decimal euro amount for machines (CSV, IATI XML): 123450 → "1234.50". */
export const formatCents = (cents: number): string => formatHundredths(cents);

/** Cents as a euro amount for people (summaries): 8000000 → "80,000.00 €". */
export const formatEuros = (cents: number): string => `${formatHundredths(cents, true)} €`;

/** Cents as a euro amount for German readers (German summaries): 8000000 → "80.000,00 €". */
export const formatEurosDe = (cents: number): string =>
  `${formatHundredths(cents, true).replace(/[,.]/g, (mark) => (mark === ',' ? '.' : ','))} €`;
