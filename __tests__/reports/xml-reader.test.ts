// The bounded XML reader: the same tree as fast-xml-parser (the parser it replaced) for every well-formed document,
// malformed XML refused with a place, and every XML bound of the limits table refused at its edge, before a tree.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { X2jOptions, XMLParser, XMLValidator } from 'fast-xml-parser';
import { REPORT_LIMITS, ReportLimits } from '../../reports/limits';
import { parseXml } from '../../reports/parse/xml';
import { readXml } from '../../reports/parse/xml-reader';
import { reportXml, NOV_1, platformRow } from './report-xml';

// The options `reports` gave fast-xml-parser before it had its own reader (the bench baseline still uses them).
const { FAST_XML_PARSER_OPTIONS } = require('../../scripts/bench-reports-baseline') as { FAST_XML_PARSER_OPTIONS: X2jOptions };
const fxp = new XMLParser(FAST_XML_PARSER_OPTIONS);

const refusal = (xml: string, limits: ReportLimits = REPORT_LIMITS): string => {
  try {
    parseXml(xml, limits);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal, the XML was read');
};

describe('the same tree as fast-xml-parser', () => {
  test('the fixtures and generated reports of both formats', () => {
    const fixtures = join(__dirname, 'fixtures');
    const docs = readdirSync(fixtures)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => readFileSync(join(fixtures, f), 'utf8'));
    docs.push(reportXml({ format: 'rfc9990', reportId: 'r', domain: 'example.org', p: 'none', testing: 'y', begin: NOV_1, rows: [platformRow('example.org', '192.0.2.1', 3), { ip: '2001:db8::1', count: 1 }] }));
    expect(docs.length).toBeGreaterThanOrEqual(6);
    for (const xml of docs) expect(readXml(xml, REPORT_LIMITS)).toEqual(fxp.parse(xml));
  });

  // Documents made of the constructs reports use and a few they could: prefixes, repeated names, mixed content,
  // comments inside text, CDATA, processing instructions, attributes with `>` in their values, entity references,
  // CRLF line ends, Unicode spaces at the edges of text.
  const name = fc.constantFrom('a', 'b', 'record', 'dmarc:record', 'x:b', 'x.y-z', 'é');
  const piece = fc.constantFrom(' ', '\n', '\t', 'x', 'two words', ' v ', '&amp;', '&#60;', '&lt;&gt;', '1.5', 'é', '\u00a0', '\r\n', '>', ']]');
  const text = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
  const attributes = fc.constantFrom('', ' a="1"', " b='x y'", ' xmlns:dmarc="urn:ietf:params:xml:ns:dmarc-2.0"', ' c = "2" ', ' d=">" e="&lt;"');
  type Content = string | { readonly element: Element } | { readonly comment: string } | { readonly cdata: string } | { readonly pi: true };
  interface Element {
    readonly name: string;
    readonly attributes: string;
    readonly content: readonly Content[];
    readonly selfClosing: boolean;
  }
  const { element } = fc.letrec<{ element: Element; content: Content }>((tie) => ({
    element: fc.record({ name, attributes, content: fc.array(tie('content'), { maxLength: 4 }), selfClosing: fc.boolean() }),
    content: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      tie('element').map((e) => ({ element: e })),
      fc.constantFrom(' c ', '', '<a>').map((comment) => ({ comment })),
      fc.constantFrom('x', '  ', '', 'a<b>').map((cdata) => ({ cdata })),
      fc.constant({ pi: true as const }),
    ),
  }));
  const write = (e: Element): string => {
    if (e.selfClosing && e.content.length === 0) return `<${e.name}${e.attributes}/>`;
    const inner = e.content
      .map((c) => (typeof c === 'string' ? c : 'element' in c ? write(c.element) : 'comment' in c ? `<!--${c.comment}-->` : 'cdata' in c ? `<![CDATA[${c.cdata}]]>` : '<?pi x?>'))
      .join('');
    return `<${e.name}${e.attributes}>${inner}</${e.name}>`;
  };
  const documents = fc
    .tuple(fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n'), element, fc.constantFrom('', '\n', '<!-- end -->\n'))
    .map(([declaration, root, tail]) => `${declaration}${write(root)}${tail}`);

  test('generated documents', () => {
    fc.assert(
      fc.property(documents, (xml) => {
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(readXml(xml, REPORT_LIMITS)).toEqual(fxp.parse(xml));
      }),
      { numRuns: 400 },
    );
  });
});

