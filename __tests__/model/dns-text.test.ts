// Issue 20: node:dns reads TXT records as latin1; verify decodes their bytes as UTF-8, and shows bytes that are not
// UTF-8 as escapes (never as U+FFFD), exact in JSON.
import { textOfDnsBytes } from '../../model/dns-text';
import { terminalText } from '../../model/terminal-text';
import { xml } from '../../verify/junit';

/** What node:dns hands over for these bytes: one latin1 character per byte. */
const asNodeGivesIt = (bytes: readonly number[] | Buffer) => Buffer.from(bytes as number[]).toString('latin1');

describe('textOfDnsBytes', () => {
  test.each([
    ['ASCII is kept as it is', Buffer.from('v=spf1 -all'), 'v=spf1 -all'],
    ['UTF-8 is decoded', Buffer.from('für ✓ 日本 😀', 'utf8'), 'für ✓ 日本 😀'],
    ['a stray byte', [0x63, 0x61, 0x66, 0xe9], 'caf\udce9'],
    ['a sequence cut short, then a space', [0x61, 0xc3, 0x20, 0x62], 'a\udcc3 b'],
    ['a sequence cut at the end', [0x61, 0xe2, 0x9c], 'a\udce2\udc9c'],
    ['an overlong "/"', [0xc0, 0xaf], '\udcc0\udcaf'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], '\udced\udca0\udc80'],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\udcf4\udc90\udc80\udc80'],
    ['0xFF and 0xFE', [0xff, 0x41, 0xfe], '\udcffA\udcfe'],
    ['valid text around a bad byte', [...Buffer.from('ü'), 0x80, ...Buffer.from('✓')], 'ü\udc80✓'],
  ])('%s', (_label, bytes, expected) => {
    expect(textOfDnsBytes(asNodeGivesIt(bytes))).toBe(expected);
  });

  test('every byte survives: the text maps back to the same bytes', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const text = textOfDnsBytes(asNodeGivesIt(bytes));
    const back = [...text].flatMap((c) => {
      const code = c.charCodeAt(0);
      return code >= 0xdc80 && code <= 0xdcff ? [code - 0xdc00] : [...Buffer.from(c, 'utf8')];
    });
    expect(Buffer.from(back)).toEqual(bytes);
    expect(text).not.toContain('\ufffd');
  });
});

describe('where the text is shown', () => {
  test('the terminal: decoded text as it is, bytes that are not UTF-8 as \\xNN, other lone surrogates as \\u{…}', () => {
    expect(terminalText('für ✓ 😀')).toBe('für ✓ 😀');
    expect(terminalText(textOfDnsBytes(asNodeGivesIt([0x63, 0x61, 0x66, 0xe9])))).toBe('caf\\xe9');
    expect(terminalText('a\ud800b\udc00')).toBe('a\\u{d800}b\\u{dc00}');
  });

  test('JSON keeps each byte exactly, as an escape that reads back to the same text', () => {
    const text = textOfDnsBytes(asNodeGivesIt([0x61, 0xff]));
    expect(JSON.stringify(text)).toBe('"a\\udcff"');
    expect(JSON.parse(JSON.stringify(text))).toBe(text);
  });

  test('JUnit XML: a byte that is not UTF-8 as \\xNN (XML cannot carry a lone surrogate)', () => {
    expect(xml(textOfDnsBytes(asNodeGivesIt([0x61, 0xff])))).toBe('a\\xff');
  });
});
