/**
 * A very small XML writer: elements as plain objects, serialised with every text and attribute value escaped in one
 * place. No dependency; enough for the IATI export.
 */

export type XmlAttrValue = string | number | boolean | null | undefined;
/** Attributes in the order they are written; null and undefined values are left out. */
export type XmlAttrs = Readonly<Record<string, XmlAttrValue>>;

export interface XmlElement {
  name: string;
  attrs: XmlAttrs;
  children: XmlElement[];
  /** Text content; an element has either text or children. */
  text: string | null;
}

/** Characters XML 1.0 does not allow at all (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters that cannot appear in an XML document by U+FFFD, so the file stays well-formed. */
const legal = (value: string) => value.replace(NOT_XML_CHAR, '\uFFFD');

/** Text content: `&`, `<`, `>` as entities; CR as a character reference (a parser would turn a raw CR into LF). */
export function escapeText(value: string): string {
  return legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/**
 * An attribute value in double quotes: `&<>"'` as entities, tab/LF/CR as character references (a parser would turn
 * raw ones into spaces).
 */
export function escapeAttr(value: string): string {
  return legal(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

type Child = XmlElement | null | undefined | false;

/** An element with child elements (falsy children are dropped, so optional parts read inline). */
export function el(name: string, attrs: XmlAttrs = {}, children: readonly Child[] = []): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlElement => Boolean(c)), text: null };
}

/** An element with text content. */
export function textEl(name: string, attrs: XmlAttrs, text: string): XmlElement {
  return { name, attrs, children: [], text };
}

function attrString(value: Exclude<XmlAttrValue, null | undefined>): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function serialise(element: XmlElement, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(element.attrs)
    .filter((entry): entry is [string, Exclude<XmlAttrValue, null | undefined>] => entry[1] !== null && entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttr(attrString(value))}"`)
    .join('');
  if (element.text !== null) {
    out.push(`${pad}<${element.name}${attrs}>${escapeText(element.text)}</${element.name}>\n`);
  } else if (element.children.length === 0) {
    out.push(`${pad}<${element.name}${attrs}/>\n`);
  } else {
    out.push(`${pad}<${element.name}${attrs}>\n`);
    for (const child of element.children) serialise(child, depth + 1, out);
    out.push(`${pad}</${element.name}>\n`);
  }
}

/** The document: XML declaration (UTF-8) and the root element, indented by two spaces. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  serialise(root, 0, out);
  return out.join('');
}
