import fc from 'fast-check';
import { parseAnyDmarcRecord, parseDmarcRecord } from '../../model/dmarc-record';
import { parsePlainDmarcRecord } from '../../model/dmarc-record-plain';

/**
 * The quick path of parseDmarcRecord (dmarc-record-plain.ts) must read a record exactly as the full parser does:
 * every field, every problem, the same keys in the same order, the same prototypes.
 */

/** Equal values, and the same keys in the same order at every depth (toStrictEqual does not look at the order). */
function expectSame(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  const order = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(order) : v !== null && typeof v === 'object' ? Object.keys(v).map((k) => [k, order((v as Record<string, unknown>)[k])]) : v;
  expect(order(actual)).toEqual(order(expected));
}

// Mostly plain values, so that the quick path is taken often; the rest near the edge of "plain".
const mostly = (plain: fc.Arbitrary<string>, odd: fc.Arbitrary<string>) => fc.oneof({ arbitrary: plain, weight: 4 }, { arbitrary: odd, weight: 1 });
const policy = mostly(fc.constantFrom('none', 'quarantine', 'reject'), fc.constantFrom('Reject', 'NONE', 'rejct', '', ' none ', 'none\u00a0', 'no ne'));
const alignment = mostly(fc.constantFrom('r', 's'), fc.constantFrom('R', 'x', '', 'rs'));
const yorn = mostly(fc.constantFrom('y', 'n'), fc.constantFrom('Y', 'yes', '1', ''));
const mailto = fc.oneof(
  fc.constantFrom('mailto:dmarc@example.org', 'mailto:a+b.c_d-e@sub.example.co.uk', 'mailto:a@xn--mller-kva.ch'),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9_+-]{1,6}(\.[a-z0-9_+-]{1,4})?$/), fc.stringMatching(/^[a-z0-9]{1,6}(\.[a-z0-9-]{1,8}){0,2}$/), fc.constantFrom('org', 'ch', 'c0', 'x-y', '1', '-x'))
    .map(([local, domain, tld]) => `mailto:${local}@${domain}.${tld}`),
);
const oddUri = fc.constantFrom(
  'mailto:DMARC@example.org',
  'mailto:dmarc@Example.org',
  'mailto:dmarc@example.org.',
  ' mailto:dmarc@example.org',
  'mailto:dmarc@example.org!10m',
  'MAILTO:dmarc@example.org',
  'mailto:.a@example.org',
  'mailto:a..b@example.org',
  'mailto:a@b@example.org',
  'mailto:a@example',
  'mailto:a@müller.ch',
  'dmarc@example.org',
  'https://example.org/r',
  'ftp://example.org',
  'mailto:a@exa mple.org',
  '',
  'mailto:dmarc@example.org',
);
const uris = fc.array(mostly(mailto, oddUri), { minLength: 1, maxLength: 3 }).map((list) => list.join(','));
const removed = fc.constantFrom('100', '50', '150', 'x', '86400', 'afrf', '');

