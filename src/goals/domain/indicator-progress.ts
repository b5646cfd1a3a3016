import type { Direction, IndicatorValue, MeasureType } from './goals.events';

/** What progress is measured against: the indicator's kind, direction, baseline and target. */
export type ProgressBasis = {
  measureType: MeasureType;
  direction: Direction;
  baseline: { value: IndicatorValue };
  target: { value: IndicatorValue };
};

/**
 * Progress towards the target in percent: (actual − baseline) / (target − baseline) × 100, clamped to 0–100 and
 * rounded to two decimals. For a descending indicator the distance is counted downwards, (baseline − actual) /
 * (baseline − target), so a fall towards the target is progress and a rise is none. Null for qualitative
 * indicators, and when the target does not lie in the indicator's direction (nothing to measure progress by).
 * Shared by the decider (frozen into reviews) and the read side (current progress after a target revision).
 */
export function progressPercent(basis: ProgressBasis, actual: IndicatorValue): number | null {
  const baseline = basis.baseline.value;
  const target = basis.target.value;
  if (basis.measureType === 'QUALITATIVE') return null;
  if (typeof actual !== 'number' || typeof baseline !== 'number' || typeof target !== 'number') return null;
  const sign = basis.direction === 'ASCENDING' ? 1 : -1;
  const distance = sign * (target - baseline);
  if (distance <= 0) return null;
  const percent = ((sign * (actual - baseline)) / distance) * 100;
  return Math.round(Math.min(100, Math.max(0, percent)) * 100) / 100;
}
