/**
 * The pure parts of the RFC 9989 DNS Tree Walk (§4.10): the names asked, the organizational domain, policy discovery
 * and the policy applied. Cases from the RFC's own examples (§4.10, §4.10.2) and from mail-dmarc's tree walk tests
 * (github.com/msimerson/mail-dmarc t/04.PurePerl.t, commit c49647a).
 */
import fc from 'fast-check';
import { parseDmarcRecord } from '../../model/dmarc-record';
import {
  appliedPolicy,
  describeAppliedPolicy,
  discoverPolicy,
  organizationalDomain,
  TREE_WALK_MAX_QUERIES,
  treeWalkAnswer,
  treeWalkNames,
  TreeWalkStep,
} from '../../model/dmarc-tree-walk';

/** Steps as a walk would produce them over `records` (name → DMARC record), stopping at psd=y/n. */
function steps(start: string, records: Record<string, string>): TreeWalkStep[] {
  const out: TreeWalkStep[] = [];
  for (const name of treeWalkNames(start)) {
    const answer = treeWalkAnswer(records[name] ? [records[name]!] : []);
    out.push({ name, answer });
    if (answer.kind === 'record' && answer.record.psd !== 'u') break;
  }
  return out;
}

describe('treeWalkNames (RFC 9989 §4.10 steps 3–7)', () => {
  test('the RFC example: 13 labels give exactly eight queries, skipping to the last seven labels', () => {
    expect(treeWalkNames('a.b.c.d.e.f.g.h.i.j.mail.example.com')).toEqual([
      'a.b.c.d.e.f.g.h.i.j.mail.example.com',
      'g.h.i.j.mail.example.com',
      'h.i.j.mail.example.com',
      'i.j.mail.example.com',
      'j.mail.example.com',
      'mail.example.com',
      'example.com',
      'com',
    ]);
  });

  test('the RFC §4.10.2 example: a short name walks every parent up to the top-level domain', () => {
    expect(treeWalkNames('a.mail.example.com')).toEqual(['a.mail.example.com', 'mail.example.com', 'example.com', 'com']);
  });

  test.each([
    // checkdmarc tests/test_dmarc.py testDMARCTreeWalkLongDomain: 9 labels start again from 7 labels.
    ['9 labels', 'a.b.c.d.e.f.g.example.com', 'c.d.e.f.g.example.com'],
    ['8 labels (x >= 8: cut to 7, which is one label less)', 'b.c.d.e.f.g.example.com', 'c.d.e.f.g.example.com'],
    ['7 labels (x < 8: the parent)', 'c.d.e.f.g.example.com', 'd.e.f.g.example.com'],
  ])('%s: the second name asked', (_, domain, second) => {
    expect(treeWalkNames(domain)[1]).toBe(second);
  });

  test('a top-level domain is asked alone', () => {
    expect(treeWalkNames('com')).toEqual(['com']);
  });

  test('property: at most eight names, the domain first, each a parent of the one before, the top-level domain last', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{1,5}$/), { minLength: 1, maxLength: 127 }), (labels) => {
        const domain = labels.join('.');
        const names = treeWalkNames(domain);
        expect(names.length).toBeLessThanOrEqual(TREE_WALK_MAX_QUERIES);
        expect(names.length).toBe(Math.min(labels.length, TREE_WALK_MAX_QUERIES));
        expect(names[0]).toBe(domain);
        expect(names.at(-1)).toBe(labels.at(-1));
        names.slice(1).forEach((name, i) => expect(names[i]!.endsWith(`.${name}`)).toBe(true));
      }),
    );
  });
  test('property: by offsets (nextTreeWalkName), the names of the labels split and joined again, for any text', () => {
    // The definition treeWalkNames had before it walked by offsets.
    const byLabels = (domain: string) => {
      const labels = domain.split('.');
      const names = [domain];
      for (let n = labels.length >= TREE_WALK_MAX_QUERIES ? TREE_WALK_MAX_QUERIES - 1 : labels.length - 1; n >= 1; n--) names.push(labels.slice(-n).join('.'));
      return names;
    };
    const text = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', '.'), maxLength: 40 }), fc.array(fc.stringMatching(/^[a-z0-9-]{0,4}$/), { maxLength: 20 }).map((labels) => labels.join('.')));
    fc.assert(fc.property(text, (domain) => expect(treeWalkNames(domain)).toEqual(byLabels(domain))), { numRuns: 2000 });
  });
});

