/**
 * A strict check of an IATI 2.03 activity file for when the official XSD cannot be used (no xmllint, or the schema
 * files are not at hand): a small non-validating XML parser that rejects anything not well-formed, and a table of
 * the elements this export writes, with their children in schema order, their counts and required attributes, and
 * the lexical forms of dates, decimals and booleans. It is written from the 2.03 schema, independently of the
 * writer, and it is no substitute for the XSD: it knows only the subset of elements this export uses and rejects
 * any other.
 */

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Character data directly inside the element (entities decoded). */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /[A-Za-z_][-A-Za-z0-9._]*(?::[A-Za-z_][-A-Za-z0-9._]*)?/y;
const SPACE = /[ \t\r\n]*/y;
// eslint-disable-next-line no-control-regex
const ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses a document: optional XML declaration, comments, one root element. No DTD, no processing instructions. */
export function parseXml(input: string): XmlNode {
  const bad = ILLEGAL_CHAR.exec(input);
  if (bad) throw new XmlSyntaxError('Character not allowed in XML', bad.index);
  let pos = 0;
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, pos);
  };
  const skipSpace = () => {
    SPACE.lastIndex = pos;
    SPACE.exec(input);
    pos = SPACE.lastIndex;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(input);
    if (!match) fail('Name expected');
    pos = NAME.lastIndex;
    return match![0];
  };
  const decode = (raw: string, start: number): string =>
    raw.replace(/&([^;]*);?/g, (ref: string, body: string, at: number) => {
      if (!ref.endsWith(';')) throw new XmlSyntaxError('Unterminated entity reference', start + at);
      if (body in PREDEFINED) return PREDEFINED[body];
      const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
      if (!numeric) throw new XmlSyntaxError(`Unknown entity &${body};`, start + at);
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
      const char = code <= 0x10ffff ? String.fromCodePoint(code) : '\u0000';
      if (ILLEGAL_CHAR.test(char) || code === 0) throw new XmlSyntaxError(`Character reference ${ref} not allowed`, start + at);
      return char;
    });
  const comment = () => {
    const end = input.indexOf('-->', pos + 4);
    if (end < 0) fail('Unterminated comment');
    if (input.slice(pos + 4, end).includes('--')) fail('"--" inside a comment');
    pos = end + 3;
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (input.startsWith('<!--', pos)) comment();
      else return;
    }
  };
  const element = (): XmlNode => {
    if (input[pos] !== '<') fail('"<" expected');
    pos++;
    const node: XmlNode = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (input.startsWith('/>', pos)) {
        pos += 2;
        return node;
      }
      if (input[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('Whitespace expected before an attribute');
      const attr = name();
      skipSpace();
      if (input[pos] !== '=') fail('"=" expected');
      pos++;
      skipSpace();
      const quote = input[pos];
      if (quote !== '"' && quote !== "'") fail('Quoted attribute value expected');
      const end = input.indexOf(quote, pos + 1);
      if (end < 0) fail('Unterminated attribute value');
      const raw = input.slice(pos + 1, end);
      if (raw.includes('<')) fail('"<" in an attribute value');
      if (attr in node.attrs) fail(`Duplicate attribute ${attr}`);
      node.attrs[attr] = decode(raw.replace(/[\t\n\r]/g, ' '), pos + 1);
      pos = end + 1;
    }
    for (;;) {
      const next = input.indexOf('<', pos);
      if (next < 0) fail(`Element ${node.name} is not closed`);
      const raw = input.slice(pos, next);
      if (raw.includes(']]>')) fail('"]]>" in character data');
      node.text += decode(raw.replace(/\r\n?/g, '\n'), pos);
      pos = next;
      if (input.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        skipSpace();
        if (input[pos] !== '>') fail('">" expected');
        pos++;
        return node;
      }
      if (input.startsWith('<!--', pos)) comment();
      else if (input.startsWith('<![CDATA[', pos)) {
        const end = input.indexOf(']]>', pos);
        if (end < 0) fail('Unterminated CDATA section');
        node.text += input.slice(pos + 9, end);
        pos = end + 3;
      } else if (input.startsWith('<!', pos) || input.startsWith('<?', pos)) fail('Declarations and processing instructions are not allowed here');
      else node.children.push(element());
    }
  };

  if (input.startsWith('<?xml', pos)) {
    const end = input.indexOf('?>', pos);
    if (end < 0) fail('Unterminated XML declaration');
    if (!/^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z][-A-Za-z0-9._]*")?(\s+standalone="(yes|no)")?\s*$/.test(input.slice(pos, end))) {
      fail('Malformed XML declaration');
    }
    pos = end + 2;
  }
  misc();
  if (input.startsWith('<!DOCTYPE', pos)) fail('DOCTYPE is not allowed');
  const root = element();
  misc();
  if (pos !== input.length) fail('Content after the root element');
  return root;
}

