/**
 * DMARC report authorisation without DNS and without cdktf: when a report address needs the record
 * (`reportAuthorizationNeed`, by the Public Suffix List and by the RFC 9989 tree walk over the records known), the
 * records themselves, the warnings of a domain published alone (`planEmailAuth`), and which zone of a config publishes
 * each record (`planReportAuthorizations`).
 */
import fc from 'fast-check';
import { parseDmarcRecord } from '../../model/dmarc-record';
import { checkReportUri } from '../../model/dmarc-tags';
import { organizationalDomainOf, PsdStep, treeWalkNames } from '../../model/dmarc-tree-walk';
import { MAX_NAME_LENGTH } from '../../model/names';
import { Problems } from '../../model/problems';
import { planEmailAuth } from '../../model/records';
import { AuthorizingCollector, AuthorizingInstitution, planReportAuthorizations } from '../../model/report-authorization-plan';
import {
  KnownDmarcRecords,
  knownOrganizationalDomain,
  mayReportElsewhere,
  reportAddresses,
  reportAuthorizationKey,
  reportAuthorizationNeed,
  reportAuthorizationRecords,
  reportUriDomain,
} from '../../model/report-authorization';
import { problemLines } from './problem-lines';

const records = (byDomain: Record<string, string>): KnownDmarcRecords => (name) => (byDomain[name] === undefined ? undefined : parseDmarcRecord(byDomain[name]!));

describe('reportAuthorizationNeed', () => {
  test('reports to the policy domain itself need nothing', () => {
    expect(reportAuthorizationNeed('example.org', 'example.org', records({}))).toBeUndefined();
  });

  test('another organisation by the Public Suffix List: the RFC 7489 §7.1 reason', () => {
    expect(reportAuthorizationNeed('mosamuseum.com', 'dmarc-vendor.example', records({ 'mosamuseum.com': 'v=DMARC1; p=none' }))).toEqual({
      name: 'mosamuseum.com._report._dmarc.dmarc-vendor.example',
      reason: 'reports go to another domain (dmarc-vendor.example); receivers send them only if it publishes mosamuseum.com._report._dmarc.dmarc-vendor.example TXT "v=DMARC1" (RFC 7489 §7.1)',
    });
  });

  test('a sender below its zone apex reporting to the apex: the PSL says same organisation, the RFC 9989 tree walk does not', () => {
    const need = reportAuthorizationNeed('news.example.org', 'example.org', records({ 'news.example.org': 'v=DMARC1; p=none' }));
    expect(need).toEqual({
      name: 'news.example.org._report._dmarc.example.org',
      reason:
        "reports go to example.org, in news.example.org's organisation by the Public Suffix List; but receivers that follow RFC 9989 find organizational domains by a DNS tree walk (§4.10), and unless _dmarc.example.org exists (this config publishes none), news.example.org is its own organizational domain: they send the reports only if example.org publishes news.example.org._report._dmarc.example.org TXT \"v=DMARC1\"",
    });
  });

  test('a DMARC record at the parent makes both one organisation: nothing needed', () => {
    expect(reportAuthorizationNeed('news.example.org', 'example.org', records({ 'news.example.org': 'v=DMARC1; p=none', 'example.org': 'v=DMARC1; p=reject' }))).toBeUndefined();
    // A sibling too: both walks reach _dmarc.example.org.
    expect(reportAuthorizationNeed('news.example.org', 'reports.example.org', records({ 'example.org': 'v=DMARC1; p=reject' }))).toBeUndefined();
  });

  test('a sibling without a parent record, and a two-label public suffix: the tree walk says two organisations', () => {
    expect(reportAuthorizationNeed('news.example.org', 'reports.example.org', records({}))?.reason).toMatch(/unless _dmarc\.example\.org exists \(this config publishes none\), news\.example\.org is its own organizational domain: /);
    expect(reportAuthorizationNeed('tickets.opera.co.uk', 'opera.co.uk', records({}))?.name).toBe('tickets.opera.co.uk._report._dmarc.opera.co.uk');
  });

  test('a report domain below the sender belongs to it: nothing needed', () => {
    expect(reportAuthorizationNeed('news.example.org', 'reports.news.example.org', records({ 'news.example.org': 'v=DMARC1; p=none' }))).toBeUndefined();
  });

  test('psd=n on the sender makes it its own organisation even under a parent record', () => {
    const need = reportAuthorizationNeed('unit.corp.test', 'corp.test', records({ 'unit.corp.test': 'v=DMARC1; p=none; psd=n', 'corp.test': 'v=DMARC1; p=reject' }));
    expect(need?.reason).toMatch(/and with the DMARC records this config publishes, unit\.corp\.test is its own organizational domain: /);
  });

  test('psd=y at the parent: siblings are two organisations', () => {
    const need = reportAuthorizationNeed('member.psdzone.test', 'other.psdzone.test', records({ 'psdzone.test': 'v=DMARC1; p=none; psd=y', 'member.psdzone.test': 'v=DMARC1; p=none' }));
    expect(need?.name).toBe('member.psdzone.test._report._dmarc.other.psdzone.test');
  });
});

