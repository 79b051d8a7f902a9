/**
 * verify's SPF walk against hostile include trees (issue 9, item 2): RFC 7208 §4.6.4 limits over the whole
 * evaluation, answers cached for the walk, a bounded number of queries. On recorded answers, then on BIND.
 */
import { canonicalName } from '../../model/names';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { checkSpfInclude } from '../../verify/checks/spf-include';
import { checkSpfLookups } from '../../verify/checks/spf-lookups';
import { NodeDnsResolver } from '../../verify/node-resolver';
import { DnsAnswer, DnsResolver, QueryType, StaticResolver } from '../../verify/resolver';
import { SPF_MAX_QUERIES, walkSpf } from '../../verify/spf-tree';
import { verifyDomain } from '../../verify/verify-domain';
import { BindServer, describeWithBind, startBind, ZoneRecord } from '../helpers/bind';
import { healthyZone, PLATFORM_IP, testWorld } from './fixture';
import { runVerify } from './run-verify';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

/** Wraps a resolver and records every query it is asked. */
class CountingResolver implements DnsResolver {
  readonly asked: string[] = [];
  constructor(private readonly inner: DnsResolver) {}
  query(name: string, type: QueryType): Promise<DnsAnswer> {
    this.asked.push(`${canonicalName(name)} ${type}`);
    return this.inner.query(name, type);
  }
}

/** Each level has `width` names; every name of a level includes every name of the next; the top includes level 1. */
function diamond(zone: string, width: number, levels: number): { top: string; records: ZoneRecord[] } {
  const names = (level: number) => Array.from({ length: width }, (_, i) => `l${level}n${i}.${zone}`);
  const includes = (level: number) => names(level).map((n) => `include:${n}`).join(' ');
  const records = Array.from({ length: levels }, (_, l) => l + 1).flatMap((level) =>
    names(level).map((name): ZoneRecord => ({ name, type: 'TXT', value: level === levels ? 'v=spf1 ip4:192.0.2.1 -all' : `v=spf1 ${includes(level + 1)} -all` })),
  );
  return { top: `v=spf1 include:spf.secutix.com ${includes(1)} ~all`, records };
}

const SERVFAIL: DnsAnswer = { kind: 'error', code: 'ESERVFAIL', unreachable: false };

