/**
 * parseDkimKey reads tags in place (issue 20: no array of parts per key). It must read every record exactly as the
 * plain reading does: split at ';', a tag where a part has '=' after at least one character, names trimmed and
 * lowercased, whitespace removed from values, a later tag of the same name winning.
 */
import { parseDkimKey } from '../../verify/checks/dkim-selector';

function reference(record: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of record.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  return tags;
}

const PIECES = ['v', 'p', 'k', 'h', 'T', '=', '==', ';', ';;', ' ', '\t', '\r\n', 'DKIM1', 'rsa', 'MIIBIjAN', 'a+b/c=', '__proto__', 'constructor', 'ÿ'];

describe('parseDkimKey', () => {
  test('reads 20,000 generated records exactly as split-and-indexOf does', () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      let record = '';
      for (let j = next(16); j > 0; j--) record += PIECES[next(PIECES.length)];
      const got = parseDkimKey(record);
      expect([record, Object.entries(got)]).toEqual([record, Object.entries(reference(record))]);
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    }
  });

  test.each([
    ['', {}],
    ['v=DKIM1; k=rsa; p=AB CD', { v: 'DKIM1', k: 'rsa', p: 'ABCD' }],
    ['=x; p=; ;P = a = b;', { p: 'a=b' }],
    ['p=a;p=b', { p: 'b' }],
    [';;;;', {}],
    ['no equals here', {}],
  ])('%j', (record, tags) => {
    expect(parseDkimKey(record)).toEqual(tags);
  });
});
