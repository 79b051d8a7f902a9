/**
 * Each check on recorded answers (no DNS server): a compliant and a non-compliant case for every rule, as in
 * cdk-nag, and the reasons people read.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimCnames } from '../../model/dkim';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { checkDkimSelector } from '../../verify/checks/dkim-selector';
import { checkDmarcRecord } from '../../verify/checks/dmarc-record';
import { checkReportAuthorization, externalReportDomains } from '../../verify/checks/dmarc-report-auth';
import { checkMx } from '../../verify/checks/mx-record';
import { checkSpfInclude } from '../../verify/checks/spf-include';
import { checkSpfIp } from '../../verify/checks/spf-ip';
import { checkSpfLookups } from '../../verify/checks/spf-lookups';
import { checkSpfRecord } from '../../verify/checks/spf-record';
import { DnsAnswer, StaticResolver } from '../../verify/resolver';
import { walkSpf } from '../../verify/spf-tree';

const records = (...values: string[]): DnsAnswer => ({ kind: 'records', values });
const NXDOMAIN: DnsAnswer = { kind: 'nxdomain' };
const NODATA: DnsAnswer = { kind: 'nodata' };
const TIMEOUT: DnsAnswer = { kind: 'error', code: 'ETIMEOUT', unreachable: true };
const SERVFAIL: DnsAnswer = { kind: 'error', code: 'ESERVFAIL', unreachable: false };

describe('spf.record', () => {
  it('passes one SPF record among other TXT values', () => {
    const { result, record } = checkSpfRecord('example.org', records('google-site-verification=x', 'v=spf1 include:spf.secutix.com ~all'));
    expect(result).toEqual({ id: 'spf.record', status: 'pass', reason: 'one SPF record: "v=spf1 include:spf.secutix.com ~all"' });
    expect(record).toBe('v=spf1 include:spf.secutix.com ~all');
  });
  it.each([
    ['no TXT at all', NODATA, /^no SPF record at example\.org: no TXT record$/],
    ['a missing domain', NXDOMAIN, /the name does not exist \(NXDOMAIN\)/],
    ['TXT values but no SPF', records('v=spf10 nope', 'hello'), /none of its 2 TXT record\(s\) starts with "v=spf1"/],
    ['two SPF records', records('v=spf1 -all', 'v=spf1 include:spf.secutix.com ~all'), /^2 SPF records at example\.org .*RFC 7208 §4\.5/],
    ['invalid syntax', records('v=spf1 include: ~all'), /is invalid: "include" needs a domain/],
  ])('fails for %s', (_, answer, reason) => {
    const { result, record } = checkSpfRecord('example.org', answer);
    expect(result.status).toBe('fail');
    expect(result.reason).toMatch(reason);
    expect(record).toBeUndefined();
  });
  it.each([
    [TIMEOUT, 'no verdict: DNS error ETIMEOUT for TXT example.org (no answer in time)'],
    [SERVFAIL, 'no verdict: DNS error ESERVFAIL for TXT example.org (the server failed to answer: SERVFAIL)'],
  ])('has no verdict when DNS gives no usable answer: %j', (answer, reason) => {
    expect(checkSpfRecord('example.org', answer).result).toEqual({ id: 'spf.record', status: 'unknown', reason });
  });
});

/** A recorded DNS world for SPF trees. */
function spfWorld(extra: Record<string, string> = {}): StaticResolver {
  const r = new StaticResolver().add('spf.secutix.com', 'TXT', ['v=spf1 ip4:192.0.2.0/24 -all']);
  for (const [name, value] of Object.entries(extra)) r.add(name, 'TXT', [value]);
  return r;
}

