import { Problems } from '../../model/problems';
import { MAX_TXT_STRING, splitTxt, validateTxtText } from '../../model/txt';

describe('splitTxt', () => {
  test('a value of at most 255 octets stays one string', () => {
    expect(splitTxt('v=spf1 ~all')).toEqual(['v=spf1 ~all']);
    expect(splitTxt('x'.repeat(255))).toEqual(['x'.repeat(255)]);
  });

  test('a long record is cut right after a space, so no term is split', () => {
    const terms = Array.from({ length: 30 }, (_, i) => `include:_spf${i}.example-sender.org`);
    const text = ['v=spf1', ...terms, '~all'].join(' ');
    const strings = splitTxt(text);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.join('')).toBe(text);
    for (const s of strings) expect(s.length).toBeLessThanOrEqual(MAX_TXT_STRING);
    // every cut falls between terms: each string but the last ends in a space, and re-splitting on spaces gives the terms
    for (const s of strings.slice(0, -1)) expect(s.endsWith(' ')).toBe(true);
    expect(strings.flatMap((s) => s.split(' ').filter(Boolean))).toEqual(['v=spf1', ...terms, '~all']);
  });

  test('a run without spaces longer than 255 is cut hard at 255', () => {
    const text = 'a'.repeat(600);
    expect(splitTxt(text).map((s) => s.length)).toEqual([255, 255, 90]);
  });
});

describe('validateTxtText', () => {
  test.each([
    ['a quote', 'say "hi"', '"\\""'],
    ['a backslash', 'a\\b', '"\\\\"'],
    ['a control character', 'a\tb', 'U+0009'],
    ['non-ASCII', 'café', 'U+00e9'],
  ])('rejects %s', (_what, text, shown) => {
    const problems = new Problems();
    expect(validateTxtText(text, problems.at('keepTxt').at(0))).toBe(false);
    expect(problems.errors[0]!.path).toBe('keepTxt[0]');
    expect(problems.errors[0]!.message).toContain('printable ASCII');
    expect(problems.errors[0]!.message).toContain(shown);
  });

  test('accepts printable ASCII', () => {
    const problems = new Problems();
    expect(validateTxtText('google-site-verification=abc_DEF-123', problems)).toBe(true);
    expect(problems.all).toEqual([]);
  });
});