type AttrType = 'string' | 'date' | 'dateTime' | 'decimal' | 'boolean' | 'positiveInteger' | 'int' | 'percentage';

interface ElementRule {
  /** Attribute → type; required ones are marked with a leading `!`. */
  attrs: Record<string, AttrType | `!${AttrType}`>;
  /** Children in schema order with [min, max] (max Infinity for unbounded); none → empty or text-only. */
  children?: [name: string, min: number, max: number][];
  /** Text content: required non-empty string, or a decimal. */
  text?: 'string' | 'decimal';
}

const N = Infinity;
const NARRATIVES_1: ElementRule = { attrs: { type: 'string' }, children: [['narrative', 1, N]] };
const NARRATIVES_0 = (attrs: ElementRule['attrs']): ElementRule => ({ attrs, children: [['narrative', 0, N]] });
const DATE_ONLY: ElementRule = { attrs: { 'iso-date': '!date' } };
const RESULT_VALUE: ElementRule = {
  attrs: { value: 'decimal' },
  children: [['location', 0, N], ['dimension', 0, N], ['comment', 0, 1], ['document-link', 0, N]],
};

/** The subset of iati-activities-schema.xsd 2.03 that this export writes (sequence order as in the schema). */
export const IATI_203_SUBSET: Record<string, ElementRule> = {
  'iati-activities': {
    attrs: { version: '!string', 'generated-datetime': 'dateTime', 'linked-data-default': 'string' },
    children: [['iati-activity', 1, N]],
  },
  'iati-activity': {
    attrs: {
      'last-updated-datetime': 'dateTime', 'xml:lang': 'string', 'default-currency': 'string', humanitarian: 'boolean',
      hierarchy: 'int', 'linked-data-uri': 'string', 'budget-not-provided': 'string',
    },
    children: [
      ['iati-identifier', 1, 1], ['reporting-org', 1, 1], ['title', 1, 1], ['description', 1, N],
      ['participating-org', 1, N], ['other-identifier', 0, N], ['activity-status', 1, 1], ['activity-date', 1, N],
      ['contact-info', 0, N], ['activity-scope', 0, 1], ['recipient-country', 0, N], ['recipient-region', 0, N],
      ['location', 0, N], ['sector', 0, N], ['tag', 0, N], ['country-budget-items', 0, 1], ['humanitarian-scope', 0, N],
      ['policy-marker', 0, N], ['collaboration-type', 0, 1], ['default-flow-type', 0, 1], ['default-finance-type', 0, 1],
      ['default-aid-type', 0, N], ['default-tied-status', 0, 1], ['budget', 0, N], ['planned-disbursement', 0, N],
      ['capital-spend', 0, 1], ['transaction', 0, N], ['document-link', 0, N], ['related-activity', 0, N],
      ['legacy-data', 0, N], ['conditions', 0, 1], ['result', 0, N], ['crs-add', 0, 1], ['fss', 0, 1],
    ],
  },
  'iati-identifier': { attrs: {}, text: 'string' },
  'reporting-org': NARRATIVES_0({ ref: '!string', type: '!string', 'secondary-reporter': 'boolean' }),
  narrative: { attrs: { 'xml:lang': 'string' }, text: 'string' },
  title: NARRATIVES_1,
  description: NARRATIVES_1,
  comment: NARRATIVES_1,
  'participating-org': NARRATIVES_0({ ref: 'string', type: 'string', role: '!string', 'activity-id': 'string', 'crs-channel-code': 'string' }),
  'activity-status': { attrs: { code: '!string' } },
  'activity-date': NARRATIVES_0({ 'iso-date': '!date', type: '!string' }),
  'recipient-country': NARRATIVES_0({ code: '!string', percentage: 'percentage' }),
  sector: NARRATIVES_0({ vocabulary: 'string', 'vocabulary-uri': 'string', code: '!string', percentage: 'percentage' }),
  budget: { attrs: { type: 'string', status: 'string' }, children: [['period-start', 1, 1], ['period-end', 1, 1], ['value', 1, 1]] },
  'period-start': DATE_ONLY,
  'period-end': DATE_ONLY,
  value: { attrs: { currency: 'string', 'value-date': '!date' }, text: 'decimal' },
  transaction: {
    attrs: { ref: 'string', humanitarian: 'boolean' },
    children: [
      ['transaction-type', 1, 1], ['transaction-date', 1, 1], ['value', 1, 1], ['description', 0, 1],
      ['provider-org', 0, 1], ['receiver-org', 0, 1], ['disbursement-channel', 0, 1], ['sector', 0, N],
      ['recipient-country', 0, 1], ['recipient-region', 0, 1], ['flow-type', 0, 1], ['finance-type', 0, 1],
      ['aid-type', 0, N], ['tied-status', 0, 1],
    ],
  },
  'transaction-type': { attrs: { code: '!string' } },
  'transaction-date': DATE_ONLY,
  'provider-org': NARRATIVES_0({ ref: 'string', 'provider-activity-id': 'string', type: 'string' }),
  result: {
    attrs: { type: '!string', 'aggregation-status': 'boolean' },
    children: [['title', 1, 1], ['description', 0, 1], ['document-link', 0, N], ['reference', 0, N], ['indicator', 1, N]],
  },
  indicator: {
    attrs: { measure: '!string', ascending: 'boolean', 'aggregation-status': 'boolean' },
    children: [
      ['title', 1, 1], ['description', 0, 1], ['document-link', 0, N], ['reference', 0, N], ['baseline', 0, N], ['period', 0, N],
    ],
  },
  reference: { attrs: { vocabulary: '!string', code: '!string', 'indicator-uri': 'string', 'vocabulary-uri': 'string' } },
  baseline: {
    attrs: { year: '!positiveInteger', 'iso-date': 'date', value: 'decimal' },
    children: [['location', 0, N], ['dimension', 0, N], ['document-link', 0, N], ['comment', 0, 1]],
  },
  period: { attrs: {}, children: [['period-start', 1, 1], ['period-end', 1, 1], ['target', 0, N], ['actual', 0, N]] },
  target: RESULT_VALUE,
  actual: RESULT_VALUE,
};

