/**
 * About the size in bytes of `value` written as UTF-8 JSON, without writing it: strings count their UTF-8 bytes
 * (never less than V8 needs to hold them), numbers 8, the rest as JSON spells it. Where holding many events is the
 * cost (replay pages, subscriber buffers), this bounds memory by bytes rather than by count.
 */
export function jsonSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8') + 2;
  if (typeof value === 'number') return 8;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value === null || typeof value !== 'object') return 4;
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value) size += jsonSize(item) + 1;
    return size;
  }
  // Plain loop: this runs for every event a subscriber is sent.
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const member = record[key];
    if (member !== undefined) size += Buffer.byteLength(key, 'utf8') + 4 + jsonSize(member);
  }
  return size;
}
