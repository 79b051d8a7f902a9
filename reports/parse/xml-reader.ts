/**
 * The XML reader of aggregate reports: one pass over the text that checks it is well-formed, enforces every XML bound
 * of the limits table as it goes (elements, depth, names, attributes, text per element), and builds the plain object
 * tree the report parser reads. A report over a bound is refused at the point it crosses it, so a refused report never
 * becomes a tree, and the cost of any report is linear in its size with no step that grows faster.
 *
 * The tree (what fast-xml-parser gave with the options this project used, so the report parser reads it unchanged):
 * - an element with child elements is an object, children by local name; a name seen again makes an array in
 *   document order; the element's own text, if any, is under `#text`;
 * - an element without child elements is its text ('' when empty);
 * - text is trimmed per run (a run ends at a child element, a CDATA section or a processing instruction; a comment
 *   does not end it), line ends are normalised to `\n`;
 * - attributes are checked for form and bounds, then dropped: the report's data is all in elements;
 * - comments and processing instructions are skipped; CDATA is literal text (its `&` written as `&amp;`, so that
 *   xml-text.ts gives it back as it was);
 * - entity references stay as written (decoded later for the values read, xml-text.ts); nothing is ever expanded,
 *   and a DOCTYPE is refused.
 */
import { ReportLimits } from '../limits';
import { isAttributeName, localName, XmlNameError } from './xml-names';

export type XmlNode = { [name: string]: XmlValue | XmlValue[] };
export type XmlValue = string | XmlNode;

/** Why the text was refused; `at` is the offset of the problem (the caller turns it into a line and a column). */
export class XmlReadError extends Error {
  constructor(
    message: string,
    /** undefined: a refusal of the whole text, without a place. */
    readonly at: number | undefined,
    /** true: not XML at all (malformed); false: XML over one of the bounds, or a construct reports never use. */
    readonly malformed: boolean,
  ) {
    super(message);
  }
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;

/** The ASCII characters String.prototype.trim removes (the reader trims like fast-xml-parser did). */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12;
}

/** `&name;`, `&#10;`, `&#xA;`: what may follow an `&` in text (XML 1.0 §4.1). */
const REFERENCE = /&(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:\u00B7\u00C0-\uFFFD-]*);/y;

/** Reads the whole text; returns the top level (normally one root element). Throws XmlReadError. */
export function readXml(xml: string, limits: ReportLimits): XmlNode {
  return new XmlReader(xml, limits).read();
}

class XmlReader {
  private readonly len: number;
  private elements = 0;
  private depth = 0;
  // The open elements, outermost first: name as written (for the end tag), local name, children, text so far.
  private readonly raw: string[] = [];
  private readonly local: string[] = [];
  private readonly kids: (XmlNode | undefined)[] = [];
  private readonly text: string[] = [];
  private readonly top: XmlNode = {};
  /** Start of the text run not yet taken, and the parts of it before comments. */
  private runStart = 0;
  private pending = '';
  // Next `&` and `\r` in the text, found once and reused: a text without them costs no search per value.
  private nextAmp = -1;
  private nextCr = -1;

  constructor(
    private readonly xml: string,
    private readonly limits: ReportLimits,
  ) {
    this.len = xml.length;
  }

  read(): XmlNode {
    const { xml } = this;
    let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
    const start = pos;
    this.runStart = pos;
    for (;;) {
      const lt = xml.indexOf('<', pos);
      if (lt < 0) break;
      const c = xml.charCodeAt(lt + 1);
      if (c === BANG && xml.charCodeAt(lt + 2) === 45 && xml.charCodeAt(lt + 3) === 45) {
        pos = this.comment(lt);
        continue;
      }
      this.takeText(lt);
      if (c === SLASH) pos = this.endTag(lt);
      else if (c === BANG) pos = this.declaration(lt);
      else if (c === QUESTION) pos = this.instruction(lt, start);
      else pos = this.startTag(lt);
      this.runStart = pos;
    }
    this.takeText(this.len);
    if (this.depth > 0) throw new XmlReadError(`<${this.raw[this.depth - 1]}> is not closed`, this.len, true);
    return this.top;
  }

  // ---- markup

  /** Elements and the other markup passed over (comments, CDATA sections, processing instructions) share one bound. */
  private count(at: number, element: boolean): void {
    if (++this.elements > this.limits.xmlElements) {
      throw new XmlReadError(`has more than ${this.limits.xmlElements.toLocaleString('en')} elements${element ? '' : ', comments and other markup'}, the limit per report`, at, false);
    }
  }

