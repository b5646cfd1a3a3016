import { formatCents, formatEuros, formatHundredths } from '../../../src/core/money';

describe('money formatting (integer cents, exact)', () => {
  it('writes cents as a plain two-decimal amount for machines', () => {
    expect(formatCents(123_456_789)).toBe('1234567.89');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(-1_234_50)).toBe('-1234.50');
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it('writes cents with thousands separators and the euro sign for people', () => {
    expect(formatEuros(80_000_00)).toBe('80,000.00 €');
    expect(formatEuros(5)).toBe('0.05 €');
    expect(formatEuros(-1_234_567_89)).toBe('-1,234,567.89 €');
    expect(formatEuros(999_99)).toBe('999.99 €');
  });

  it('refuses amounts that are not integer cents', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => formatCents(bad)).toThrow(RangeError);
      expect(() => formatEuros(bad)).toThrow(RangeError);
    }
  });

  it('serves any hundredths, e.g. percentages', () => {
    expect(formatHundredths(3334)).toBe('33.34');
    expect(formatHundredths(1_000_000, true)).toBe('10,000.00');
  });
});