describe('where this reader differs from fast-xml-parser, on purpose', () => {
  test('CDATA is literal: its & reads back as written (fast-xml-parser let the decoder turn &amp; into &)', () => {
    const { decodeXmlText } = require('../../reports/parse/xml-text') as typeof import('../../reports/parse/xml-text');
    const tree = readXml('<a><![CDATA[AT&T &amp; co]]></a>', REPORT_LIMITS);
    expect(decodeXmlText(tree.a as string)).toBe('AT&T &amp; co');
  });

  test('names that are properties of every object are refused with the name', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(refusal(`<feedback><${name}>1</${name}></feedback>`)).toBe(`the element name "${name}" is refused (it names a property of every JavaScript object) (line 1, column 11)`);
    }
    expect(({} as Record<string, unknown>)['1']).toBeUndefined();
  });
});

describe('malformed XML: refused with what and where', () => {
  test.each([
    ['a wrong end tag', '<a>\n  <b>1</c>\n</a>', 'expected </b>, found </c> (line 2, column 7)'],
    ['an end tag without a start', '<a></a></b>', 'end tag </b> without a start tag (line 1, column 8)'],
    ['an element left open', '<a><b>1</b>', '<a> is not closed (line 1, column 12)'],
    ['text outside the root', '<a/>x', 'text outside the root element (line 1, column 5)'],
    ['text before the root', 'hello <a/>', 'text outside the root element (line 1, column 1)'],
    ['a bare &', '<a>AT & T</a>', '"&" that starts no character or entity reference (write &amp;) (line 1, column 4)'],
    ['a name that is not a name', '<1a/>', '"1a" is not an element name (line 1, column 1)'],
    ['two prefixes', '<a:b:c/>', '"a:b:c" is not an element name (line 1, column 1)'],
    ['an unquoted attribute', '<a x=1/>', 'the value of attribute x is not quoted (line 1, column 6)'],
    ['an attribute without a value', '<a x/>', 'attribute x of <a> has no value (line 1, column 4)'],
    ['an attribute twice', '<a x="1" x="2"/>', 'attribute x appears twice in <a> (line 1, column 10)'],
    ['no space between attributes', '<a x="1"y="2"/>', 'no space before an attribute of <a> (line 1, column 9)'],
    ['an attribute value left open', '<a x="1/>', 'the value of attribute x is not closed (line 1, column 6)'],
    ['a comment left open', '<a><!-- x</a>', 'comment is not closed (line 1, column 4)'],
    ['a CDATA section left open', '<a><![CDATA[x</a>', 'CDATA section is not closed (line 1, column 4)'],
    ['an XML declaration not at the start', '<a><?xml version="1.0"?></a>', 'XML declaration that is not at the start (line 1, column 4)'],
    ['another declaration', '<a><!ELEMENT a ANY></a>', '"<!" that starts no comment or CDATA section (line 1, column 4)'],
    ['a tag cut off', '<a', '<a> is not closed (line 1, column 1)'],
  ])('%s', (_what, xml, message) => {
    expect(refusal(xml)).toBe(`is not well-formed XML: ${message}`);
  });

  test('DOCTYPE and ENTITY are refused as such, wherever they are', () => {
    expect(refusal('<!DOCTYPE a><a/>')).toBe('has a DOCTYPE declaration: refused (DMARC reports never have one, and it could declare entities)');
    expect(refusal('<a><!doctype a></a>')).toMatch(/^has a DOCTYPE declaration/);
    expect(refusal('<a><!ENTITY x "y"></a>')).toBe('declares an entity: refused');
  });

  test('read alike: a BOM, CRLF line ends, a comment inside a value, two roots of one name', () => {
    expect(readXml('\ufeff<a>\r\n x\r\ny \r\n</a>', REPORT_LIMITS)).toEqual({ a: 'x\ny' });
    expect(readXml('<a>goo<!-- ignore -->gle.com</a>', REPORT_LIMITS)).toEqual({ a: 'google.com' });
    expect(readXml('<a>1</a>\n<a/>', REPORT_LIMITS)).toEqual({ a: ['1', ''] });
    expect(refusal('<a/><b/>')).toBe('has 2 root elements');
    expect(refusal('')).toBe('has no root element');
  });
});