describe('spf.include and spf.lookups on a walked tree', () => {
  it('finds the platform include directly and counts one lookup', async () => {
    const tree = await walkSpf('example.org', spfWorld(), 'v=spf1 include:spf.secutix.com ~all');
    expect(checkSpfInclude(tree, 'spf.secutix.com')).toEqual({ id: 'spf.include', status: 'pass', reason: 'includes spf.secutix.com directly' });
    expect(checkSpfLookups(tree)).toEqual({ id: 'spf.lookups', status: 'pass', reason: '1/10 DNS lookups, 0/2 void lookups' });
  });

  it('finds it through nested includes and a redirect, and names the path', async () => {
    const world = spfWorld({ '_spf.example.org': 'v=spf1 redirect=_spf2.example.org', '_spf2.example.org': 'v=spf1 include:spf.secutix.com -all' });
    const tree = await walkSpf('example.org', world, 'v=spf1 include:_spf.example.org ~all');
    expect(checkSpfInclude(tree, 'spf.secutix.com').reason).toBe('includes spf.secutix.com through include:_spf.example.org → redirect=_spf2.example.org');
    expect(checkSpfLookups(tree).reason).toBe('3/10 DNS lookups, 0/2 void lookups');
  });

  it('fails when the include is nowhere in the tree', async () => {
    const tree = await walkSpf('example.org', spfWorld({ '_spf.google.com': 'v=spf1 ip4:203.0.113.0/24 ~all' }), 'v=spf1 include:_spf.google.com ~all');
    expect(checkSpfInclude(tree, 'spf.secutix.com')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/does not include spf\.secutix\.com .*add "include:spf\.secutix\.com"$/) });
  });

  it('passes 10 lookups and fails 11 (RFC 7208 §4.6.4), counting nested ones', async () => {
    const helpers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`h${i}.example.org`, 'v=spf1 -all']));
    const nine = Array.from({ length: 9 }, (_, i) => `include:h${i}.example.org`).join(' ');
    const ten = await walkSpf('example.org', spfWorld(helpers), `v=spf1 include:spf.secutix.com ${nine} ~all`);
    expect(checkSpfLookups(ten)).toMatchObject({ status: 'pass', reason: '10/10 DNS lookups, 0/2 void lookups' });
    const world = spfWorld({ ...helpers, 'nest.example.org': `v=spf1 ${nine} include:h9.example.org -all` });
    const eleven = await walkSpf('example.org', world, 'v=spf1 include:spf.secutix.com include:nest.example.org ~all');
    expect(checkSpfLookups(eleven)).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^11\/10 DNS lookups, 0\/2 void lookups: more than 10 DNS lookups: the 11th, include:h8\.example\.org in nest\.example\.org, ends the evaluation with permerror/) });
  });

  it('does not count a redirect that an "all" makes unreachable (RFC 7208 §6.1)', async () => {
    const tree = await walkSpf('example.org', spfWorld({ 'other.example.org': 'v=spf1 -all' }), 'v=spf1 include:spf.secutix.com ~all redirect=other.example.org');
    expect(checkSpfLookups(tree).reason).toBe('1/10 DNS lookups, 0/2 void lookups');
  });

  it('passes 2 void lookups and fails 3, naming them', async () => {
    const world = spfWorld().add('example.org', 'A', ['192.0.2.1']).add('example.org', 'MX', ['10 mx.example.org']);
    const two = await walkSpf('example.org', world, 'v=spf1 include:spf.secutix.com a mx a:gone1.example.org a:gone2.example.org ~all');
    expect(checkSpfLookups(two)).toMatchObject({ status: 'pass', reason: '5/10 DNS lookups, 2/2 void lookups (a:gone1.example.org, a:gone2.example.org)' });
    const three = await walkSpf('example.org', world, 'v=spf1 include:spf.secutix.com a:gone1.example.org exists:gone2.example.org mx:gone3.example.org ~all');
    expect(checkSpfLookups(three)).toMatchObject({ status: 'fail', reason: expect.stringContaining('more than 2 void lookups (a:gone1.example.org, exists:gone2.example.org, mx:gone3.example.org)') });
  });

  it('an "a" term is not void when only AAAA exists', async () => {
    const world = spfWorld().add('v6.example.org', 'AAAA', ['2001:db8::1']);
    const tree = await walkSpf('example.org', world, 'v=spf1 include:spf.secutix.com a:v6.example.org ~all');
    expect(checkSpfLookups(tree).reason).toBe('2/10 DNS lookups, 0/2 void lookups');
  });

  it('fails on an include without an SPF record, an include loop, and a server error inside the tree', async () => {
    const world = spfWorld({ 'web.example.org': 'hello', 'loop.example.org': 'v=spf1 include:example.org -all', 'example.org': 'v=spf1 include:loop.example.org ~all' });
    const noSpf = await walkSpf('example.org', world, 'v=spf1 include:spf.secutix.com include:web.example.org ~all');
    expect(checkSpfLookups(noSpf)).toMatchObject({ status: 'fail', reason: expect.stringContaining('web.example.org: no SPF record') });
    const loop = await walkSpf('example.org', world, 'v=spf1 include:loop.example.org ~all');
    expect(checkSpfLookups(loop).reason).toContain('loop.example.org: include:example.org loops back to example.org');
    const broken = { query: async (name: string) => (name === 'spf.secutix.com' ? TIMEOUT : NXDOMAIN) };
    const timedOut = await walkSpf('example.org', broken, 'v=spf1 include:spf.secutix.com ~all');
    expect(checkSpfLookups(timedOut)).toMatchObject({ status: 'unknown', reason: expect.stringContaining('DNS error ETIMEOUT for TXT spf.secutix.com') });
  });

  it('does not expand macros (they need the sender), and counts them', async () => {
    const tree = await walkSpf('example.org', spfWorld(), 'v=spf1 include:spf.secutix.com exists:%{i}._spf.example.org ~all');
    expect(checkSpfLookups(tree).reason).toBe('2/10 DNS lookups, 0/2 void lookups');
  });
});

