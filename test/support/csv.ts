/** Reading the CSV exports in tests. */

const BOM = '\uFEFF';

/** RFC 4180: quoted fields may hold commas, CRLF and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

/**
 * The CSV as objects keyed by the header row. Read as bytes: fetch's text() would silently drop the byte-order mark
 * the file must start with.
 */
export async function csvRecords(response: Response): Promise<{ header: string[]; records: Record<string, string>[] }> {
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([...Buffer.from(BOM, 'utf8')]);
  const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
  for (const row of rows) expect(row).toHaveLength(header.length);
  return { header, records: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]]))) };
}
