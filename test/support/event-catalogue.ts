import { join } from 'node:path';
import ts from 'typescript';
import { cloudEventType } from '../../src/integration/cloud-event';
import { EVENT_TYPES_BY_CATEGORY } from '../../src/event-registry';
import { REPO_ROOT } from './app';

/**
 * Generates the event catalogue (src/integration/event-catalogue.md) from the code: the event types each decider
 * records and the event registry makes public to integrators (src/event-registry.ts) with the fields of their data as the TypeScript types declare them,
 * doc comments included. The unit test event-catalogue.spec.ts keeps the file equal to this output.
 */

export const EVENT_CATALOGUE_FILE = join(REPO_ROOT, 'src', 'integration', 'event-catalogue.md');
export const REGENERATE_COMMAND =
  'UPDATE_EVENT_CATALOGUE=1 npx jest test/unit/integration/event-catalogue.spec.ts --selectProjects unit';

/** The union of every event the service records. */
const ALL_EVENTS = { file: join(REPO_ROOT, 'src', 'event-registry.ts'), alias: 'LedgerEvent' };

const TYPE_FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

interface Field {
  name: string;
  optional: boolean;
  type: string;
  doc: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

function docOf(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): string {
  return symbol ? oneLine(ts.displayPartsToString(symbol.getDocumentationComment(checker))) : '';
}

/** The named shapes (type aliases of the domain) a type refers to, for the "Shared shapes" section. */
function collectAliases(type: ts.Type, checker: ts.TypeChecker, into: Map<string, ts.Symbol>): void {
  const alias = type.aliasSymbol;
  if (alias && isDomainDeclaration(alias)) {
    if (into.has(alias.name)) return;
    into.set(alias.name, alias);
  }
  const parts = [
    ...(type.aliasTypeArguments ?? []),
    ...(type.isUnionOrIntersection() ? type.types : []),
    ...(checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference) : []),
    ...(type.flags & ts.TypeFlags.Object ? type.getProperties().map((p) => checker.getTypeOfSymbol(p)) : []),
  ];
  for (const part of parts) collectAliases(part, checker, into);
}

function isDomainDeclaration(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.includes('/src/'));
}

function fieldsOf(type: ts.Type, checker: ts.TypeChecker): Field[] {
  return checker.getPropertiesOfType(type).map((property) => {
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const propertyType = checker.getTypeOfSymbol(property);
    const shown = optional ? checker.getNonNullableType(propertyType) : propertyType;
    const text = checker.typeToString(shown, undefined, TYPE_FORMAT);
    return { name: property.name, optional, type: text, doc: docOf(property, checker) };
  });
}

function fieldTable(fields: readonly Field[]): string[] {
  if (fields.length === 0) return ['No fields.', ''];
  return [
    '| field | type | meaning |',
    '|---|---|---|',
    ...fields.map((f) => `| \`${f.name}\`${f.optional ? ' (optional)' : ''} | \`${cell(f.type)}\` | ${cell(f.doc)} |`),
    '',
  ];
}

export function renderEventCatalogue(): string {
  const program = ts.createProgram([ALL_EVENTS.file], { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ALL_EVENTS.file);
  if (!source) throw new Error(`Cannot read ${ALL_EVENTS.file}`);
  const union = source.statements.find(
    (s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === ALL_EVENTS.alias,
  );
  if (!union) throw new Error(`${ALL_EVENTS.alias} is not declared in ${ALL_EVENTS.file}`);

  const events = new Map<string, { doc: string; data: ts.Type }>();
  for (const member of (checker.getTypeAtLocation(union.name) as ts.UnionType).types) {
    const typeProperty = checker.getPropertyOfType(member, 'type');
    const dataProperty = checker.getPropertyOfType(member, 'data');
    if (!typeProperty || !dataProperty) throw new Error(`${checker.typeToString(member)} is not an event`);
    const name = (checker.getTypeOfSymbol(typeProperty) as ts.StringLiteralType).value;
    events.set(name, { doc: docOf(member.aliasSymbol, checker), data: checker.getTypeOfSymbol(dataProperty) });
  }

  const lines = [
    '# Event catalogue',
    '',
    '<!-- Generated from the code by test/support/event-catalogue.ts: do not edit. -->',
    `Generated from the event types the deciders record; regenerate with \`${REGENERATE_COMMAND}\`.`,
    '',
    'Each event reaches integrators as a CloudEvent (README, "For integrators") whose `type` is',
    '`stadtteil-ledger.<EventType>` and whose `data` holds the fields below. Money is integer euro cents, business',
    'dates are ISO dates (YYYY-MM-DD), ids are strings. Named shapes (`DatePeriod`, …) are listed at the end.',
    '',
  ];
  const shapes = new Map<string, ts.Symbol>();
  for (const [category, types] of EVENT_TYPES_BY_CATEGORY) {
    lines.push(`## Category \`${category}\` (streams \`${category}-<id>\`)`, '');
    for (const type of types) {
      const event = events.get(type);
      if (!event) throw new Error(`${type} is recorded by a decider but missing from ${ALL_EVENTS.alias}`);
      lines.push(`### \`${cloudEventType(type)}\``, '');
      if (event.doc) lines.push(event.doc, '');
      lines.push(...fieldTable(fieldsOf(event.data, checker)));
      collectAliases(event.data, checker, shapes);
    }
  }
  lines.push('## Shared shapes', '');
  for (const [name, symbol] of [...shapes].sort(([a], [b]) => a.localeCompare(b))) {
    const declared = checker.getDeclaredTypeOfSymbol(symbol);
    lines.push(`### \`${name}\``, '');
    const doc = docOf(symbol, checker);
    if (doc) lines.push(doc, '');
    if (declared.flags & ts.TypeFlags.Object || declared.isIntersection()) {
      lines.push(...fieldTable(fieldsOf(declared, checker)));
    } else {
      const text = checker.typeToString(declared, undefined, TYPE_FORMAT | ts.TypeFormatFlags.InTypeAlias);
      lines.push(`\`${cell(text)}\``, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
