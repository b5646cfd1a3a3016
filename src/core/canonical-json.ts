/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. The same value always gives
 * the same string, which is what a hash chain needs.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null';
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Non-finite number in event');
    if (typeof value === 'bigint') throw new Error('bigint in event: use a number or string');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let json = '[';
    for (let i = 0; i < value.length; i++) json += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${json}]`;
  }
  // Plain loops: every command hashes its events, and this runs for each of their members.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let json = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    json += `${json.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${json}}`;
}