describe('spf.ip (mailauth on recorded answers)', () => {
  const world = () => spfWorld({ 'example.org': 'v=spf1 include:spf.secutix.com ~all' });
  it('passes a platform IP', async () => {
    expect(await checkSpfIp('example.org', '192.0.2.7', world())).toMatchObject({ id: 'spf.ip', status: 'pass', reason: expect.stringMatching(/^192\.0\.2\.7: pass/) });
  });
  it('fails another IP with the result a receiver gets', async () => {
    expect(await checkSpfIp('example.org', '203.0.113.9', world())).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^203\.0\.113\.9: softfail/) });
  });
  it('marks a DNS timeout as unreachable', async () => {
    const r = await checkSpfIp('example.org', '192.0.2.7', { query: async () => TIMEOUT });
    expect(r).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/^no verdict: 192\.0\.2\.7: temperror/) });
  });
});

describe('dkim.<selector>', () => {
  const [sel1] = dkimCnames('example.org', 'mosa', SECUTIX_PROFILE);
  const target = 'sel1-mosa._domainkey.dkim.secutix.com';
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  it('passes a CNAME to the expected target with a v=DKIM1 key behind it', () => {
    expect(checkDkimSelector(sel1!, records(target), records(`v=DKIM1; k=rsa; p=${p}`))).toEqual({
      id: 'dkim.stxsel1',
      status: 'pass',
      reason: `CNAME → ${target}, v=DKIM1 RSA 1024-bit key`,
    });
  });
  it('accepts a key split across strings with spaces inside p=', () => {
    expect(checkDkimSelector(sel1!, records(`${target}.`), records(`v=DKIM1; p=${p.slice(0, 100)} ${p.slice(100)}`)).status).toBe('pass');
  });
  it('warns when the key lacks v=DKIM1', () => {
    expect(checkDkimSelector(sel1!, records(target), records(`k=rsa; p=${p}`))).toMatchObject({ status: 'warn', reason: expect.stringContaining('lacks "v=DKIM1"') });
  });
  it.each([
    ['a wrong target', records('sel1-other._domainkey.dkim.secutix.com'), records(`v=DKIM1; p=${p}`), /is a CNAME to sel1-other\._domainkey\.dkim\.secutix\.com, expected sel1-mosa/],
    ['no CNAME', NXDOMAIN, NXDOMAIN, /^no CNAME at stxsel1\._domainkey\.example\.org \(expected → sel1-mosa\._domainkey\.dkim\.secutix\.com\): the name does not exist/],
    ['a TXT key instead of the CNAME', NODATA, records(`v=DKIM1; p=${p}`), /no CNAME .*a TXT record is published there instead/],
    ['no key behind the CNAME', records(target), NXDOMAIN, /is right, but no DKIM key behind it: the name does not exist/],
    ['a TXT without p=', records(target), records('hello'), /has no p= tag/],
    ['two keys', records(target), records(`v=DKIM1; p=${p}`, `v=DKIM1; p=${p}`), /leads to 2 key records/],
    ['a wrong version', records(target), records(`v=DKIM2; p=${p}`), /has v=DKIM2, expected v=DKIM1/],
    ['a revoked key (empty p=)', records(target), records('v=DKIM1; p='), /empty p=: the key is revoked/],
    ['a key that is not base64 DER', records(target), records('v=DKIM1; p=bm90IGEga2V5'), /p= is not a valid base64 public key/],
  ])('fails for %s', (_, cname, key, reason) => {
    const result = checkDkimSelector(sel1!, cname, key);
    expect(result.status).toBe('fail');
    expect(result.reason).toMatch(reason);
  });
});