describe('reportAuthorizationRecords', () => {
  const build = (list: { domain: string; reportDomain: string }[], zone?: string) => {
    const problems = new Problems();
    return { records: reportAuthorizationRecords(list, 300, problems, zone), errors: problemLines(problems, 'error') };
  };

  test('one TXT "v=DMARC1" per pair, with the zone\'s TTL', () => {
    expect(build([{ domain: 'news.example.org', reportDomain: 'example.org' }]).records).toEqual([
      { key: 'news_example_org__example_org', purpose: 'report-auth', type: 'TXT', name: 'news.example.org._report._dmarc.example.org', ttl: 300, values: ['v=DMARC1'], kept: [] },
    ]);
  });

  test('keys are unique per pair even where dots and hyphens would collide', () => {
    const keys = [
      { domain: 'a-b.c', reportDomain: 'x.org' },
      { domain: 'a.b-c', reportDomain: 'x.org' },
      { domain: 'a', reportDomain: 'b-at-c.org' },
      { domain: 'a-at-b', reportDomain: 'c.org' },
    ].map(reportAuthorizationKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test.each([
    ['a name longer than DNS allows', [{ domain: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.org`, reportDomain: `${'e'.repeat(50)}.example.org` }], undefined, /^\[0\]: ".*" has 2\d\d characters, DNS allows 253 \(RFC 1035\)$/],
    ['a pair twice', [{ domain: 'a.org', reportDomain: 'example.org' }, { domain: 'a.org', reportDomain: 'example.org' }], undefined, /^\[1\]: "a\.org\._report\._dmarc\.example\.org" is listed twice$/],
    ['a report domain outside the zone', [{ domain: 'a.org', reportDomain: 'example.org' }], 'example.net', /^\[0\]: report domain "example\.org" is not inside zone "example\.net"$/],
  ])('refuses %s', (_, list, zone, error) => {
    const { records: built, errors } = build(list, zone);
    expect(errors).toEqual([expect.stringMatching(error)]);
    expect(built.length).toBe(list.length - 1);
  });
});

describe('planEmailAuth of a domain alone (the constructs): the authorisation warnings', () => {
  const warnings = (domain: string, rua: string[]) => {
    const problems = new Problems();
    planEmailAuth({ domain, code: 'x', dmarc: { rua } }, problems);
    return problemLines(problems, 'warning');
  };

  test('a sender below the apex reporting to the apex warns with the tree-walk reason (it did not before)', () => {
    expect(warnings('news.mosamuseum.com', ['mailto:d@mosamuseum.com'])).toEqual([expect.stringMatching(/^dmarc\.rua\[0\]: reports go to mosamuseum\.com, in news\.mosamuseum\.com's organisation by the Public Suffix List; but .* news\.mosamuseum\.com\._report\._dmarc\.mosamuseum\.com TXT "v=DMARC1"$/)]);
  });

  test('another organisation warns with the RFC 7489 reason; the policy domain itself and a report domain below it do not', () => {
    expect(warnings('mosamuseum.com', ['mailto:d@mosamuseum.com', 'mailto:r@dmarc-vendor.example', 'mailto:x@reports.mosamuseum.com'])).toEqual([
      'dmarc.rua[1]: reports go to another domain (dmarc-vendor.example); receivers send them only if it publishes mosamuseum.com._report._dmarc.dmarc-vendor.example TXT "v=DMARC1" (RFC 7489 §7.1)',
    ]);
  });
});

describe('planReportAuthorizations: which zone publishes each record', () => {
  const inst = (code: string, domain: string, extra: Partial<AuthorizingInstitution> = {}): AuthorizingInstitution => ({ code, domain, dmarc: {}, dmarcRecord: 'v=DMARC1; p=none', ...extra });
  const plan = (institutions: AuthorizingInstitution[], collectors: AuthorizingCollector[] = []) => {
    const problems = new Problems();
    const result = planReportAuthorizations(institutions, collectors, problems);
    const names = (list: readonly { domain: string; reportDomain: string; forget?: boolean }[]) => list.map((a) => `${a.domain} → ${a.reportDomain}${a.forget ? ' (forget)' : ''}`);
    return { institutions: result.institutions.map(names), collectors: result.collectors.map(names), warnings: problemLines(problems, 'warning'), errors: problemLines(problems, 'error') };
  };

  test('the same zone: a sender below its zone apex publishes the record in its own zone, and the warning becomes a record', () => {
    expect(plan([inst('operabern', 'tickets.opera-bern.ch', { zoneName: 'opera-bern.ch', dmarc: { rua: ['mailto:dmarc-reports@opera-bern.ch'] } })])).toEqual({
      institutions: [['tickets.opera-bern.ch → opera-bern.ch']],
      collectors: [],
      warnings: [],
      errors: [],
    });
  });

  test("another institution's zone: the one whose zone holds the report domain publishes it", () => {
    const { institutions, warnings } = plan([
      inst('news', 'news.example.org', { dmarc: { rua: ['mailto:d@example.org'] } }), // zone by id: holds news.example.org only
      inst('shop', 'shop.example.org', { zoneName: 'example.org' }),
    ]);
    expect([institutions, warnings]).toEqual([[[], ['news.example.org → example.org']], []]);
  });

  test('the config publishes a DMARC record at the parent: nothing needed, nothing published', () => {
    expect(plan([inst('news', 'news.example.org', { zoneName: 'example.org', dmarc: { rua: ['mailto:d@example.org'] } }), inst('main', 'example.org')]).institutions).toEqual([[], []]);
  });

  test('several institutions, one collector: one record each in the collector\'s stack', () => {
    const { institutions, collectors, warnings } = plan(
      [inst('a', 'a.org', { dmarc: { rua: ['mailto:d@reports.vendor.net'] } }), inst('b', 'b.org', { dmarc: { rua: ['mailto:d@reports.vendor.net'], ruf: ['mailto:f@reports.vendor.net'] } }), inst('c', 'c.org')],
      [{ reportDomain: 'reports.vendor.net' }],
    );
    expect([institutions, collectors, warnings]).toEqual([[[], [], []], [['a.org → reports.vendor.net', 'b.org → reports.vendor.net']], []]);
  });

  test('one zone, two institutions sharing it: each publishes its own record, no name twice in a stack', () => {
    const { institutions } = plan([
      inst('a', 'a.example.org', { zoneName: 'example.org', dmarc: { rua: ['mailto:d@example.org'] } }),
      inst('b', 'b.example.org', { zoneName: 'example.org', dmarc: { rua: ['mailto:d@example.org', 'mailto:e@example.org'], ruf: ['mailto:f@example.org'] } }),
    ]);
    expect(institutions).toEqual([['a.example.org → example.org'], ['b.example.org → example.org']]);
  });

  test('the institution whose domain it is wins over the sender in the same zone; a delegated subzone wins over its parent', () => {
    const { institutions } = plan([
      inst('news', 'news.example.org', { zoneName: 'example.org', dmarc: { rua: ['mailto:d@reports.example.org', 'mailto:d@other.example.org'] } }),
      inst('reports', 'reports.example.org', { zoneName: 'reports.example.org', dmarcRecord: 'v=DMARC1; p=none; psd=n' }),
      inst('other', 'other.example.org', { zoneName: 'example.org' }),
    ]);
    expect(institutions).toEqual([[], ['news.example.org → reports.example.org'], ['news.example.org → other.example.org']]);
  });

  test('upper case, a trailing dot and the obsolete !size suffix name the same report domain: one record', () => {
    const { institutions } = plan([inst('news', 'news.example.org', { zoneName: 'example.org', dmarc: { rua: ['mailto:D@Example.ORG.', 'mailto:e@example.org!10m'] } })]);
    expect(institutions).toEqual([['news.example.org → example.org']]);
  });

  test('a report domain in no zone of the config keeps the warning, at every address, with what to do', () => {
    const { institutions, warnings } = plan([inst('mosa', 'mosamuseum.com', { dmarc: { rua: ['mailto:r@dmarc-vendor.example'], ruf: ['mailto:f@dmarc-vendor.example'] } })]);
    expect(institutions).toEqual([[]]);
    expect(warnings).toEqual(
      ['rua', 'ruf'].map(
        (list) =>
          `institutions[0].dmarc.${list}[0]: reports go to another domain (dmarc-vendor.example); receivers send them only if it publishes mosamuseum.com._report._dmarc.dmarc-vendor.example TXT "v=DMARC1" (RFC 7489 §7.1); no zone of this config holds dmarc-vendor.example: list it under reportAuthorizations (with its zone) to publish the record from here`,
      ),
    );
  });

  test('several report domains, interleaved over rua and ruf: each warns at its addresses, in the order each domain first appears', () => {
    const { warnings } = plan([inst('mosa', 'mosamuseum.com', { dmarc: { rua: ['mailto:a@vendor-a.example', 'mailto:d@mosamuseum.com', 'mailto:b@vendor-b.example', 'mailto:a2@vendor-a.example'], ruf: ['mailto:f@vendor-b.example'] } })]);
    expect(warnings.map((w) => `${w.split(':')[0]} ${/another domain \(([^)]*)\)/.exec(w)![1]}`)).toEqual([
      'institutions[0].dmarc.rua[0] vendor-a.example',
      'institutions[0].dmarc.rua[3] vendor-a.example',
      'institutions[0].dmarc.rua[2] vendor-b.example',
      'institutions[0].dmarc.ruf[0] vendor-b.example',
    ]);
  });

  test('publishReportAuthorization: false keeps the warning and publishes nothing', () => {
    const { institutions, warnings } = plan([inst('operabern', 'tickets.opera-bern.ch', { zoneName: 'opera-bern.ch', publish: false, dmarc: { rua: ['mailto:d@opera-bern.ch'] } })]);
    expect(institutions).toEqual([[]]);
    expect(warnings).toEqual([expect.stringMatching(/^institutions\[0\]\.dmarc\.rua\[0\]: reports go to opera-bern\.ch, .*; dmarc\.publishReportAuthorization is false, so this config does not publish it$/)]);
  });

  test('retired senders: true takes their records out, forget marks them to be forgotten; neither warns', () => {
    const sender = (code: string, retired: true | 'forget') => inst(code, `${code}.example.org`, { retired, dmarc: { rua: ['mailto:d@example.org', 'mailto:d@vendor.net'] } });
    expect(plan([sender('gone', true), sender('kept', 'forget'), inst('main', 'main.example.org', { zoneName: 'example.org' })])).toEqual({
      institutions: [[], [], ['kept.example.org → example.org (forget)']],
      collectors: [],
      warnings: [],
      errors: [],
    });
  });

  test('a retired host still holds the record (its stack deletes or forgets it), and the sender is told', () => {
    const { institutions, warnings } = plan([inst('news', 'news.example.org', { dmarc: { rua: ['mailto:d@example.org'] } }), inst('old', 'old.example.org', { zoneName: 'example.org', retired: true })]);
    expect(institutions).toEqual([[], ['news.example.org → example.org']]);
    expect(warnings).toEqual([expect.stringMatching(/; the zone that holds example\.org is that of institution old, which is retired: its records, this one too, are no longer managed$/)]);
  });

  test('a name longer than DNS allows is never published; the warning says why', () => {
    const domain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.org`;
    const vendor = `${'v'.repeat(50)}.example`;
    const { institutions, collectors, warnings } = plan([inst('long', domain, { dmarc: { rua: [`mailto:d@${vendor}`] } })], [{ reportDomain: vendor }]);
    expect(`${domain}._report._dmarc.${vendor}`.length).toBeGreaterThan(MAX_NAME_LENGTH);
    expect(collectors).toEqual([[]]);
    expect(institutions).toEqual([[]]);
    expect(warnings).toContainEqual(expect.stringMatching(/but that name has 2\d\d characters, more than the 253 DNS allows: no receiver can be authorised/));
  });

  test('a collector nobody reports to warns that its stack publishes nothing', () => {
    expect(plan([inst('a', 'a.org')], [{ reportDomain: 'reports.vendor.net' }]).warnings).toEqual(['reportAuthorizations[0]: no report address of the config in reports.vendor.net needs an authorisation record: this stack publishes none']);
  });
});

describe('the planner\'s quick paths give what the full ones give (property)', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const domain = fc.array(label, { minLength: 2, maxLength: 5 }).map((labels) => labels.join('.'));
  // URIs of every kind the builder meets: plain ones, upper case, a trailing dot, a size, spaces, other schemes,
  // bare addresses, bad mailboxes and domains, and any text at all.
  const uri = fc.oneof(
    fc
      .record({
        scheme: fc.constantFrom('mailto:', 'MAILTO:', 'Mailto:', 'ftp://', ''),
        local: fc.oneof(fc.stringMatching(/^[a-zA-Z0-9._+-]{1,8}$/), fc.constantFrom('.d', 'd.', 'a..b', 'd@e', 'd d', '"q"', 'ü')),
        domain: fc.oneof(domain, domain.map((d) => d.toUpperCase()), domain.map((d) => `${d}.`), fc.constantFrom('münchen.de', 'a_b.org', '-a.org', 'a.b1', 'org', '1.2.3.4', 'a,b.org')),
        size: fc.constantFrom('', '', '!10m', '!5', '!x'),
        space: fc.constantFrom('', '', ' ', '\t'),
      })
      .map((p) => `${p.space}${p.scheme}${p.local}@${p.domain}${p.size}${p.space}`),
    fc.string({ maxLength: 30 }),
  );

  test('reportUriDomain: the domain checkReportUri gives, or undefined where it refuses the URI', () => {
    fc.assert(fc.property(uri, (u) => expect(reportUriDomain(u)).toBe(checkReportUri(u).value?.domain)), { numRuns: 2000 });
    expect(reportUriDomain('mailto:dmarc@museum0000.example.org')).toBe('museum0000.example.org');
    expect(reportUriDomain(42)).toBeUndefined();
  });

  test('mayReportElsewhere: false only when every address of rua and ruf is in the domain itself', () => {
    const own = (d: string) => fc.constantFrom(`mailto:dmarc@${d}`, `mailto:x@${d.toUpperCase()}`, ` mailto:d@${d}`, `mailto:d@@${d}`, `ftp://x@${d}`);
    const lists = domain.chain((d) =>
      fc.tuple(fc.constant(d), fc.record({ rua: fc.array(fc.oneof(own(d), uri), { maxLength: 3 }), ruf: fc.array(fc.oneof(own(d), uri), { maxLength: 2 }) }, { requiredKeys: [] })),
    );
    fc.assert(
      fc.property(lists, ([d, dmarc]) => {
        const elsewhere = reportAddresses(dmarc).some((a) => a.reportDomain !== d);
        if (elsewhere) expect(mayReportElsewhere(dmarc, d)).toBe(true);
        if (!mayReportElsewhere(dmarc, d)) expect(elsewhere).toBe(false);
      }),
      { numRuns: 1500 },
    );
    expect(mayReportElsewhere({ rua: ['mailto:d@example.org'], ruf: ['mailto:f@example.org'] }, 'example.org')).toBe(false);
    expect(mayReportElsewhere({ rua: ['mailto:d@example.org', 'mailto:d@news.example.org'] }, 'example.org')).toBe(true);
    expect(mayReportElsewhere({ rua: ['mailto:d@xexample.org'] }, 'example.org')).toBe(true);
  });

  test('knownOrganizationalDomain: what organizationalDomainOf gives for the records treeWalkNames finds', () => {
    // The walk as it was written before it went by offsets and decided as it went.
    const byList = (start: string, known: KnownDmarcRecords) => {
      const found: PsdStep[] = [];
      for (const name of treeWalkNames(start)) {
        const record = known(name);
        if (!record) continue;
        found.push({ name, psd: record.psd });
        if (record.psd !== 'u') break;
      }
      return organizationalDomainOf(start, found);
    };
    const walk = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 10 }).chain((labels) => {
      const start = labels.join('.');
      const names = labels.map((_, i) => labels.slice(i).join('.'));
      return fc.tuple(fc.constant(start), fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom<'u' | 'n' | 'y'>('u', 'u', 'n', 'y')), { maxLength: 4 }));
    });
    fc.assert(
      fc.property(walk, ([start, published]) => {
        const byName = new Map(published.map(([name, psd]) => [name, { psd }]));
        const known: KnownDmarcRecords = (name) => byName.get(name);
        expect(knownOrganizationalDomain(start, known)).toBe(byList(start, known));
      }),
      { numRuns: 1500 },
    );
  });
});