const DATE = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const validDate = (value: string) => {
  if (!DATE.test(value) && !DATE_TIME.test(value)) return false;
  const [y, m, d] = value.replace(/^-/, '').split(/[-T]/).map(Number);
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};

function lexicallyValid(type: AttrType, value: string): boolean {
  switch (type) {
    case 'string':
      return true;
    case 'date':
      return DATE.test(value) && validDate(value);
    case 'dateTime':
      return DATE_TIME.test(value) && validDate(value);
    case 'decimal':
      return DECIMAL.test(value);
    case 'percentage':
      return DECIMAL.test(value) && Number(value) >= 0 && Number(value) <= 100;
    case 'boolean':
      return /^(true|false|1|0)$/.test(value);
    case 'positiveInteger':
      return /^\+?0*[1-9]\d*$/.test(value);
    case 'int':
      return /^[+-]?\d+$/.test(value);
  }
}

/**
 * Problems of the document against the subset (empty when none): unknown elements or attributes, children out of
 * schema order or count, missing required attributes, malformed dates, decimals, booleans, empty text.
 */
export function checkIatiStructure(root: XmlNode): string[] {
  const problems: string[] = [];
  const visit = (node: XmlNode, path: string, index: number | null) => {
    const here = `${path}/${node.name}${index === null ? '' : `[${index}]`}`;
    const rule = IATI_203_SUBSET[node.name];
    if (!rule) {
      problems.push(`${here}: element not expected`);
      return;
    }
    for (const [attr, spec] of Object.entries(rule.attrs)) {
      const required = spec.startsWith('!');
      const type = spec.replace('!', '') as AttrType;
      const value = node.attrs[attr];
      if (value === undefined) {
        if (required) problems.push(`${here}: attribute ${attr} is required`);
      } else if (!lexicallyValid(type, value)) {
        problems.push(`${here}/@${attr}: "${value}" is not a valid ${type}`);
      }
    }
    for (const attr of Object.keys(node.attrs)) {
      if (!(attr in rule.attrs)) problems.push(`${here}: attribute ${attr} not expected`);
    }
    if (rule.text) {
      if (node.children.length > 0) problems.push(`${here}: has child elements, text expected`);
      const text = rule.text === 'decimal' ? node.text.trim() : node.text;
      if (text.trim() === '') problems.push(`${here}: text is empty`);
      else if (rule.text === 'decimal' && !DECIMAL.test(text)) problems.push(`${here}: "${text}" is not a decimal`);
    } else if (node.text.trim() !== '') {
      problems.push(`${here}: unexpected text "${node.text.trim().slice(0, 40)}"`);
    }
    const order = rule.children ?? [];
    let slot = 0;
    const counts = new Map<string, number>();
    for (const child of node.children) {
      const index = order.findIndex(([name]) => name === child.name);
      if (index < 0) problems.push(`${here}: child ${child.name} not expected`);
      else if (index < slot) problems.push(`${here}: ${child.name} must come before ${order[slot][0]}`);
      else slot = index;
      counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    }
    for (const [name, min, max] of order) {
      const count = counts.get(name) ?? 0;
      if (count < min) problems.push(`${here}: needs at least ${min} ${name}`);
      if (count > max) problems.push(`${here}: allows at most ${max} ${name}, has ${count}`);
    }
    node.children.forEach((child, i) => visit(child, here, i));
  };
  visit(root, '', null);
  if (root.name !== 'iati-activities') problems.unshift(`root is ${root.name}, expected iati-activities`);
  return problems;
}