const tag = fc.oneof(
  { arbitrary: fc.tuple(fc.constant('p'), policy), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom('sp', 'np'), policy), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom('adkim', 'aspf'), alignment), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('t'), yorn), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('rua', 'ruf'), uris), weight: 5 },
  { arbitrary: fc.tuple(fc.constantFrom('psd'), fc.constantFrom('y', 'n', 'u', 'x')), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('fo'), fc.constantFrom('1', 'd:s', '0:1')), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('pct', 'ri', 'rf'), removed), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('v', 'P', 'Rua', 'x', 'foo', '__proto__', 'constructor', 'p '), policy), weight: 1 },
);
// How a tag is written: mostly "name=value", sometimes spaced, or no tag=value pair at all.
const written = fc.tuple(tag, fc.constantFrom('', '', '', ' ', '  ', '\t'), fc.constantFrom('', '', '', ' ', '\t'), fc.constantFrom('=', '=', '=', ' = ', ':')).map(
  ([[name, value], before, after, eq]) => `${before}${name}${eq}${value}${after}`,
);
const head = fc.constantFrom('v=DMARC1', 'v=DMARC1', 'v=DMARC1', 'v=DMARC1', 'v = DMARC1', 'V=DMARC1', 'v=dmarc1', ' v=DMARC1', 'v=DMARC1 ', 'v=DMARC2', '');
const separator = fc.constantFrom('; ', '; ', ';', ' ; ', ';; ');
const written7 = fc.array(written, { maxLength: 7 });
const ending = fc.constantFrom('', '', ';', '; ', ' ');
const separators = fc.array(separator, { minLength: 8, maxLength: 8 });
const anyRecord = fc.tuple(head, written7, separators, ending).map(([v, parts, seps, end]) => parts.reduce((text, part, i) => `${text}${seps[i]}${part}`, v) + end);
// Half of them start as the quick path wants (v=DMARC1, then p), so that it is taken often.
const likelyPlain = fc
  .tuple(policy, written7, separators, ending)
  .map(([p, parts, seps, end]) => parts.reduce((text, part, i) => `${text}${seps[i]}${part}`, `v=DMARC1; p=${p}`) + end);
const record = fc.oneof(anyRecord, likelyPlain);

describe('DMARC record quick path (parsePlainDmarcRecord)', () => {
  test('reads every record it takes exactly as the full parser does, and leaves the rest to it', () => {
    let taken = 0;
    fc.assert(
      fc.property(record, (text) => {
        const quick = parsePlainDmarcRecord(text);
        const full = parseAnyDmarcRecord(text);
        expectSame(parseDmarcRecord(text), full);
        if (quick === undefined) return;
        taken++;
        expectSame(quick, full);
      }),
      { numRuns: 4000 },
    );
    expect(taken).toBeGreaterThan(200);
  });

  test('takes the records a fleet publishes, with spaces and empty parts as written in the wild', () => {
    for (const text of [
      'v=DMARC1; p=none; rua=mailto:dmarc@example.org',
      'v=DMARC1;p=reject;sp=quarantine;np=reject;adkim=s;aspf=s;t=y;rua=mailto:a@example.org,mailto:b@example.org;ruf=mailto:f@example.org;',
      'v=DMARC1 ; p = quarantine ;; np=none; sp=none; t=n ',
    ]) {
      const quick = parsePlainDmarcRecord(text);
      expect(quick).toBeDefined();
      expectSame(quick, parseAnyDmarcRecord(text));
    }
    const read = parsePlainDmarcRecord('v=DMARC1; p=none; rua=mailto:dmarc@example.org')!;
    expect(read.p).toBe('none');
    expect(read.rua).toEqual([{ uri: 'mailto:dmarc@example.org', address: 'dmarc@example.org', domain: 'example.org' }]);
    expect(read.problems).toEqual([]);
  });

  test('leaves to the full parser every record with a problem or a tag that needs more thought', () => {
    for (const text of [
      '',
      ' v=DMARC1; p=none',
      'v=DMARC1',
      'v=DMARC1; rua=mailto:a@example.org',
      'v=DMARC1; sp=none; p=none',
      'v=DMARC1; p=none; p=reject',
      'v=DMARC1; p=Reject',
      'v=DMARC1; P=none',
      'v=DMARC1; p=none; fo=1; ruf=mailto:a@example.org',
      'v=DMARC1; p=none; pct=100',
      'v=DMARC1; p=none; psd=u',
      'v=DMARC1; p=none; rua=mailto:a@example.org,mailto:a@example.org',
      'v=DMARC1; p=none; rua=mailto:a@example.org!10m',
      'v=DMARC1; p=none; rua=https://example.org/r',
      'v=DMARC1; p=none; x=1',
      `v=DMARC1; p=none; rua=mailto:a@example.org${' '.repeat(8200)}`,
    ]) {
      expect(parsePlainDmarcRecord(text)).toBeUndefined();
    }
  });
});
