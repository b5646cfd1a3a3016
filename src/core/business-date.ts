/**
 * Business dates (held on, adopted on, reference date) are calendar dates without a time zone. A fact cannot be
 * dated after the latest calendar date anywhere on earth at the moment it is recorded (UTC+14): a meeting held just
 * after midnight in Germany is accepted while UTC still shows the day before, and a date truly in the future is not.
 */
const MAX_UTC_OFFSET_MS = 14 * 60 * 60 * 1000;

export function latestPossibleDate(now: Date): string {
  return new Date(now.getTime() + MAX_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

export const isAfterToday = (isoDate: string, now: Date): boolean => isoDate > latestPossibleDate(now);