  private startTag(lt: number): number {
    const { xml, len, limits } = this;
    this.count(lt, true);
    let p = lt + 1;
    while (p < len) {
      const c = xml.charCodeAt(p);
      if (c === GT || c === SLASH || isSpace(c)) break;
      p++;
    }
    if (p - lt - 1 > limits.xmlNameChars) throw new XmlReadError(`has an element name of more than ${limits.xmlNameChars} characters, the limit`, lt, false);
    const raw = xml.slice(lt + 1, p);
    const local = this.name(raw, lt);
    let selfClosing = false;
    let attributes = 0;
    let names: string[] | undefined;
    for (;;) {
      const before = p;
      while (p < len && isSpace(xml.charCodeAt(p))) p++;
      if (p >= len) throw new XmlReadError(`<${raw}> is not closed`, lt, true);
      const c = xml.charCodeAt(p);
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (xml.charCodeAt(p + 1) !== GT) throw new XmlReadError(`"/" inside <${raw}> that does not end it`, p, true);
        p += 2;
        selfClosing = true;
        break;
      }
      if (p === before) throw new XmlReadError(`no space before an attribute of <${raw}>`, p, true);
      if (++attributes > limits.xmlAttributes) throw new XmlReadError(`has an element with more than ${limits.xmlAttributes} attributes, the limit per element`, lt, false);
      const nameStart = p;
      while (p < len) {
        const n = xml.charCodeAt(p);
        if (n === EQUALS || n === GT || n === SLASH || n === LT || n === QUOTE || n === APOSTROPHE || isSpace(n)) break;
        p++;
      }
      if (p - nameStart > limits.xmlNameChars) throw new XmlReadError(`has an attribute name of more than ${limits.xmlNameChars} characters, the limit`, nameStart, false);
      const name = xml.slice(nameStart, p);
      if (!isAttributeName(name)) throw new XmlReadError(`${JSON.stringify(name.slice(0, 40))} is not an attribute name`, nameStart, true);
      while (p < len && isSpace(xml.charCodeAt(p))) p++;
      if (xml.charCodeAt(p) !== EQUALS) throw new XmlReadError(`attribute ${name} of <${raw}> has no value`, nameStart, true);
      p++;
      while (p < len && isSpace(xml.charCodeAt(p))) p++;
      const quote = xml.charCodeAt(p);
      if (quote !== QUOTE && quote !== APOSTROPHE) throw new XmlReadError(`the value of attribute ${name} is not quoted`, p, true);
      const close = xml.indexOf(quote === QUOTE ? '"' : "'", p + 1);
      if (close < 0) throw new XmlReadError(`the value of attribute ${name} is not closed`, p, true);
      if (close - p - 1 > limits.xmlAttributeChars) {
        throw new XmlReadError(`has an attribute value of ${(close - p - 1).toLocaleString('en')} characters, over the limit of ${limits.xmlAttributeChars.toLocaleString('en')}`, p, false);
      }
      if (names?.includes(name)) throw new XmlReadError(`attribute ${name} appears twice in <${raw}>`, nameStart, true);
      (names ??= []).push(name);
      p = close + 1;
    }
    if (selfClosing) {
      this.add(local, '');
      return p;
    }
    const d = this.depth;
    if (d >= limits.xmlDepth) throw new XmlReadError(`nests elements more than ${limits.xmlDepth} deep (the limit; a report needs 5)`, lt, false);
    this.raw[d] = raw;
    this.local[d] = local;
    this.kids[d] = undefined;
    this.text[d] = '';
    this.depth = d + 1;
    return p;
  }

  private endTag(lt: number): number {
    const { xml } = this;
    const d = this.depth - 1;
    const raw = d >= 0 ? this.raw[d]! : '';
    let p = lt + 2 + raw.length;
    if (d < 0 || !xml.startsWith(raw, lt + 2) || !(xml.charCodeAt(p) === GT || isSpace(xml.charCodeAt(p)))) {
      const end = xml.indexOf('>', lt);
      const found = xml.slice(lt + 2, end < 0 ? Math.min(this.len, lt + 42) : Math.min(end, lt + 42)).trim();
      throw new XmlReadError(d < 0 ? `end tag </${found}> without a start tag` : `expected </${raw}>, found </${found}>`, lt, true);
    }
    while (p < this.len && isSpace(xml.charCodeAt(p))) p++;
    if (xml.charCodeAt(p) !== GT) throw new XmlReadError(`end tag </${raw}> is not closed`, lt, true);
    const kids = this.kids[d];
    const text = this.text[d]!;
    let value: XmlValue;
    if (kids) {
      if (text) kids['#text'] = text;
      value = kids;
    } else value = text;
    this.depth = d;
    this.add(this.local[d]!, value);
    return p + 1;
  }

  /** `<!--`: skipped, and the text run goes on after it. */
  private comment(lt: number): number {
    this.count(lt, false);
    const end = this.xml.indexOf('-->', lt + 4);
    if (end < 0) throw new XmlReadError('comment is not closed', lt, true);
    if (lt > this.runStart) {
      this.pending += this.xml.slice(this.runStart, lt);
      if (this.pending.length > this.limits.xmlTextChars) {
        throw new XmlReadError(`has more than ${this.limits.xmlTextChars.toLocaleString('en')} characters of text in <${this.raw[this.depth - 1] ?? ''}>, the limit per element`, lt, false);
      }
    }
    this.runStart = end + 3;
    return end + 3;
  }

  /** `<![CDATA[`, else a DOCTYPE or another declaration, all refused. */
  private declaration(lt: number): number {
    const { xml } = this;
    if (xml.startsWith('[CDATA[', lt + 2)) {
      this.count(lt, false);
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) throw new XmlReadError('CDATA section is not closed', lt, true);
      if (end > lt + 9) {
        const content = xml.slice(lt + 9, end);
        if (this.depth === 0) throw new XmlReadError('text outside the root element', lt, true);
        const literal = content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content;
        this.appendText(literal.includes('&') ? literal.replace(/&/g, '&amp;') : literal, lt);
      }
      return end + 3;
    }
    const keyword = xml.slice(lt + 2, lt + 9).toUpperCase();
    if (keyword === 'DOCTYPE') throw new XmlReadError('has a DOCTYPE declaration: refused (DMARC reports never have one, and it could declare entities)', undefined, false);
    if (keyword.startsWith('ENTITY')) throw new XmlReadError('declares an entity: refused', undefined, false);
    throw new XmlReadError('"<!" that starts no comment or CDATA section', lt, true);
  }

  /** `<?target …?>`: skipped; the XML declaration only at the very start (XML 1.0 §2.8). */
  private instruction(lt: number, start: number): number {
    this.count(lt, false);
    const end = this.xml.indexOf('?>', lt + 2);
    if (end < 0) throw new XmlReadError('processing instruction is not closed', lt, true);
    if (lt !== start && /^xml(\s|\?)/i.test(this.xml.slice(lt + 2, lt + 6))) throw new XmlReadError('XML declaration that is not at the start', lt, true);
    return end + 2;
  }

  private name(raw: string, at: number): string {
    try {
      return localName(raw);
    } catch (e) {
      if (e instanceof XmlNameError) throw new XmlReadError(e.message, at, !/refused/.test(e.message));
      throw e;
    }
  }

  // ---- tree

  private add(name: string, value: XmlValue): void {
    const d = this.depth - 1;
    let into: XmlNode;
    if (d < 0) into = this.top;
    else {
      const kids = this.kids[d];
      into = kids ?? (this.kids[d] = {});
    }
    const existing = into[name];
    if (existing === undefined) into[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else into[name] = [existing, value];
  }

  // ---- text

  /** The text run from `runStart` to `end` (and the parts before comments): trimmed, checked, kept. */
  private takeText(end: number): void {
    const { xml } = this;
    let from = this.runStart;
    if (this.pending) {
      const whole = (this.pending + xml.slice(from, end)).trim();
      this.pending = '';
      if (whole) this.keepText(whole, from, -1);
      return;
    }
    while (from < end && isSpace(xml.charCodeAt(from))) from++;
    if (from === end) return;
    let to = end;
    while (isSpace(xml.charCodeAt(to - 1))) to--;
    let text = xml.slice(from, to);
    // String.prototype.trim also removes Unicode spaces (no-break space, BOM…): rare, so checked only at the edges.
    if (xml.charCodeAt(from) > 127 || xml.charCodeAt(to - 1) > 127) text = text.trim();
    if (text) this.keepText(text, from, to);
  }

  /** `to` is where the text ends in the document, or -1 when it was joined across comments (searched on its own). */
  private keepText(text: string, from: number, to: number): void {
    if (this.depth === 0) throw new XmlReadError('text outside the root element', from, true);
    if (to < 0 ? text.includes('&') : this.holds('&', from, to)) this.checkReferences(text, from);
    if (to < 0 ? text.includes('\r') : this.holds('\r', from, to)) text = text.replace(/\r\n?/g, '\n');
    this.appendText(text, from);
  }

  private appendText(text: string, at: number): void {
    const d = this.depth - 1;
    const now = this.text[d]!;
    if (now.length + text.length > this.limits.xmlTextChars) {
      throw new XmlReadError(`has more than ${this.limits.xmlTextChars.toLocaleString('en')} characters of text in <${this.raw[d]}>, the limit per element`, at, false);
    }
    this.text[d] = now ? now + text : text;
  }

  /** Whether `char` (`&` or `\r`) occurs in [from, to), with one search of the document per occurrence. */
  private holds(char: '&' | '\r', from: number, to: number): boolean {
    let next = char === '&' ? this.nextAmp : this.nextCr;
    if (next !== Infinity && next < from) {
      next = this.xml.indexOf(char, from);
      if (next < 0) next = Infinity;
      if (char === '&') this.nextAmp = next;
      else this.nextCr = next;
    }
    return next < to;
  }

  /** Every `&` starts a reference (XML 1.0 §4.1); they stay as written. */
  private checkReferences(text: string, at: number): void {
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      REFERENCE.lastIndex = i;
      if (!REFERENCE.test(text)) throw new XmlReadError('"&" that starts no character or entity reference (write &amp;)', at, true);
    }
  }
}