describe('walkSpf on recorded answers', () => {
  const world = (records: Record<string, string>) => {
    const r = new StaticResolver().add('spf.secutix.com', 'TXT', ['v=spf1 ip4:192.0.2.0/24 -all']);
    for (const [name, value] of Object.entries(records)) r.add(name, 'TXT', [value]);
    return r;
  };

  it('counts an include reached twice twice, as receivers do, but asks DNS for it once', async () => {
    const dns = new CountingResolver(world({ 'a.example.org': 'v=spf1 include:c.example.org', 'b.example.org': 'v=spf1 include:c.example.org', 'c.example.org': 'v=spf1 -all' }));
    const walk = await walkSpf('example.org', dns, 'v=spf1 include:a.example.org include:b.example.org ~all');
    expect(walk).toMatchObject({ lookups: 4, outcome: { kind: 'complete' }, queries: 3 });
    expect(dns.asked).toEqual(['a.example.org TXT', 'c.example.org TXT', 'b.example.org TXT']);
  });

  it('a diamond stops at the 11th lookup, naming it, after at most 21 queries', async () => {
    const { top, records } = diamond('example.org', 3, 12);
    const dns = new CountingResolver(world(Object.fromEntries(records.map((r) => [r.name, r.value]))));
    const walk = await walkSpf('example.org', dns, top);
    expect(walk.outcome).toEqual({ kind: 'permerror', reason: expect.stringMatching(/^more than 10 DNS lookups: the 11th, include:l10n0\.example\.org in l9n0\.example\.org, ends the evaluation/) });
    expect(walk.lookups).toBe(11);
    expect(new Set(dns.asked).size).toBe(dns.asked.length);
    expect(dns.asked.length).toBeLessThanOrEqual(SPF_MAX_QUERIES);
  });

  it('an include whose TXT query fails (SERVFAIL) is a temperror: no verdict, not a missing record', async () => {
    const dns: DnsResolver = { query: async (name) => (name === 'broken.example.org' ? SERVFAIL : world({}).query(name, 'TXT')) };
    const walk = await walkSpf('example.org', dns, 'v=spf1 include:broken.example.org include:spf.secutix.com ~all');
    expect(walk.outcome).toEqual({ kind: 'temperror', reason: 'include:broken.example.org: DNS error ESERVFAIL for TXT broken.example.org (the server failed to answer: SERVFAIL)' });
    expect(checkSpfLookups(walk)).toEqual({
      id: 'spf.lookups',
      status: 'unknown',
      reason: 'no verdict: 1/10 DNS lookups, 0/2 void lookups until include:broken.example.org: DNS error ESERVFAIL for TXT broken.example.org (the server failed to answer: SERVFAIL); receivers get temperror there and defer mail',
    });
    // The platform include is written in the record itself, so that check still has its answer.
    expect(checkSpfInclude(walk, 'spf.secutix.com').status).toBe('pass');
    const hidden = await walkSpf('example.org', dns, 'v=spf1 include:broken.example.org ~all');
    expect(checkSpfInclude(hidden, 'spf.secutix.com')).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/^no verdict: spf\.secutix\.com was not found before include:broken/) });
  });

  it('ends at the first error in evaluation order, as a receiver does', async () => {
    const dns: DnsResolver = { query: async (name, type) => (name === 'down.example.org' ? SERVFAIL : world({ 'bad.example.org': 'v=spf1 moo -all' }).query(name, type)) };
    const permFirst = await walkSpf('example.org', dns, 'v=spf1 include:bad.example.org a:down.example.org ~all');
    expect(permFirst.outcome).toEqual({ kind: 'permerror', reason: expect.stringMatching(/^bad\.example\.org: unknown SPF mechanism "moo"/) });
    const tempFirst = await walkSpf('example.org', dns, 'v=spf1 a:down.example.org include:bad.example.org ~all');
    expect(tempFirst.outcome).toMatchObject({ kind: 'temperror', reason: expect.stringMatching(/^a:down\.example\.org in example\.org: DNS error ESERVFAIL for A down\.example\.org/) });
  });

  it('a redirect is evaluated after every mechanism, wherever it is written (RFC 7208 §6.1)', async () => {
    const dns = new CountingResolver(world({ 'r.example.org': 'v=spf1 -all' }).add('example.org', 'A', ['192.0.2.1']));
    await walkSpf('example.org', dns, 'v=spf1 redirect=r.example.org a');
    expect(dns.asked).toEqual(['example.org A', 'example.org AAAA', 'r.example.org TXT']);
  });

  it('ptr costs a lookup but is not queried (it needs the sending IP)', async () => {
    const dns = new CountingResolver(world({}));
    const walk = await walkSpf('example.org', dns, 'v=spf1 ptr ptr:example.org ~all');
    expect(walk).toMatchObject({ lookups: 2, outcome: { kind: 'complete' }, queries: 0 });
  });

  it('an mx that finds more than 10 MX names is a permerror; 10 pass (RFC 7208 §4.6.4)', async () => {
    const mx = (n: number) => Array.from({ length: n }, (_, i) => `${i} mx${i}.example.org`);
    const ten = await walkSpf('ten.example.org', new StaticResolver().add('ten.example.org', 'MX', mx(10)), 'v=spf1 mx -all');
    expect(checkSpfLookups(ten)).toEqual({ id: 'spf.lookups', status: 'pass', reason: '1/10 DNS lookups, 0/2 void lookups' });
    const eleven = await walkSpf('eleven.example.org', new StaticResolver().add('eleven.example.org', 'MX', mx(11)), 'v=spf1 mx -all');
    expect(checkSpfLookups(eleven)).toEqual({
      id: 'spf.lookups',
      status: 'fail',
      reason: '1/10 DNS lookups, 0/2 void lookups: mx in eleven.example.org finds 11 MX names; more than 10 is a permerror (RFC 7208 §4.6.4)',
    });
  });
});