describe('treeWalkAnswer (RFC 9989 §4.10 step 2)', () => {
  test('other TXT values are discarded; two DMARC records are discarded together', () => {
    expect(treeWalkAnswer(['google-site-verification=x', 'v=DMARC1; p=reject'])).toMatchObject({ kind: 'record', text: 'v=DMARC1; p=reject' });
    expect(treeWalkAnswer(['v=DMARC1; p=reject', 'v=DMARC1; p=none'])).toEqual({ kind: 'several', count: 2 });
    expect(treeWalkAnswer(['v=spf1 -all'])).toEqual({ kind: 'none' });
  });
});

describe('organizationalDomain (RFC 9989 §4.10.2)', () => {
  test.each([
    ['RFC example: records at mail.example.com and example.com → the one with the fewest labels', 'a.mail.example.com', { 'mail.example.com': 'v=DMARC1; p=none', 'example.com': 'v=DMARC1; p=reject' }, 'example.com'],
    ['RFC example: psd=n at mail.example.com', 'a.mail.example.com', { 'mail.example.com': 'v=DMARC1; p=none; psd=n', 'example.com': 'v=DMARC1; p=reject' }, 'mail.example.com'],
    ['RFC example: only _dmarc.com, with psd=y → one label below', 'a.mail.example.com', { com: 'v=DMARC1; p=none; psd=y' }, 'example.com'],
    ['no record anywhere → the start itself', 'a.mail.example.com', {}, 'a.mail.example.com'],
    ['psd=y at the start itself does not count', 'gov.example', { 'gov.example': 'v=DMARC1; p=reject; psd=y' }, 'gov.example'],
    // mail-dmarc t/04.PurePerl.t test_tree_walk and test_get_organizational_domain
    ['mail-dmarc: psd=n anchor', 'anchor.dmarctest.net', { 'anchor.dmarctest.net': 'v=DMARC1; p=none; psd=n; rua=mailto:dmarc@anchor.dmarctest.net' }, 'anchor.dmarctest.net'],
    ['mail-dmarc: subdomain of a psd=n anchor', 'sub.anchor.dmarctest.net', { 'anchor.dmarctest.net': 'v=DMARC1; p=none; psd=n; rua=mailto:dmarc@anchor.dmarctest.net' }, 'anchor.dmarctest.net'],
    ['mail-dmarc: psd=y parent → the author', 'sub.psd.dmarctest.net', { 'psd.dmarctest.net': 'v=DMARC1; psd=y' }, 'sub.psd.dmarctest.net'],
    ['mail-dmarc: deep author under a PSD → the PSD\'s child, not the author', 'deep.sub.psd.dmarctest.net', { 'psd.dmarctest.net': 'v=DMARC1; psd=y' }, 'sub.psd.dmarctest.net'],
    ['mail-dmarc: www.tnpi.net → tnpi.net', 'www.tnpi.net', { 'tnpi.net': 'v=DMARC1; p=reject' }, 'tnpi.net'],
    ['mail-dmarc: mail-dmarc.tnpi.net has its own record, tnpi.net has fewer labels', 'mail-dmarc.tnpi.net', { 'mail-dmarc.tnpi.net': 'v=DMARC1; p=reject', 'tnpi.net': 'v=DMARC1; p=reject' }, 'tnpi.net'],
    ['mail-dmarc: bbc.co.uk without records (the PSL would agree)', 'bbc.co.uk', {}, 'bbc.co.uk'],
  ])('%s', (_, start, records, org) => {
    expect(organizationalDomain(start, steps(start, records))).toBe(org);
  });

  test('the walk stops at psd=y/n: a record above it is never asked', () => {
    const walked = steps('a.mail.example.com', { 'mail.example.com': 'v=DMARC1; p=none; psd=n', 'example.com': 'v=DMARC1; p=reject' });
    expect(walked.map((s) => s.name)).toEqual(['a.mail.example.com', 'mail.example.com']);
  });
});