describe('every XML bound, at its edge, before a tree is built', () => {
  const small: ReportLimits = { ...REPORT_LIMITS, xmlElements: 5, xmlDepth: 3, xmlNameChars: 8, xmlAttributes: 2, xmlAttributeChars: 10, xmlTextChars: 12, reportBytes: 200 };
  const reads = (xml: string) => expect(() => parseXml(xml, small)).not.toThrow();

  test('elements: 5 read, 6 refused', () => {
    reads('<a><b/><b/><b/><b/></a>');
    expect(refusal('<a><b/><b/><b/><b/><b/></a>', small)).toBe('has more than 5 elements, the limit per report (line 1, column 20)');
  });

  test('comments, CDATA sections and processing instructions count as elements (each costs the reader as much)', () => {
    reads('<a><!--1--><![CDATA[2]]><?p 3?><b/></a>');
    expect(refusal('<a><!--1--><![CDATA[2]]><?p 3?><b/><!--5--></a>', small)).toBe('has more than 5 elements, comments and other markup, the limit per report (line 1, column 36)');
  });

  test('text joined across comments is held to the limit as it grows', () => {
    reads('<a>0123<!---->4567<!---->8901</a>');
    expect(refusal('<a>0123456<!---->789012<!---->x</a>', { ...small, xmlElements: 100 })).toBe('has more than 12 characters of text in <a>, the limit per element (line 1, column 24)');
  });

  test('depth: 3 read, 4 refused', () => {
    reads('<a><b><c/></b></a>');
    reads('<a><b><c></c></b></a>');
    expect(refusal('<a><b><c><d></d></c></b></a>', small)).toBe('nests elements more than 3 deep (the limit; a report needs 5) (line 1, column 10)');
  });

  test('names: 8 characters read, 9 refused (elements and attributes)', () => {
    reads('<abcdefgh/>');
    expect(refusal('<abcdefghi/>', small)).toBe('has an element name of more than 8 characters, the limit (line 1, column 1)');
    expect(refusal('<a abcdefghi="1"/>', small)).toBe('has an attribute name of more than 8 characters, the limit (line 1, column 4)');
  });

  test('attributes: 2 read, 3 refused; values of 10 characters read, 11 refused', () => {
    reads('<a x="0123456789" y=""/>');
    expect(refusal('<a x="" y="" z=""/>', small)).toBe('has an element with more than 2 attributes, the limit per element (line 1, column 1)');
    expect(refusal('<a x="01234567890"/>', small)).toBe('has an attribute value of 11 characters, over the limit of 10 (line 1, column 6)');
  });

  test('text: 12 characters per element read, 13 refused, however it is split', () => {
    reads('<a>012345678901</a>');
    reads('<a>012345<b/>678901</a>');
    expect(refusal('<a>0123456789012</a>', small)).toBe('has more than 12 characters of text in <a>, the limit per element (line 1, column 4)');
    expect(refusal('<a>0123456<b/>789012</a>', small)).toMatch(/^has more than 12 characters of text in <a>/);
    expect(refusal('<a><![CDATA[0123456789012]]></a>', small)).toMatch(/^has more than 12 characters of text in <a>/);
  });

  test('the whole text: over reportBytes is refused before it is read', () => {
    expect(refusal(`<a>${' '.repeat(200)}</a>`, small)).toBe('is 207 characters of XML, over the limit of 200 bytes per report');
  });

  // The shapes of issue 15 at the default limits, a few MB each here (cli-hostile.int.test.ts runs them at 31 MB
  // through the CLI and measures their cost; 2 million elements take too long for this loop).
  test.each([
    ['a huge attribute', () => `<feedback a="${'y'.repeat(4 * 1024 * 1024 + 1)}"/>`, /^has an attribute value of 4,194,305 characters, over the limit of 4,194,304/],
    ['many attributes', () => `<feedback ${Array.from({ length: 40 }, (_, i) => `a${i}=""`).join(' ')}/>`, /^has an element with more than 32 attributes/],
    ['a huge text', () => `<feedback>${'x'.repeat(4 * 1024 * 1024 + 1)}</feedback>`, /^has more than 4,194,304 characters of text in <feedback>/],
    ['deep nesting', () => `${'<a>'.repeat(17)}${'</a>'.repeat(17)}`, /^nests elements more than 16 deep/],
  ])('%s', (_shape, make, message) => {
    expect(refusal(make())).toMatch(message);
  });
});
