/**
 * verify's RFC 9989 DNS Tree Walk (§4.10): on recorded answers (query counts and order), then against a real DNS
 * server (BIND on 127.0.0.1) through `verifyDomain`: a subdomain sender without its own record, a psd=y parent, a psd=n
 * organisation, a name with more than 7 labels, and a record missing everywhere.
 */
import { needsReportAuthorization } from '../../model/dmarc';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { walkDmarcTree } from '../../verify/dmarc-tree-walk';
import { NodeDnsResolver } from '../../verify/node-resolver';
import { DnsAnswer, DnsResolver, QueryType, StaticResolver } from '../../verify/resolver';
import { InstitutionReport, verifyDomain } from '../../verify/verify-domain';
import { BindServer, describeWithBind, startBind, ZoneRecord } from '../helpers/bind';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

/** Wraps a resolver and logs every `_dmarc` TXT query. */
class CountingResolver implements DnsResolver {
  readonly asked: string[] = [];
  constructor(private readonly inner: DnsResolver) {}
  query(name: string, type: QueryType): Promise<DnsAnswer> {
    if (type === 'TXT' && name.startsWith('_dmarc.')) this.asked.push(name);
    return this.inner.query(name, type);
  }
}

const dmarc = (domain: string, value: string) => ({ name: `_dmarc.${domain}`, type: 'TXT', values: [value] });

describe('walkDmarcTree on recorded answers', () => {
  test('walks to the top-level domain when nothing is found (checkdmarc testDMARCTreeWalkIncludesTLD)', async () => {
    const resolver = new CountingResolver(new StaticResolver());
    const steps = await walkDmarcTree('sub.example.com', resolver);
    expect(resolver.asked).toEqual(['_dmarc.sub.example.com', '_dmarc.example.com', '_dmarc.com']);
    expect(steps.map((s) => s.answer.kind)).toEqual(['none', 'none', 'none']);
  });

  test('a 30-label name costs eight queries, the intermediate labels skipped', async () => {
    const domain = `${Array.from({ length: 28 }, (_, i) => `l${i}`).join('.')}.example.com`;
    const resolver = new CountingResolver(new StaticResolver());
    await walkDmarcTree(domain, resolver);
    expect(resolver.asked).toHaveLength(8);
    expect(resolver.asked[1]).toBe('_dmarc.l23.l24.l25.l26.l27.example.com');
  });

  test('stops at psd=n and at psd=y (RFC 9989 §4.10 step 6)', async () => {
    for (const psd of ['n', 'y']) {
      const resolver = new CountingResolver(new StaticResolver([dmarc('mail.example.com', `v=DMARC1; p=none; psd=${psd}`), dmarc('example.com', 'v=DMARC1; p=reject')]));
      await walkDmarcTree('a.mail.example.com', resolver);
      expect(resolver.asked).toEqual(['_dmarc.a.mail.example.com', '_dmarc.mail.example.com']);
    }
  });

  test('several records at a parent are discarded and the walk goes on (checkdmarc testWalkReraisesDMARCError raises instead)', async () => {
    const resolver = new StaticResolver([
      { name: '_dmarc.b.example.com', type: 'TXT', values: ['v=DMARC1; p=none', 'v=DMARC1; p=reject'] },
      dmarc('example.com', 'v=DMARC1; p=reject'),
    ]);
    const steps = await walkDmarcTree('a.b.example.com', resolver);
    expect(steps.map((s) => [s.name, s.answer.kind])).toEqual([
      ['a.b.example.com', 'none'],
      ['b.example.com', 'several'],
      ['example.com', 'record'],
      ['com', 'none'],
    ]);
  });

  test('uses the answer it is given for the domain itself instead of asking again', async () => {
    const resolver = new CountingResolver(new StaticResolver());
    await walkDmarcTree('example.com', resolver, { kind: 'records', values: ['v=DMARC1; p=none'] });
    expect(resolver.asked).toEqual(['_dmarc.com']);
  });

  test('a DNS error is kept in its step and the walk goes on', async () => {
    const failing: DnsResolver = { query: async (name) => (name === '_dmarc.example.com' ? { kind: 'error', code: 'ESERVFAIL', unreachable: false } : { kind: 'nxdomain' }) };
    const steps = await walkDmarcTree('a.example.com', failing);
    expect(steps.map((s) => s.answer.kind)).toEqual(['none', 'error', 'none']);
  });
});

