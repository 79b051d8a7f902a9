/**
 * XML text → the plain object tree of one report (xml-reader.ts: one bounded pass, entities never expanded,
 * attributes dropped, namespace prefixes removed so both formats read alike, values kept as strings).
 */
import { REPORT_LIMITS, ReportLimits, showBytes } from '../limits';
import { readXml, XmlReadError } from './xml-reader';

export interface XmlTree {
  /** The root element's local name. */
  readonly root: string;
  readonly value: unknown;
}

/** Thrown with a message that says what is wrong with the text (the caller adds the origin). */
export class XmlRefused extends Error {}

export function parseXml(xml: string, limits: ReportLimits = REPORT_LIMITS): XmlTree {
  // The readers stop at this size already; a text handed in directly is held to it too.
  if (xml.length > limits.reportBytes) throw new XmlRefused(`is ${xml.length.toLocaleString('en')} characters of XML, over the limit of ${showBytes(limits.reportBytes)} per report`);
  let tree;
  try {
    tree = readXml(xml, limits);
  } catch (e) {
    if (!(e instanceof XmlReadError)) throw e;
    const where = e.at === undefined ? '' : ` (${position(xml, e.at)})`;
    throw new XmlRefused(e.malformed ? `is not well-formed XML: ${e.message}${where}` : `${e.message}${where}`);
  }
  const roots = Object.keys(tree);
  if (roots.length !== 1) throw new XmlRefused(roots.length === 0 ? 'has no root element' : `has ${roots.length} root elements`);
  return { root: roots[0]!, value: tree[roots[0]!] };
}

/** `line 3, column 17` of an offset (counted only when a report is refused). */
function position(xml: string, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = xml.indexOf('\n'); i >= 0 && i < at; i = xml.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${at - lineStart + 1}`;
}
