import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RuleText } from '../../../src/core/domain-rules';
import { DomainError, ruleViolated } from '../../../src/core/domain-error';
import { formatGraphQLError } from '../../../src/graphql/format-error';
import { readmeSection } from '../../support/readme';

/**
 * The rule codes are a contract with clients: declared once per context (`src/**\/<context>.rules.ts`), each raised
 * somewhere, none declared twice, and listed in the README as the code has them.
 */

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Aggregates a code may be about; its prefix names one. */
const AGGREGATE_PREFIXES = [
  'DISTRICT_',
  'BODY_',
  'GOAL_',
  'MEASURE_',
  'GRANT_',
  'RECEIPT_',
  'PROGRAMME_',
  'ACTION_FIELD_',
  'API_KEY_',
  'WEBHOOK_',
  'LOG_',
];

const sourceFiles = (suffix: string): string[] =>
  ['src', 'projections'].flatMap((root) =>
    readdirSync(join(REPO_ROOT, root), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith(suffix))
      .map((file) => join(REPO_ROOT, root, file)),
  );

type Declared = { code: string; text: RuleText; file: string };

async function declaredRules(): Promise<Declared[]> {
  const declared: Declared[] = [];
  for (const file of sourceFiles('.rules.ts').sort()) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const catalogue of Object.values(module)) {
      for (const [code, text] of Object.entries(catalogue as Record<string, RuleText>)) {
        declared.push({ code, text, file: relative(REPO_ROOT, file) });
      }
    }
  }
  return declared;
}

/** The README table: one row per code, in code order (which groups them by aggregate). */
const renderTable = (rules: readonly Declared[]): string =>
  [
    '| rule | meaning | Bedeutung |',
    '|---|---|---|',
    ...[...rules]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map(({ code, text }) => `| \`${code}\` | ${text.en} | ${text.de} |`),
  ].join('\n');

describe('domain rule codes', () => {
  let rules: Declared[];
  beforeAll(async () => {
    rules = await declaredRules();
  });

  it('are declared by every context whose deciders refuse commands', () => {
    const files = new Set(rules.map((rule) => rule.file));
    for (const decider of sourceFiles('.decider.ts')) {
      if (!readFileSync(decider, 'utf8').includes('ruleViolated(')) continue;
      const folder = relative(REPO_ROOT, join(decider, '..'));
      expect([...files].some((file) => file.startsWith(`${folder}/`))).toBe(true);
    }
  });

  it('are SCREAMING_SNAKE, start with their aggregate and say in one line, in English and German, what they mean', () => {
    expect(rules.length).toBeGreaterThan(100);
    for (const { code, text } of rules) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
      expect(AGGREGATE_PREFIXES.filter((prefix) => code.startsWith(prefix))).toHaveLength(1);
      for (const line of [text.en, text.de]) {
        expect(line.trim()).not.toBe('');
        expect(line).not.toMatch(/[\n|]/);
      }
    }
  });

  it('are never declared twice, not even by two contexts', () => {
    const seen = new Map<string, string>();
    const twice = rules.filter(({ code, file }) => seen.has(code) || !seen.set(code, file)).map(({ code }) => code);
    expect(twice).toEqual([]);
  });

  it('is what every ruleViolated call names, as a literal; every declared code is raised somewhere', () => {
    const declared = new Set(rules.map((rule) => rule.code));
    const raised = new Set<string>();
    for (const file of sourceFiles('.ts')) {
      const source = readFileSync(file, 'utf8');
      // The four-eyes helper (src/core/persons.ts) passes on the code its caller names as its third argument.
      const forwards = file.endsWith(join('core', 'persons.ts')) ? 1 : 0;
      const calls = (source.match(/\bruleViolated\(/g)?.length ?? 0) - forwards;
      const named = [
        ...source.matchAll(/\bruleViolated\(\s*'([A-Z0-9_]+)'/g),
        ...source.matchAll(/\bassertAnotherPerson\(\s*[^,]+,\s*[^,]+,\s*'([A-Z0-9_]+)'/g),
      ].map((match) => match[1]);
      const namedByHelper = source.match(/\bassertAnotherPerson\(/g)?.length ?? 0;
      // A computed code would escape this check (and a client's lookup): each call names its code.
      const helperCalls = forwards ? 0 : namedByHelper;
      expect({ file, named: named.length }).toEqual({ file, named: calls + helperCalls });
      for (const code of named) {
        expect({ file, code, declared: declared.has(code) }).toEqual({ file, code, declared: true });
        raised.add(code);
      }
      // ruleViolated is the only way to a DOMAIN_RULE error, so none leaves without its code.
      if (!file.endsWith(join('core', 'domain-error.ts'))) expect(source).not.toMatch(/DomainError\(\s*'DOMAIN_RULE'/);
    }
    expect([...declared].filter((code) => !raised.has(code))).toEqual([]);
  });

  it('travel in extensions.rule next to extensions.code', () => {
    const error = ruleViolated('GRANT_FOUR_EYES', 'An approval must be decided by someone other than the applicant', {
      actorId: 'alice',
    });
    expect(error).toBeInstanceOf(DomainError);
    const formatted = formatGraphQLError({ message: 'x', path: ['approveGrant'] }, error, () => undefined);
    expect(formatted.extensions).toEqual({ actorId: 'alice', code: 'DOMAIN_RULE', rule: 'GRANT_FOUR_EYES' });
  });

  it('are listed in the README as the code has them', () => {
    expect(readmeSection('domain-rules-table')).toBe(renderTable(rules));
  });
});
