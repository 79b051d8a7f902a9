/**
 * XML text → the plain object tree of one report, with fast-xml-parser: entities off, attributes ignored (the
 * report's data is all in elements), namespace prefixes removed so both formats read alike, values kept as strings.
 * Receivers never send a DOCTYPE, so a report with one is refused before parsing: no entity of any kind is
 * expanded. The parser itself is lenient (it accepts a wrong closing tag), so the text is validated first.
 */
import type { XMLParser as XmlParserType, X2jOptions } from 'fast-xml-parser';
import { REPORT_LIMITS, ReportLimits } from '../limits';

/** The parser options; the bench's baseline parses with exactly these. */
export function xmlParserOptions(limits: ReportLimits = REPORT_LIMITS): X2jOptions {
  return {
    processEntities: false,
    htmlEntities: false,
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    maxNestedTags: limits.xmlDepth,
  };
}

export interface XmlTree {
  /** The root element's local name. */
  readonly root: string;
  readonly value: unknown;
}

const parsers = new Map<ReportLimits, { parser: XmlParserType; validate: typeof import('fast-xml-parser').XMLValidator.validate }>();

function parserFor(limits: ReportLimits) {
  let entry = parsers.get(limits);
  if (!entry) {
    const { XMLParser, XMLValidator } = require('fast-xml-parser') as typeof import('fast-xml-parser');
    entry = { parser: new XMLParser(xmlParserOptions(limits)), validate: XMLValidator.validate };
    parsers.set(limits, entry);
  }
  return entry;
}

/** Thrown with a message that says what is wrong with the text (the caller adds the origin). */
export class XmlRefused extends Error {}

export function parseXml(xml: string, limits: ReportLimits = REPORT_LIMITS): XmlTree {
  if (/<!DOCTYPE/i.test(xml)) throw new XmlRefused('has a DOCTYPE declaration: refused (DMARC reports never have one, and it could declare entities)');
  if (/<!ENTITY/i.test(xml)) throw new XmlRefused('declares an entity: refused');
  const { parser, validate } = parserFor(limits);
  const valid = validate(xml);
  if (valid !== true) throw new XmlRefused(`is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    const message = (e as Error).message;
    if (/nested tags/i.test(message)) throw new XmlRefused(`nests elements more than ${limits.xmlDepth} deep (the limit; a report needs 5)`);
    throw new XmlRefused(`cannot be parsed: ${message}`);
  }
  const roots = Object.keys(tree);
  if (roots.length !== 1) throw new XmlRefused(roots.length === 0 ? 'has no root element' : `has ${roots.length} root elements`);
  return { root: roots[0]!, value: tree[roots[0]!] };
}
