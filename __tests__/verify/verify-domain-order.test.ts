/**
 * verifyDomain runs each institution's checks from answer callbacks (no async frame per step, issue 20): whatever
 * order the answers arrive in, the report is the same, the same queries go out, and a failing resolver still rejects.
 */
import { generateKeyPairSync } from 'node:crypto';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { DnsAnswer, DnsResolver, QueryType, StaticResolver } from '../../verify/resolver';
import { verifyDomain, VerifyTarget } from '../../verify/verify-domain';

const KEY = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

function world(): StaticResolver {
  const r = new StaticResolver()
    .add('spf.secutix.com', 'TXT', ['v=spf1 ip4:192.0.2.0/24 -all'])
    .add('helper.test', 'TXT', ['v=spf1 a mx include:spf.secutix.com ~all'])
    .add('helper.test', 'A', ['192.0.2.1'])
    .add('reports.test', 'TXT', ['unrelated'])
    .add('_dmarc.reports.test', 'TXT', ['v=DMARC1; p=none']);
  for (const code of ['a1', 'b2', 'c3', 'd4']) {
    for (const sel of ['sel1', 'sel2']) r.add(`${sel}-${code}._domainkey.dkim.secutix.com`, 'TXT', [`v=DKIM1; k=rsa; p=${KEY}`]);
  }
  // a1: healthy, SPF through a nested include with `a` and `mx`, reports to its own domain.
  r.add('a1.test', 'TXT', ['v=spf1 include:helper.test -all']).add('a1.test', 'MX', ['10 mx.a1.test']).add('_dmarc.a1.test', 'TXT', ['v=DMARC1; p=reject; rua=mailto:d@a1.test']);
  for (const sel of ['stxsel1', 'stxsel2']) r.add(`${sel}._domainkey.a1.test`, 'CNAME', [`${sel === 'stxsel1' ? 'sel1' : 'sel2'}-a1._domainkey.dkim.secutix.com`]);
  // b2: no DMARC record (the tree walk goes to the parent), one DKIM CNAME missing, reports nowhere.
  r.add('b2.test', 'TXT', ['v=spf1 include:spf.secutix.com ~all']).add('b2.test', 'MX', ['10 mx.b2.test']);
  r.add('stxsel1._domainkey.b2.test', 'CNAME', ['sel1-b2._domainkey.dkim.secutix.com']);
  // c3: reports to another organisation (the report-authorization path), no MX, SPF include missing.
  r.add('c3.test', 'TXT', ['v=spf1 ip4:198.51.100.0/24 -all']).add('_dmarc.c3.test', 'TXT', ['v=DMARC1; p=quarantine; rua=mailto:x@reports.test,mailto:y@c3.test']);
  r.add('c3.test._report._dmarc.reports.test', 'TXT', ['v=DMARC1']);
  for (const sel of ['stxsel1', 'stxsel2']) r.add(`${sel}._domainkey.c3.test`, 'CNAME', [`${sel === 'stxsel1' ? 'sel1' : 'sel2'}-c3._domainkey.dkim.secutix.com`]);
  // d4: nothing at all (NXDOMAIN everywhere but the platform's names).
  return r;
}

const TARGETS: VerifyTarget[] = ['a1', 'b2', 'c3', 'd4'].map((code) => ({ code, domain: `${code}.test`, profile: SECUTIX_PROFILE }));

/** Answers from `inner`, each after a pseudo-random number of turns of the event loop (seeded), and logs the queries. */
class ShufflingResolver implements DnsResolver {
  readonly asked: string[] = [];
  private state: number;

  constructor(
    private readonly inner: DnsResolver,
    seed: number,
  ) {
    this.state = seed;
  }

  async query(name: string, type: QueryType): Promise<DnsAnswer> {
    this.asked.push(`${name} ${type}`);
    this.state = (this.state * 1103515245 + 12345) % 2147483648;
    const turns = this.state % 7;
    const answer = await this.inner.query(name, type);
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
    return answer;
  }
}

describe('verifyDomain answers in any order', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: same report and same queries as answers in order', async (seed) => {
    const inOrder = new ShufflingResolver(world(), 0);
    const expected = await Promise.all(TARGETS.map((t) => verifyDomain(t, { query: (n, ty) => inOrder.query(n, ty) })));
    const shuffled = new ShufflingResolver(world(), seed);
    const got = await Promise.all(TARGETS.map((t) => verifyDomain(t, shuffled)));
    expect(got).toEqual(expected);
    expect([...shuffled.asked].sort()).toEqual([...inOrder.asked].sort());
  });

  test('the reports hold the checks in their fixed order, with the verdicts of this world', async () => {
    const reports = await Promise.all(TARGETS.map((t) => verifyDomain(t, new ShufflingResolver(world(), 3))));
    expect(reports.map((r) => r.checks.map((c) => c.id))).toEqual([
      ['spf.record', 'spf.include', 'spf.lookups', 'dkim.stxsel1', 'dkim.stxsel2', 'dmarc.record', 'mx'],
      ['spf.record', 'spf.include', 'spf.lookups', 'dkim.stxsel1', 'dkim.stxsel2', 'dmarc.record', 'mx'],
      ['spf.record', 'spf.include', 'spf.lookups', 'dkim.stxsel1', 'dkim.stxsel2', 'dmarc.record', 'dmarc.report.reports.test', 'mx'],
      ['spf.record', 'dkim.stxsel1', 'dkim.stxsel2', 'dmarc.record', 'mx'],
    ]);
    expect(reports.map((r) => r.status)).toEqual(['pass', 'fail', 'fail', 'fail']);
    expect(reports[0]!.checks.find((c) => c.id === 'spf.lookups')!.reason).toBe('4/10 DNS lookups, 1/2 void lookups (mx)');
    expect(reports[0]!.checks.find((c) => c.id === 'dkim.stxsel1')!.reason).toBe('CNAME → sel1-a1._domainkey.dkim.secutix.com, v=DKIM1 RSA 1024-bit key');
    expect(reports[1]!.checks.find((c) => c.id === 'dkim.stxsel2')!.reason).toMatch(/^no CNAME at stxsel2\._domainkey\.b2\.test/);
    expect(reports[1]!.checks.find((c) => c.id === 'dmarc.record')!.reason).toMatch(/^no DMARC record at _dmarc\.b2\.test.*_dmarc\.test/);
    expect(reports[2]!.checks.find((c) => c.id === 'dmarc.report.reports.test')!.status).toBe('pass');
    expect(reports[2]!.checks.find((c) => c.id === 'spf.include')!.status).toBe('fail');
  });

  test('a resolver that breaks its promise rejects the institution, as before', async () => {
    const broken: DnsResolver = { query: (name) => (name.startsWith('_dmarc.') ? Promise.reject(new Error('boom')) : world().query(name, 'TXT')) };
    await expect(verifyDomain(TARGETS[0]!, broken)).rejects.toThrow('boom');
  });

  test('a check that throws rejects the institution', async () => {
    const hostile: DnsResolver = { query: async (name, type) => (type === 'MX' ? ({ kind: 'records', values: null } as unknown as DnsAnswer) : world().query(name, type)) };
    await expect(verifyDomain(TARGETS[0]!, hostile)).rejects.toThrow(TypeError);
  });
});
