import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A part of the README that the code generates (a table kept in step by a unit test): the text between
 * `<!-- <name>:begin -->` and `<!-- <name>:end -->`, trimmed.
 */
export function readmeSection(name: string): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no section ${begin} … ${end}`);
  return readme.slice(from + begin.length, to).trim();
}
