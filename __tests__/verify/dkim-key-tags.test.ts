/**
 * parseDkimKey removes whitespace from tag values (RFC 6376 §3.6.1 allows folding whitespace inside `p=`) and leaves
 * a value without any as it is, without rebuilding it (issue 20). Both must give what one global replace gives.
 */
import { parseDkimKey } from '../../verify/checks/dkim-selector';

/** The straightforward reading: every value through one global replace. */
function straightforward(record: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of record.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  return tags;
}

const KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu5X+/abc=';

describe('parseDkimKey', () => {
  test.each([
    ['no whitespace', `v=DKIM1;k=rsa;p=${KEY}`],
    ['spaces around tags', `v=DKIM1; k=rsa; p=${KEY}`],
    ['folded p= (spaces, tabs, CRLF)', `v=DKIM1; k=rsa; p=MIIBIjANBgkq hkiG9w0B\tAQEFAAOC\r\n AQ8AMIIB`],
    ['Unicode spaces that \\s matches (NBSP, line separator, BOM)', `v=DKIM1; p=MIIB\u00a0IjAN\u2028Bgkq\ufeffhkiG`],
    ['an empty p= (revoked)', 'v=DKIM1; p='],
    ['a value of whitespace only', 'v=DKIM1; p=  \t '],
    ['a tag without =, and = first', 'v=DKIM1; junk; =x; p=AB CD'],
    ['upper-case tag names', 'V=DKIM1; P=AB\tCD'],
  ])('%s', (_, record) => {
    expect(parseDkimKey(record)).toEqual(straightforward(record));
  });

  test('a value without whitespace is returned as it was written', () => {
    expect(parseDkimKey(`v=DKIM1; p=${KEY}`).p).toBe(KEY);
    expect(parseDkimKey('v=DKIM1; p=AB C\tD').p).toBe('ABCD');
  });
});
