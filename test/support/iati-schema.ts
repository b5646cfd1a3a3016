import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { announceSkip } from './skip-notice';

/**
 * Validation of IATI activity files against the official 2.03 XSD in test/fixtures/iati/, with Debian's xmllint
 * (package libxml2-utils). `--nonet`: the schema imports xml.xsd from the same folder and nothing is ever fetched.
 */

export const IATI_SCHEMA = resolve(__dirname, '..', 'fixtures', 'iati', 'iati-activities-schema.xsd');

const hasXmllint = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' }).status === 0;
/** CI sets CI=true (.ci/run's runner and GitHub Actions alike): there a validation that cannot run is a failure. */
const inCi = /^(1|true)$/i.test(process.env.CI ?? '');
/** Jest loads this module once per test file: one notice per file is loud enough. */
let skipAnnounced = false;

/** xmllint exits 3 (or 4) for a document that is not valid and 1 for one that is not well-formed. */
const DOCUMENT_ERROR = new Set([1, 3, 4]);

/**
 * The schema errors xmllint reports for the document ([] when it validates), or null when the validation cannot
 * run on this machine (xmllint or the schema missing), after saying so loudly. In CI that case throws instead.
 */
export function iatiSchemaErrors(xml: string): string[] | null {
  if (!hasXmllint || !existsSync(IATI_SCHEMA)) {
    const why =
      `IATI schema validation SKIPPED: xmllint ${hasXmllint ? 'found' : 'not found'}, ` +
      `schema ${existsSync(IATI_SCHEMA) ? 'found' : 'not found'} (test/fixtures/iati/iati-activities-schema.xsd). ` +
      'xmllint comes with the Debian package libxml2-utils; the schema files belong in test/fixtures/iati/.';
    if (inCi) throw new Error(why.replace('SKIPPED', 'cannot run in CI'));
    if (!skipAnnounced) announceSkip(why);
    skipAnnounced = true;
    return null;
  }
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', IATI_SCHEMA, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status === 0) return [];
  // Any other exit (e.g. 5: the schema itself did not compile) is a broken set-up, not a finding about the document.
  if (!DOCUMENT_ERROR.has(run.status ?? -1)) throw new Error(`xmllint exited ${run.status}: ${run.stderr}`);
  return run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && line !== '- fails to validate')
    .map((line) => line.replace(/^-:/, 'line '));
}

/** Expects the document to be valid IATI 2.03; without xmllint outside CI it only announces the skip. */
export function expectValidIati(xml: string): void {
  const errors = iatiSchemaErrors(xml);
  if (errors !== null) expect(errors).toEqual([]);
}