describe('discoverPolicy (RFC 9989 §4.10.1)', () => {
  test.each([
    ['the author domain\'s own record', 'news.example.com', { 'news.example.com': 'v=DMARC1; p=none', 'example.com': 'v=DMARC1; p=reject' }, { name: 'news.example.com', role: 'author' }],
    ['the organizational domain\'s record (checkdmarc testRFC9989TreeWalkDiscovery)', 'sub.example.com', { 'example.com': 'v=DMARC1; p=reject' }, { name: 'example.com', role: 'organizational' }],
    ['the public suffix domain\'s record when the organizational domain has none', 'inst.psd.example', { 'psd.example': 'v=DMARC1; p=quarantine; psd=y' }, { name: 'psd.example', role: 'public suffix' }],
    ['none', 'lonely.example', {}, undefined],
  ])('%s', (_, author, records, source) => {
    const { source: found } = discoverPolicy(author, steps(author, records));
    if (source === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(source);
  });

  test('an intermediate record is not the policy: the organizational domain\'s is (RFC 9989 §4.10.2 example)', () => {
    const found = discoverPolicy('a.mail.example.com', steps('a.mail.example.com', { 'mail.example.com': 'v=DMARC1; p=none', 'example.com': 'v=DMARC1; p=reject' }));
    expect(found.source).toMatchObject({ name: 'example.com', role: 'organizational' });
  });
});

describe('appliedPolicy and its description', () => {
  const record = (text: string) => parseDmarcRecord(text);
  test.each([
    // mail-dmarc t/04.PurePerl.t test_validate_t_tag and test_validate_np_tag
    ['t=y: reject is applied as quarantine', 'v=DMARC1; p=reject; t=y; rua=mailto:dmarc@ttest.dmarctest.net', 'self', true, 'quarantine', 'p=reject, with t=y (test mode): quarantine'],
    ['existing subdomain: sp, else p', 'v=DMARC1; p=none; np=reject; rua=mailto:dmarc@np.dmarctest.net', 'subdomain', true, 'none', 'sp=none (from p)'],
    ['non-existent subdomain: np', 'v=DMARC1; p=none; np=reject; rua=mailto:dmarc@np.dmarctest.net', 'subdomain', false, 'reject', 'np=reject'],
    ['non-existent subdomain without np: sp', 'v=DMARC1; p=none; sp=quarantine; rua=mailto:dmarc@npnosp.dmarctest.net', 'subdomain', false, 'quarantine', 'np=quarantine (from sp)'],
    ['np=none beats p=reject', 'v=DMARC1; p=reject; np=none; rua=mailto:dmarc@npnone.dmarctest.net', 'subdomain', false, 'none', 'np=none'],
    ['np=reject with t=y', 'v=DMARC1; p=none; np=reject; t=y; rua=mailto:dmarc@npttest2.dmarctest.net', 'subdomain', false, 'quarantine', 'np=reject, with t=y (test mode): quarantine'],
    // mail-dmarc test_validate_invalid_sp: an invalid sp with a valid rua counts as p=none (RFC 9989 §4.10.1)
    ['invalid sp with a valid rua', 'v=DMARC1; p=reject; sp=invalid; rua=mailto:rua@example.com', 'self', true, 'none', 'the record has an invalid "sp": receivers act as if it said p=none (RFC 9989 §4.10.1)'],
  ] as const)('%s', (_, text, relation, exists, effective, description) => {
    const r = record(text);
    const applied = appliedPolicy(r, relation, exists);
    expect(applied).toMatchObject({ applies: true, effective });
    expect(describeAppliedPolicy(applied, r)).toBe(description);
  });

  test('mail-dmarc test_validate_invalid_sp: an invalid sp without rua means no DMARC at all', () => {
    const r = record('v=DMARC1; p=reject; sp=invalid');
    expect(appliedPolicy(r, 'self')).toEqual({ applies: false, why: 'the record has an invalid "sp" and no valid "rua": receivers apply no DMARC policy (RFC 9989 §4.10.1)' });
  });
});