const mx = (name: string, host: string): ZoneRecord => ({ name, type: 'MX', value: `10 ${host}` });
const policy = (domain: string, value: string): ZoneRecord => ({ name: `_dmarc.${domain}`, type: 'TXT', value });

/** One zone per origin; every institution domain gets an MX so that it exists (only `ghost` does not). */
const ZONES: Record<string, ZoneRecord[]> = {
  'orgparent.test': [
    mx('orgparent.test', 'mx.orgparent.test'),
    policy('orgparent.test', 'v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:dmarc@orgparent.test'),
    mx('news.orgparent.test', 'mx.orgparent.test'),
    mx('tickets.orgparent.test', 'mx.orgparent.test'),
    policy('tickets.orgparent.test', 'v=DMARC1; p=none; rua=mailto:dmarc@orgparent.test'),
  ],
  'psdzone.test': [
    policy('psdzone.test', 'v=DMARC1; p=quarantine; psd=y; rua=mailto:psd-reports@psdzone.test'),
    mx('inst.psdzone.test', 'mx.psdzone.test'),
    mx('member.psdzone.test', 'mx.psdzone.test'),
    policy('member.psdzone.test', 'v=DMARC1; p=reject; rua=mailto:dmarc@other.psdzone.test'),
    mx('other.psdzone.test', 'mx.psdzone.test'),
  ],
  'corp.test': [
    policy('corp.test', 'v=DMARC1; p=reject'),
    mx('unit.corp.test', 'mx.corp.test'),
    policy('unit.corp.test', 'v=DMARC1; p=quarantine; psd=n; rua=mailto:dmarc@corp.test'),
    mx('team.corp.test', 'mx.corp.test'),
    policy('team.corp.test', 'v=DMARC1; p=quarantine; rua=mailto:dmarc@corp.test'),
  ],
  'deep.test': [
    policy('deep.test', 'v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@deep.test'),
    mx('a.b.c.d.e.f.g.h.deep.test', 'mx.deep.test'),
    // At a name the walk skips (RFC 9989 §4.10 step 4): receivers never see it.
    policy('b.c.d.e.f.g.h.deep.test', 'v=DMARC1; p=none; psd=n; rua=mailto:dmarc@deep.test'),
  ],
  'orphan.test': [mx('orphan.test', 'mx.orphan.test')],
};

