/** Small wording helpers for the audit summaries each context writes in its event registry (English and German). */

/** A list of names, or "nothing" / "nichts" when empty. */
export const listOf = (keys: readonly string[]): string => (keys.length === 0 ? 'nothing' : keys.join(', '));
export const listOfDe = (keys: readonly string[]): string => (keys.length === 0 ? 'nichts' : keys.join(', '));

/** `AT_RISK` → `at risk`: an enum value in English words. */
export const words = (value: string): string => value.toLowerCase().replace(/_/g, ' ');

/** `2025-02-28` → `28.02.2025`: a business date as German readers write it; anything else as it is. */
export const dateDe = (isoDate: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDate;
};
