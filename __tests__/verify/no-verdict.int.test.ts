/**
 * When DNS gives no usable answer, verify has no verdict (issue 9, item 5): the check is N/A with the reason, the
 * run exits 2, and no advice is given ("publish the mail servers" would be wrong). Real servers on 127.0.0.1: BIND
 * answers SERVFAIL for a zone it could not load and returns a TXT set of 16 KB or more that node:dns cannot read;
 * a proxy in front of it answers one query with a reply that cannot be parsed.
 */
import { VerifyReport } from '../../verify/report';
import { BindServer, describeWithBind, startBind, ZoneRecord } from '../helpers/bind';
import { GarblingProxy, startGarblingProxy } from '../helpers/garbling-proxy';
import { healthyZone, OUTSIDE_IP, testWorld } from './fixture';
import { runVerify } from './run-verify';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

/** BIND refuses to load a zone with a record it cannot read, and then answers SERVFAIL for every name in it. */
const UNLOADABLE_ZONE: ZoneRecord[] = [{ name: 'servfail.test', type: 'A', value: 'not-an-address' }];
/** 70 verification strings of 240 characters beside the SPF record: about 17 KB of TXT at the apex. */
const BIG_TXT_SET: ZoneRecord[] = Array.from({ length: 70 }, (_, i) => ({ name: 'bigtxt.test', type: 'TXT', value: `site-verification-${i}=${'x'.repeat(220)}` }));
const MX_TYPE = 15;

const statusLines = (out: string) => out.split('\n').filter((l) => /^ {2}(PASS|WARN|FAIL|N\/A) {2}/.test(l));

describeWithBind('verify when DNS gives no usable answer', () => {
  let server: BindServer;
  let proxy: GarblingProxy;

  beforeAll(async () => {
    server = await startBind({
      ...testWorld().zones,
      'servfail.test': UNLOADABLE_ZONE,
      'incfail.test': healthyZone('incfail.test', 'v=spf1 include:spf.secutix.com include:_spf.servfail.test ~all'),
      'bigtxt.test': [...healthyZone('bigtxt.test'), ...BIG_TXT_SET],
      'garbled.test': healthyZone('garbled.test'),
    });
    proxy = await startGarblingProxy(server.port, (name, type) => name === 'garbled.test' && type === MX_TYPE);
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  }, CLEANUP_HOOK_TIMEOUT_MS);

  it('SERVFAIL for every query of a domain: every check is N/A with the DNS error, no FAIL, no advice, exit 2', async () => {
    const run = await runVerify(['--domain', 'servfail.test', '--code', 'healthy', '--dns-server', server.address]);
    expect(run.code).toBe(2);
    expect(statusLines(run.out)).toEqual([
      '  N/A   spf.record    no verdict: DNS error ESERVFAIL for TXT servfail.test (the server failed to answer: SERVFAIL)',
      '  N/A   dkim.stxsel1  no verdict: DNS error ESERVFAIL for CNAME stxsel1._domainkey.servfail.test (the server failed to answer: SERVFAIL)',
      '  N/A   dkim.stxsel2  no verdict: DNS error ESERVFAIL for CNAME stxsel2._domainkey.servfail.test (the server failed to answer: SERVFAIL)',
      '  N/A   dmarc.record  no verdict: DNS error ESERVFAIL for TXT _dmarc.servfail.test (the server failed to answer: SERVFAIL)',
      '  N/A   mx            no verdict: DNS error ESERVFAIL for MX servfail.test (the server failed to answer: SERVFAIL)',
    ]);
    expect(run.out).toContain('  => N/A servfail.test: 0 passed, 0 warnings, 0 failed, 5 without verdict');
    expect(run.out).toContain(`DNS gave no usable answer to some queries (${server.address}): the checks marked N/A have no verdict`);
    expect(run.out).not.toMatch(/publish/);
  });

  it('--json says status "unknown" for those checks and counts them', async () => {
    const run = await runVerify(['--domain', 'servfail.test', '--code', 'healthy', '--dns-server', server.address, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.out) as VerifyReport;
    expect(report).toMatchObject({ status: 'unknown', unreachable: true, counts: { pass: 0, warn: 0, fail: 0, unknown: 5 } });
    expect(report.institutions[0]!.checks.find((c) => c.id === 'mx')).toEqual({ id: 'mx', status: 'unknown', reason: 'no verdict: DNS error ESERVFAIL for MX servfail.test (the server failed to answer: SERVFAIL)' });
  });

  it('an include that SERVFAILs is a temperror: spf.lookups and spf.ip are N/A, the rest passes, exit 2', async () => {
    // An IP outside the platform's ranges: mailauth reaches the failing include too (the platform's IP matches first).
    const run = await runVerify(['--domain', 'incfail.test', '--code', 'healthy', '--dns-server', server.address, '--ip', OUTSIDE_IP]);
    expect(run.code).toBe(2);
    const lines = statusLines(run.out);
    expect(lines.filter((l) => !l.startsWith('  PASS'))).toEqual([
      '  N/A   spf.lookups   no verdict: 2/10 DNS lookups, 0/2 void lookups until include:_spf.servfail.test: DNS error ESERVFAIL for TXT _spf.servfail.test (the server failed to answer: SERVFAIL); receivers get temperror there and defer mail',
      expect.stringMatching(/^ {2}N\/A {3}spf\.ip {8}no verdict: 198\.51\.100\.7: temperror/),
    ]);
    expect(lines).toHaveLength(8);
  });

  it('a TXT set of 16 KB or more (node:dns: EBADNAME) gives spf.record no verdict instead of "no SPF record"', async () => {
    const run = await runVerify(['--domain', 'bigtxt.test', '--code', 'healthy', '--dns-server', server.address]);
    expect(run.code).toBe(2);
    expect(statusLines(run.out)).toEqual([
      '  N/A   spf.record    no verdict: DNS error EBADNAME for TXT bigtxt.test (the reply could not be read; node:dns gives this for answers of 16 KB or more, such as a very large TXT set, and for names DNS cannot carry)',
      expect.stringMatching(/^ {2}PASS {2}dkim\.stxsel1 /),
      expect.stringMatching(/^ {2}PASS {2}dkim\.stxsel2 /),
      expect.stringMatching(/^ {2}PASS {2}dmarc\.record /),
      '  PASS  mx            1 MX: 10 mx.bigtxt.test',
    ]);
  });

  it('a reply that cannot be parsed (EBADRESP) gives mx no verdict and no advice; the other checks pass', async () => {
    const run = await runVerify(['--domain', 'garbled.test', '--code', 'healthy', '--dns-server', proxy.address]);
    expect(run.code).toBe(2);
    expect(statusLines(run.out).filter((l) => !l.startsWith('  PASS'))).toEqual(['  N/A   mx            no verdict: DNS error EBADRESP for MX garbled.test (the reply was malformed)']);
    expect(statusLines(run.out)).toHaveLength(7);
    expect(run.out).not.toMatch(/publish the mail servers/);
  });
});
