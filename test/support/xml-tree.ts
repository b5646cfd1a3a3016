import { DOMParser, type Element, onErrorStopParsing } from '@xmldom/xmldom';

/**
 * An XML document as a plain tree that tests can match with toEqual. Parsing only: whether an export is valid is
 * xmllint's job against the official schema (iati-schema.ts).
 */

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Character data directly inside the element (entities decoded). */
  text: string;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

function toNode(element: Element): XmlNode {
  const node: XmlNode = { name: element.tagName, attrs: {}, children: [], text: '' };
  for (const attr of Array.from(element.attributes)) node.attrs[attr.name] = attr.value;
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType === ELEMENT_NODE) node.children.push(toNode(child as Element));
    else if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) node.text += child.nodeValue ?? '';
  }
  return node;
}

/** The root element of the document; throws on anything not well-formed (errors stop parsing, not only fatal ones). */
export function parseXml(xml: string): XmlNode {
  const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
  if (!doc.documentElement) throw new Error('XML document without a root element');
  return toNode(doc.documentElement);
}
