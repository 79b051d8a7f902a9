import { canonicalName, isWithinZone, normalizeDomain, validateHostname } from '../../model/names';
import { Problems } from '../../model/problems';

function errorsOf(name: string): string[] {
  const problems = new Problems();
  validateHostname(normalizeDomain(name), problems.at('domain'));
  return problems.errors.map((p) => `${p.path}: ${p.message}`);
}

describe('normalizeDomain', () => {
  test.each([
    ['MosaMuseum.COM', 'mosamuseum.com'],
    ['mosamuseum.com.', 'mosamuseum.com'],
    ['  example.org ', 'example.org'],
    ['müller.ch', 'xn--mller-kva.ch'],
    ['BÜCHER.example', 'xn--bcher-kva.example'],
  ])('%s → %s', (input, expected) => expect(normalizeDomain(input)).toBe(expected));
});

describe('validateHostname', () => {
  test.each([
    ['', 'must not be empty'],
    ['localhost', 'at least two labels'],
    ['https://example.org', 'not a URL'],
    ['dmarc@example.org', 'not an email address'],
    ['192.0.2.1', 'not an IP address'],
    ['*.example.org', 'wildcard'],
    ['-bad.example.org', 'not starting or ending with a hyphen'],
    ['bad-.example.org', 'not starting or ending with a hyphen'],
    ['under_score.example.org', 'letters, digits and hyphens'],
    ['two..dots.org', 'empty labels'],
    [`${'a'.repeat(64)}.org`, 'at most 63 characters'],
    [`${'a.'.repeat(127)}org`, 'at most 253 characters'],
    ['example.123', 'all-numeric'],
  ])('rejects %j', (name, rule) => {
    const errors = errorsOf(name);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^domain: domain /);
    expect(errors[0]).toContain(rule);
  });

  test.each(['example.org', 'news.example.org', 'a-b.c0.example', `${'a'.repeat(63)}.org`, 'EXAMPLE.ORG.', 'xn--mller-kva.ch'])('accepts %j', (name) => {
    expect(errorsOf(name)).toEqual([]);
  });
});

test('isWithinZone is label-aware', () => {
  expect(isWithinZone('example.org', 'example.org')).toBe(true);
  expect(isWithinZone('news.example.org', 'example.org')).toBe(true);
  expect(isWithinZone('badexample.org', 'example.org')).toBe(false);
  expect(isWithinZone('example.org', 'news.example.org')).toBe(false);
});

test('canonicalName: trimmed, lowercase, one trailing dot dropped, no punycode', () => {
  expect(canonicalName(' Sel1-Mosa._DomainKey.DKIM.secutix.com. ')).toBe('sel1-mosa._domainkey.dkim.secutix.com');
  expect(canonicalName('müller.ch')).toBe('müller.ch');
});