describe('dmarc.record', () => {
  it('passes one record and shows the policy and reports', () => {
    const { result, record } = checkDmarcRecord('example.org', records('v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.org'));
    expect(result).toEqual({ id: 'dmarc.record', status: 'pass', reason: 'policy p=reject sp=quarantine, aggregate reports to mailto:d@example.org' });
    expect(record?.rua.map((u) => u.domain)).toEqual(['example.org']);
  });
  it('reads policy names case-insensitively (RFC 5234 §2.3 quoted strings), as receivers do', () => {
    expect(checkDmarcRecord('example.org', records('v=DMARC1; p=ReJect; SP=Quarantine; rua=mailto:d@example.org')).result).toEqual({
      id: 'dmarc.record',
      status: 'pass',
      reason: 'policy p=reject sp=quarantine, aggregate reports to mailto:d@example.org',
    });
  });
  it.each([
    ['no p= (RFC 9989: p=none when rua is valid)', 'v=DMARC1; rua=mailto:d@example.org', /^policy p=none \(no p tag\), aggregate reports to mailto:d@example\.org; p: missing: receivers treat the record as p=none \(RFC 9989 §4\.10\.1\)/],
    ['an unknown tag (RFC 9989 §4.7: ignored)', 'v=DMARC1; p=reject; foo=bar', /^policy p=reject, no aggregate reports \(rua\); foo: unknown tag, ignored \(RFC 9989 §4\.7\)$/],
    ['a tag removed by RFC 9989', 'v=DMARC1; p=reject; pct=50', /^policy p=reject pct=50, .*; pct: removed by RFC 9989: .*use test mode instead \(t=y/],
    ['the obsolete !size suffix', 'v=DMARC1; p=none; rua=mailto:d@example.org!10m', /rua: the size limit "!10m" is obsolete \(RFC 9989 §4\.8\): receivers ignore it$/],
    ['p not right after v', 'v=DMARC1; rua=mailto:d@example.org; p=reject', /p: not the second tag/],
    // Peer vectors (checkdmarc, Mail::DMARC): receivers still apply the policy; the warning names OpenDMARC's exception.
    ['pct=150 (RFC 7489 receivers use pct=100, RFC 9989 ones ignore pct)', 'v=DMARC1; p=reject; pct=150', /^policy p=reject pct=150, no aggregate reports \(rua\); pct: removed by RFC 9989, and the value is invalid under RFC 7489 too \(must be an integer between 0 and 100 inclusive, got "150"\): .*OpenDMARC rejects the whole record \(dmarc=permerror, no policy applied\); remove it \(for a test phase use test mode, t=y\)$/],
    ['pct=abc', 'v=DMARC1; p=reject; pct=abc', /pct: removed by RFC 9989, and the value is invalid under RFC 7489 too/],
    ['ri=bob', 'v=DMARC1; p=reject; ri=bob', /ri: removed by RFC 9989, and the value is invalid under RFC 7489 too \(must be a whole number of seconds, got "bob"\): .*use ri=86400 instead/],
    ['rf=000…', `v=DMARC1; p=reject; rf=${'0'.repeat(33)}`, /rf: removed by RFC 9989, and the value is invalid under RFC 7489 too \(expected a colon list of report formats/],
    ['rua=ftp:// (RFC 9989 allows any URI; receivers send to mailto: only)', 'v=DMARC1; p=none; rua=ftp://abuse.com,mailto:d@example.org', /^policy p=none, aggregate reports to mailto:d@example\.org; rua: receivers send reports only to mailto: URIs \(RFC 9989 §4\.7: .*\), so no report reaches "ftp:\/\/abuse\.com"$/],
    ['no p, only an https rua (RFC 9989 §4.10.1: any valid URI makes it p=none)', 'v=DMARC1; rua=https://example.org/dmarc', /p: missing: receivers treat the record as p=none/],
  ])('warns for %s', (_, record, reason) => {
    const { result } = checkDmarcRecord('example.org', records(record));
    expect(result.status).toBe('warn');
    expect(result.reason).toMatch(reason);
  });
  it.each([
    ['no record', NXDOMAIN, /^no DMARC record at _dmarc\.example\.org: the name does not exist/],
    ['only other TXT values', records('hello'), /none of its TXT records starts with "v=DMARC1"/],
    ['two records', records('v=DMARC1; p=none', 'v=DMARC1; p=reject'), /^2 DMARC records .*receivers discard them all \(RFC 9989 §4\.10\)/],
    ['a bad policy', records('v=DMARC1; p=rejct'), /is invalid: p: expected none\|quarantine\|reject, got "rejct"; .*no valid "p" and no valid "rua": receivers apply no DMARC policy/],
    ['a bad policy with a valid rua', records('v=DMARC1; p=rejct; rua=mailto:d@example.org'), /receivers act as if it said p=none \(RFC 9989 §4\.10\.1\)$/],
    ['a repeated tag', records('v=DMARC1; p=none; p=reject'), /is invalid: tag "p" appears twice/],
    ['no p and no rua', records('v=DMARC1'), /p: missing, and no valid "rua" either: receivers apply no DMARC policy at all/],
    ['a report address without scheme', records('v=DMARC1; p=none; rua=reports@example.org'), /rua: report addresses are URIs: write "mailto:reports@example\.org".*; no aggregate report address is valid, so no reports arrive$/],
    ['a mangled scheme', records('v=DMARC1; p=none; rua=__mailto:reports@example.org'), /rua: expected a mailto: URI/],
    ['psd=x', records('v=DMARC1; p=reject; psd=x'), /psd: expected y\|n\|u, got "x"; receivers drop what is invalid, use the defaults \(RFC 9989 §4\.8\) and apply p=reject$/],
    ['t=x', records('v=DMARC1; p=reject; t=x'), /t: expected y\|n, got "x"/],
    ['fo=x', records('v=DMARC1; p=reject; fo=x; ruf=mailto:f@example.org'), /fo: expected a colon-separated list of 0, 1, d, s/],
    ['adkim=bob (strict alignment intended, relaxed applied)', records('v=DMARC1; p=reject; adkim=bob'), /adkim: expected r\|s \(relaxed or strict\), got "bob"/],
    ['aspf=bob', records('v=DMARC1; p=reject; aspf=bob'), /aspf: expected r\|s \(relaxed or strict\), got "bob"/],
  ])('fails for %s', (_, answer, reason) => {
    const { result } = checkDmarcRecord('example.org', answer);
    expect(result.status).toBe('fail');
    expect(result.reason).toMatch(reason);
  });
});

describe('dmarc.report.<domain>', () => {
  it('lists only report domains outside the organisation, once each', () => {
    const { record } = checkDmarcRecord('mail.example.org', records('v=DMARC1; p=none; rua=mailto:a@example.org,mailto:b@reports.example.org,mailto:c@vendor.test,mailto:d@vendor.test!10m; ruf=mailto:f@other.test'));
    const org = (d: string) => (d.endsWith('example.org') ? 'example.org' : d);
    expect(externalReportDomains('mail.example.org', record!, org)).toEqual(['other.test', 'vendor.test']);
  });
  it('asks the tree walk, not the public suffix list: a report subdomain that is its own organizational domain (psd=n) is external', () => {
    const { record } = checkDmarcRecord('example.org', records('v=DMARC1; p=none; rua=mailto:a@reports.example.org'));
    expect(externalReportDomains('example.org', record!, (d) => d)).toEqual(['reports.example.org']);
  });
  it('passes when the report domain authorises', () => {
    expect(checkReportAuthorization('example.org', 'vendor.test', records('v=DMARC1'))).toEqual({
      id: 'dmarc.report.vendor.test',
      status: 'pass',
      reason: 'vendor.test accepts reports for example.org (example.org._report._dmarc.vendor.test)',
    });
  });
  it.each([
    ['no record', NXDOMAIN, /^vendor\.test has not authorised reports for example\.org: the name does not exist \(NXDOMAIN\); reports sent there are dropped; vendor\.test must publish example\.org\._report\._dmarc\.vendor\.test TXT "v=DMARC1"$/],
    ['a TXT that is not v=DMARC1', records('ok'), /does not start with "v=DMARC1"/],
  ])('fails for %s', (_, answer, reason) => {
    const result = checkReportAuthorization('example.org', 'vendor.test', answer);
    expect(result.status).toBe('fail');
    expect(result.reason).toMatch(reason);
  });
});

describe('mx', () => {
  it('passes and lists the hosts by priority', () => {
    expect(checkMx('example.org', records('20 mx2.example.org', '10 mx1.example.org'))).toEqual({ id: 'mx', status: 'pass', reason: '2 MX: 10 mx1.example.org, 20 mx2.example.org' });
  });
  it('warns on a null MX (RFC 7505)', () => {
    expect(checkMx('example.org', records('0 .'))).toMatchObject({ status: 'warn', reason: expect.stringContaining('null MX at example.org (RFC 7505)') });
  });
  it.each([
    ['no MX', NODATA, /^no MX record at example\.org: no MX record; bounces/],
    ['a missing domain', NXDOMAIN, /NXDOMAIN/],
  ])('fails for %s', (_, answer, reason) => {
    expect(checkMx('example.org', answer)).toMatchObject({ status: 'fail', reason: expect.stringMatching(reason) });
  });
  it('has no verdict, and gives no advice, when DNS gives no usable answer', () => {
    expect(checkMx('example.org', TIMEOUT)).toEqual({ id: 'mx', status: 'unknown', reason: 'no verdict: DNS error ETIMEOUT for MX example.org (no answer in time)' });
    expect(checkMx('example.org', SERVFAIL).reason).not.toMatch(/publish/);
  });
});