describeWithBind('verify: the RFC 9989 tree walk against BIND', () => {
  let server: BindServer;
  let live: NodeDnsResolver;
  const dmarcChecks = async (domain: string, resolver: DnsResolver = live) => {
    const report: InstitutionReport = await verifyDomain({ code: 'x', domain, profile: SECUTIX_PROFILE }, resolver);
    return report.checks.filter((c) => c.id.startsWith('dmarc.'));
  };

  beforeAll(async () => {
    server = await startBind(ZONES);
    live = new NodeDnsResolver({ server: server.address, timeout: 1000, tries: 2 });
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  test('a subdomain sender without its own record fails, and says receivers apply the organizational domain\'s sp', async () => {
    const [check] = await dmarcChecks('news.orgparent.test');
    expect(check).toEqual({
      id: 'dmarc.record',
      status: 'fail',
      reason:
        'no DMARC record at _dmarc.news.orgparent.test: the name does not exist (NXDOMAIN); meanwhile receivers apply the policy of the organizational domain orgparent.test: sp=quarantine (RFC 9989 §4.10.1)',
    });
  });

  test('a sender domain that does not exist gets the organizational domain\'s np (RFC 9989 §3.2.13)', async () => {
    const [check] = await dmarcChecks('ghost.orgparent.test');
    expect(check!.reason).toMatch(/meanwhile receivers apply the policy of the organizational domain orgparent\.test: np=reject \(ghost\.orgparent\.test does not exist, so np applies\)/);
  });

  test('a subdomain with its own record passes; its reports to the parent need no authorization (same organizational domain)', async () => {
    expect((await dmarcChecks('tickets.orgparent.test')).map((c) => [c.id, c.status])).toEqual([['dmarc.record', 'pass']]);
  });

  test('under a psd=y parent: without its own record, the public suffix domain\'s policy applies', async () => {
    const [check] = await dmarcChecks('inst.psdzone.test');
    expect(check).toMatchObject({ status: 'fail', reason: expect.stringMatching(/meanwhile receivers apply the policy of the public suffix domain psdzone\.test \(psd=y\): sp=quarantine \(from p\) \(RFC 9989 §4\.10\.1\)$/) });
  });

  test('under a psd=y parent: a sibling is another organisation, so reports sent there need its authorization (the PSL would say same organisation)', async () => {
    expect((await dmarcChecks('member.psdzone.test')).map((c) => [c.id, c.status])).toEqual([
      ['dmarc.record', 'pass'],
      ['dmarc.report.other.psdzone.test', 'fail'],
    ]);
    expect(needsReportAuthorization('member.psdzone.test', 'other.psdzone.test')).toBe(false);
  });

  test('psd=n makes a subdomain its own organisation: reports to the parent need its authorization; without psd=n they do not', async () => {
    expect((await dmarcChecks('unit.corp.test')).map((c) => [c.id, c.status])).toEqual([
      ['dmarc.record', 'pass'],
      ['dmarc.report.corp.test', 'fail'],
    ]);
    expect((await dmarcChecks('team.corp.test')).map((c) => [c.id, c.status])).toEqual([['dmarc.record', 'pass']]);
    // The config-time fallback (Public Suffix List, no DNS) cannot see psd=n.
    expect(needsReportAuthorization('unit.corp.test', 'corp.test')).toBe(false);
  });

  test('more than 7 labels: eight queries, the intermediate label skipped, the organizational domain\'s policy found', async () => {
    const counting = new CountingResolver(live);
    const [check] = await dmarcChecks('a.b.c.d.e.f.g.h.deep.test', counting);
    expect(counting.asked).toEqual([
      '_dmarc.a.b.c.d.e.f.g.h.deep.test',
      '_dmarc.d.e.f.g.h.deep.test',
      '_dmarc.e.f.g.h.deep.test',
      '_dmarc.f.g.h.deep.test',
      '_dmarc.g.h.deep.test',
      '_dmarc.h.deep.test',
      '_dmarc.deep.test',
      '_dmarc.test',
    ]);
    expect(check!.reason).toMatch(/meanwhile receivers apply the policy of the organizational domain deep\.test: sp=quarantine \(RFC 9989 §4\.10\.1\)$/);
  });

  test('a record missing everywhere: fails, and says receivers apply no DMARC policy', async () => {
    const [check] = await dmarcChecks('orphan.test');
    expect(check).toEqual({
      id: 'dmarc.record',
      status: 'fail',
      reason: 'no DMARC record at _dmarc.orphan.test: the name does not exist (NXDOMAIN); meanwhile receivers apply no DMARC policy: the tree walk finds no record at _dmarc.test either (RFC 9989 §4.10.1)',
    });
  });
});

describe('report domains: bounded', () => {
  test('a record listing 25 report domains gets 20 authorization checks and a warning, never 25 walks', async () => {
    const rua = Array.from({ length: 25 }, (_, i) => `mailto:d@r${String(i).padStart(2, '0')}.test`).join(',');
    const resolver = new CountingResolver(new StaticResolver([dmarc('example.org', `v=DMARC1; p=reject; rua=${rua}`)]));
    const report = await verifyDomain({ code: 'x', domain: 'example.org', profile: SECUTIX_PROFILE }, resolver);
    const checks = report.checks.filter((c) => c.id.startsWith('dmarc.'));
    expect(checks[0]).toMatchObject({ id: 'dmarc.record', status: 'warn', reason: expect.stringMatching(/; 25 report domains: only the first 20 \(sorted\) are checked for authorization$/) });
    expect(checks.slice(1).map((c) => c.id)).toEqual(Array.from({ length: 20 }, (_, i) => `dmarc.report.r${String(i).padStart(2, '0')}.test`));
    // The domain's own walk (2 names) and 20 report-domain walks (2 names each).
    expect(resolver.asked).toHaveLength(2 + 20 * 2);
  });
});