describeWithBind('walkSpf on hostile include trees served by BIND', () => {
  let server: BindServer;
  const diamonds = { 3: diamond('w3.diamond.test', 3, 12), 4: diamond('w4.diamond.test', 4, 12) };
  const mx = (domain: string, n: number): ZoneRecord[] => Array.from({ length: n }, (_, i) => ({ name: domain, type: 'MX', value: `${i} mx${i}.${domain}` }));

  beforeAll(async () => {
    const zones = {
      ...testWorld().zones,
      'diamond.test': [...diamonds[3].records, ...diamonds[4].records],
      'w3.test': healthyZone('w3.test', diamonds[3].top),
      'w4.test': healthyZone('w4.test', diamonds[4].top),
      'mx11.test': [...healthyZone('mx11.test', 'v=spf1 include:spf.secutix.com mx ~all').filter((r) => r.type !== 'MX'), ...mx('mx11.test', 11)],
      'mx10.test': [...healthyZone('mx10.test', 'v=spf1 include:spf.secutix.com mx ~all').filter((r) => r.type !== 'MX'), ...mx('mx10.test', 10)],
    };
    server = await startBind(zones);
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  it.each([3, 4] as const)('a diamond of width %i, 12 levels deep: permerror at the 11th lookup, each query sent once, at most 21', async (width) => {
    const dns = new CountingResolver(new NodeDnsResolver({ server: server.address, timeout: 1000, tries: 2 }));
    const walk = await walkSpf(`w${width}.test`, dns);
    expect(checkSpfLookups(walk)).toEqual({
      id: 'spf.lookups',
      status: 'fail',
      reason: `11/10 DNS lookups, 0/2 void lookups: more than 10 DNS lookups: the 11th, include:l10n0.w${width}.diamond.test in l9n0.w${width}.diamond.test, ends the evaluation with permerror (RFC 7208 §4.6.4); flatten or drop includes`,
    });
    expect(dns.asked).toEqual([`w${width}.test TXT`, 'spf.secutix.com TXT', ...Array.from({ length: 9 }, (_, i) => `l${i + 1}n0.w${width}.diamond.test TXT`)]);
    expect(walk.queries).toBe(dns.asked.length);
    expect(walk.queries).toBeLessThanOrEqual(SPF_MAX_QUERIES);
  });

  it('verify on the diamond domains: spf.lookups fails with the reason, the rest passes, mailauth agrees for a sending IP', async () => {
    const run = await runVerify(['--domain', 'w4.test', '--code', 'healthy', '--dns-server', server.address, '--ip', PLATFORM_IP]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^ {2}FAIL {2}spf\.lookups +11\/10 DNS lookups, 0\/2 void lookups: more than 10 DNS lookups/m);
    expect(run.out).toMatch(/^ {2}PASS {2}spf\.include +includes spf\.secutix\.com directly$/m);
    // The platform IP matches the first include, before the limit: a receiver passes it (mailauth stops there too).
    expect(run.out).toMatch(/^ {2}PASS {2}spf\.ip +192\.0\.2\.25: pass/m);
    expect(run.out).toContain('  => FAIL w4.test: 7 passed, 0 warnings, 1 failed');
  });

  it('an mx that finds 11 MX names fails (RFC 7208 §4.6.4); 10 pass', async () => {
    const resolver = new NodeDnsResolver({ server: server.address, timeout: 1000, tries: 2 });
    const eleven = await verifyDomain({ code: 'healthy', domain: 'mx11.test', profile: SECUTIX_PROFILE }, resolver);
    expect(eleven.checks.filter((c) => c.status !== 'pass')).toEqual([
      { id: 'spf.lookups', status: 'fail', reason: '2/10 DNS lookups, 0/2 void lookups: mx in mx11.test finds 11 MX names; more than 10 is a permerror (RFC 7208 §4.6.4)' },
    ]);
    const ten = await verifyDomain({ code: 'healthy', domain: 'mx10.test', profile: SECUTIX_PROFILE }, resolver);
    expect(ten.status).toBe('pass');
  });
});
