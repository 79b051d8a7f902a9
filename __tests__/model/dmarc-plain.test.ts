import fc from 'fast-check';
import { buildDmarc, checkedDmarc, DmarcOptions } from '../../model/dmarc';
import { plainDmarcRecord } from '../../model/dmarc-plain';
import { Problems } from '../../model/problems';

/** The quick path of buildDmarc (dmarc-plain.ts) must agree with the full rules: same record, same problems. */

function full(options: DmarcOptions) {
  const problems = new Problems();
  const record = checkedDmarc(options, problems.at('dmarc'));
  return { record, problems: problems.all };
}

function built(options: DmarcOptions) {
  const problems = new Problems();
  const record = buildDmarc(options, problems.at('dmarc'));
  return { record, problems: problems.all };
}

// Values near the edge of "plain", mostly plain ones so that the quick path is taken often: the literals, other
// cases, spaces, other types, near-miss URIs.
const mostly = <T>(plain: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: plain, weight: 5 }, { arbitrary: odd, weight: 1 });
const policy = mostly(
  fc.constantFrom('none', 'quarantine', 'reject'),
  fc.constantFrom<unknown>('Reject', ' none', 'rejct', '', 1, null),
);
const alignment = mostly(fc.constantFrom('r', 's'), fc.constantFrom<unknown>('R', 'x', ' s', '', 0));
const flag = mostly(fc.boolean(), fc.constantFrom<unknown>('y', 1));
const uri = mostly(
  fc.oneof(
    fc.constantFrom('mailto:dmarc@example.org', 'mailto:a+b.c_d-e@sub.example.co.uk', 'mailto:a@xn--mller-kva.ch'),
    fc
      .tuple(
        fc.stringMatching(/^[a-z0-9_+-]{1,6}(\.[a-z0-9_+-]{1,4})?$/),
        fc.stringMatching(/^[a-z0-9]{1,6}(\.[a-z0-9-]{1,8}){0,2}$/),
        fc.constantFrom('org', 'ch', 'c0', 'x-y', '1', '-x'),
      )
      .map(([local, domain, tld]) => `mailto:${local}@${domain}.${tld}`),
  ),
  fc.constantFrom(
    'mailto:DMARC@example.org',
    'mailto:dmarc@Example.org',
    'mailto:dmarc@example.org.',
    ' mailto:dmarc@example.org',
    'mailto:dmarc@example.org ',
    'mailto:dmarc@example.org!10m',
    'MAILTO:dmarc@example.org',
    'mailto:.a@example.org',
    'mailto:a..b@example.org',
    'mailto:a.@example.org',
    'mailto:a@b@example.org',
    'mailto:a@example',
    'mailto:a@-x.example.org',
    'mailto:a@example.123',
    'mailto:a@müller.ch',
    'dmarc@example.org',
    'https://example.org/r',
    'mailto:a@exa mple.org',
    'mailto:a,b@example.org',
    'mailto:dmarc@example.org',
  ),
);
const uris = fc.array(uri as fc.Arbitrary<string>, { maxLength: 3 });

const common = {
  policy,
  subdomainPolicy: policy,
  nonexistentSubdomainPolicy: policy,
  adkim: alignment,
  aspf: alignment,
  t: flag,
  rua: uris,
  ruf: uris,
};
// Half the cases without the tags the quick path never takes, so that it is taken often.
const options = fc.oneof(
  fc.record(common, { requiredKeys: [] }),
  fc.record(
    {
      ...common,
      psd: fc.constantFrom<unknown>('y', 'n', 'x'),
      fo: fc.constantFrom<unknown>('1', 'd:s', '0:1'),
      pct: fc.constantFrom<unknown>(100, 50, 150),
      ri: fc.constantFrom<unknown>(86400),
      rf: fc.constantFrom<unknown>('afrf'),
    },
    { requiredKeys: [] },
  ),
) as fc.Arbitrary<DmarcOptions>;

describe('DMARC quick path (plainDmarcRecord)', () => {
  test('when it gives a record, the full rules give the same record and report nothing', () => {
    let taken = 0;
    fc.assert(
      fc.property(options, (o) => {
        const quick = plainDmarcRecord(o);
        if (quick === undefined) return;
        taken++;
        expect(full(o)).toEqual({ record: quick, problems: [] });
      }),
      { numRuns: 1500 },
    );
    expect(taken).toBeGreaterThan(50);
  });

  test('buildDmarc gives the same record and the same problems, in the same order, as the full rules', () => {
    fc.assert(
      fc.property(options, (o) => {
        expect(built(o)).toEqual(full(o));
      }),
      { numRuns: 1500 },
    );
  });

  test('takes the usual config of a fleet, and leaves what warns or needs more thought to the full rules', () => {
    expect(plainDmarcRecord({})).toBe('v=DMARC1; p=none');
    expect(
      plainDmarcRecord({
        policy: 'reject',
        rua: ['mailto:dmarc@museum.example.org'],
      }),
    ).toBe('v=DMARC1; p=reject; rua=mailto:dmarc@museum.example.org');
    expect(
      plainDmarcRecord({
        policy: 'quarantine',
        subdomainPolicy: 'reject',
        nonexistentSubdomainPolicy: 'reject',
        t: true,
        adkim: 's',
        aspf: 'r',
        rua: ['mailto:a@example.org', 'mailto:b@example.org'],
        ruf: ['mailto:f@example.org'],
      }),
    ).toBe(
      'v=DMARC1; p=quarantine; sp=reject; np=reject; t=y; adkim=s; aspf=r; rua=mailto:a@example.org,mailto:b@example.org; ruf=mailto:f@example.org',
    );
    expect(plainDmarcRecord({ policy: 'Reject' as never })).toBeUndefined();
    expect(
      plainDmarcRecord({
        rua: ['mailto:a@example.org', 'mailto:a@example.org'],
      }),
    ).toBeUndefined();
    expect(plainDmarcRecord({ rua: ['mailto:a@example.org!10m'] })).toBeUndefined();
    expect(plainDmarcRecord({ fo: '1', ruf: ['mailto:f@example.org'] })).toBeUndefined();
    expect(plainDmarcRecord({ pct: 100 })).toBeUndefined();
  });
});
