/**
 * verify against a real DNS server (BIND on 127.0.0.1): a healthy domain passes every check, each broken variant
 * fails exactly the check it breaks, and the CLI's exit codes and JSON follow.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeDnsResolver } from '../../verify/node-resolver';
import { VerifyReport } from '../../verify/report';
import { InstitutionReport, verifyDomain } from '../../verify/verify-domain';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { BindServer, describeWithBind, startBind } from '../helpers/bind';
import { runVerify } from './run-verify';
import { domainOf, OUTSIDE_IP, PLATFORM_IP, testConfigJson, testWorld, VARIANTS } from './fixture';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

describeWithBind('verify against BIND', () => {
  let server: BindServer;
  let resolver: NodeDnsResolver;
  const reports = new Map<string, InstitutionReport>();

  beforeAll(async () => {
    server = await startBind(testWorld().zones);
    resolver = new NodeDnsResolver({ server: server.address, timeout: 1000, tries: 2 });
    for (const v of VARIANTS) reports.set(v.code, await verifyDomain({ code: v.code, domain: domainOf(v.code), profile: SECUTIX_PROFILE }, resolver));
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  it('a healthy domain passes every check, with the counts and the policy shown', () => {
    const report = reports.get('healthy')!;
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['spf.record', 'pass'],
      ['spf.include', 'pass'],
      ['spf.lookups', 'pass'],
      ['dkim.stxsel1', 'pass'],
      ['dkim.stxsel2', 'pass'],
      ['dmarc.record', 'pass'],
      ['dmarc.report.reports.test', 'pass'],
      ['mx', 'pass'],
    ]);
    const reason = (id: string) => report.checks.find((c) => c.id === id)!.reason;
    expect(reason('spf.record')).toBe('one SPF record: "v=spf1 include:spf.secutix.com ~all"');
    expect(reason('spf.include')).toBe('includes spf.secutix.com directly');
    expect(reason('spf.lookups')).toBe('1/10 DNS lookups, 0/2 void lookups');
    expect(reason('dkim.stxsel1')).toBe('CNAME → sel1-healthy._domainkey.dkim.secutix.com, v=DKIM1 RSA 2048-bit key');
    expect(reason('dmarc.record')).toBe('policy p=quarantine, aggregate reports to mailto:dmarc@reports.test');
    expect(reason('mx')).toBe('1 MX: 10 mx.healthy.test');
    expect(report.status).toBe('pass');
  });

  it.each(VARIANTS.filter((v) => v.code !== 'healthy').map((v) => [v.broken, v] as const))('%s: fails exactly the check it breaks', (_, variant) => {
    const report = reports.get(variant.code)!;
    const failing = report.checks.filter((c) => c.status === 'fail');
    expect(failing.map((c) => c.id)).toEqual(variant.fails);
    expect(report.checks.filter((c) => c.status === 'warn').map((c) => c.id)).toEqual(variant.warns ?? []);
    if (variant.reason) expect(failing[0]!.reason).toMatch(variant.reason);
    expect(report.status).toBe(variant.fails.length > 0 ? 'fail' : variant.warns ? 'warn' : 'pass');
    expect(report.checks.some((c) => c.status === 'unknown')).toBe(false);
  });

  it('evaluates SPF for a sending IP with mailauth: a platform IP passes, another fails', async () => {
    const target = { code: 'healthy', domain: 'healthy.test', profile: SECUTIX_PROFILE };
    const inside = await verifyDomain(target, resolver, { ip: PLATFORM_IP });
    expect(inside.checks.find((c) => c.id === 'spf.ip')).toMatchObject({ status: 'pass', reason: expect.stringMatching(/^192\.0\.2\.25: pass/) });
    const outside = await verifyDomain(target, resolver, { ip: OUTSIDE_IP });
    expect(outside.checks.find((c) => c.id === 'spf.ip')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^198\.51\.100\.7: softfail .*does not pass SPF$/) });
  });

  describe('the CLI', () => {
    let dir: string;
    const config = (codes: string[]) => {
      const file = join(dir, `${codes.join('-')}.json`);
      writeFileSync(file, JSON.stringify(testConfigJson(codes)));
      return file;
    };
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
    });

    it('exits 0 when every check passes (warnings allowed) and prints one line per check and a summary', async () => {
      const run = await runVerify(['--config', config(['healthy', 'nullmx']), '--dns-server', server.address, '--ip', PLATFORM_IP]);
      expect(run.code).toBe(0);
      const lines = run.out.split('\n');
      expect(lines[0]).toBe('healthy.test (code healthy)');
      expect(lines).toContain('  => PASS healthy.test: 9 passed, 0 warnings, 0 failed');
      expect(lines).toContain('  => WARN nullmx.test: 8 passed, 1 warnings, 0 failed');
      expect(lines.filter((l) => /^ {2}(PASS|WARN|FAIL) {2}/.test(l))).toHaveLength(18);
      expect(lines[lines.length - 1]).toBe('2 institutions: 1 pass, 1 with warnings, 0 failing');
    });

    it('exits 1 when a check fails, and --domain/--code verifies one domain without a config', async () => {
      const run = await runVerify(['--domain', 'nodmarc.test', '--code', 'nodmarc', '--dns-server', server.address]);
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/^ {2}FAIL {2}dmarc\.record +no DMARC record at _dmarc\.nodmarc\.test/m);
      expect(run.out).toContain('  => FAIL nodmarc.test: 6 passed, 0 warnings, 1 failed');
    });

    it('--json gives the report for pipelines', async () => {
      const run = await runVerify(['--config', config(['healthy', 'twospf']), '--dns-server', server.address, '--json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.out) as VerifyReport;
      expect(report).toMatchObject({ mode: 'live', dnsServer: server.address, status: 'fail', unreachable: false, counts: { pass: 13, warn: 0, fail: 1 } });
      expect(report.institutions.map((i) => [i.code, i.domain, i.status])).toEqual([
        ['healthy', 'healthy.test', 'pass'],
        ['twospf', 'twospf.test', 'fail'],
      ]);
      expect(report.institutions[1]!.checks[0]).toEqual({ id: 'spf.record', status: 'fail', reason: expect.stringContaining('2 SPF records at twospf.test') });
    });

    it('shows progress on stderr when there are many institutions', async () => {
      const run = await runVerify(['--config', config(VARIANTS.map((v) => v.code)), '--dns-server', server.address, '--concurrency', '3']);
      expect(run.code).toBe(1);
      expect(run.err.split('\n').filter((l) => !l.startsWith('warning: '))).toEqual(['verified 2/12 institutions', 'verified 4/12 institutions', 'verified 6/12 institutions', 'verified 8/12 institutions', 'verified 10/12 institutions', 'verified 12/12 institutions']);
      expect(run.out.split('\n').filter((l) => l.startsWith('  => ')).map((l) => l.split(' ')[4])).toEqual(VARIANTS.map((v) => domainOf(v.code) + ':'));
    });
  });
});

describe('verify CLI usage errors and unreachable DNS (exit 2)', () => {
  it.each([
    [['--domain', 'a.test'], /--domain and --code go together/],
    [['--code', 'a'], /--domain and --code go together/],
    [['--domain', 'a.test', '--code', 'a', '--config', 'x.yaml'], /alternatives/],
    [['--domain', 'a..test', '--code', 'a'], /--domain: domain/],
    [['--domain', 'a.test', '--code', 'a b'], /--code: institution code must be letters/],
    [['--domain', 'a.test', '--code', 'a', '--ip', '300.1.1.1'], /--ip must be an IPv4 or IPv6 address, got "300\.1\.1\.1"/],
    [['--domain', 'a.test', '--code', 'a', '--dns-server', 'dns.google'], /--dns-server must be an IP address/],
    [['--domain', 'a.test', '--code', 'a', '--dns-server', '127.0.0.1:70000'], /--dns-server must be an IP address/],
    [['--domain', 'a.test', '--code', 'a', '--timeout', '0'], /--timeout must be a whole number ≥ 1, got "0"/],
    [['--domain', 'a.test', '--code', 'a', '--retries', '-1'], /--retries/],
    [['--domain', 'a.test', '--code', 'a', '--concurrency', 'many'], /--concurrency must be a whole number ≥ 1/],
    // node:dns throws a RangeError beyond 32 bits; the CLI refuses far smaller values, naming the range.
    [['--domain', 'a.test', '--code', 'a', '--timeout', '2147483648'], /^--timeout must be a whole number ≤ 60000, got "2147483648" \(allowed: 1–60000 milliseconds per attempt\)$/m],
    [['--domain', 'a.test', '--code', 'a', '--timeout', '99999999999999999999999'], /^--timeout must be a whole number ≤ 60000, got "99999999999999999999999"/],
    [['--domain', 'a.test', '--code', 'a', '--retries', '2147483647'], /^--retries must be a whole number ≤ 10, got "2147483647" \(allowed: 0–10 retries per query\)$/m],
    [['--domain', 'a.test', '--code', 'a', '--retries', '11'], /^--retries must be a whole number ≤ 10, got "11"/],
    [['--domain', 'a.test', '--code', 'a', '--concurrency', '65'], /^--concurrency must be a whole number ≤ 64, got "65" \(allowed: 1–64 institutions at once\)$/m],
    [['--domain', 'a.test', '--code', 'a', '--planned', '/nonexistent/cdktf.out'], /--planned: the synth output \/nonexistent\/cdktf\.out does not exist \(run the synth first\)/],
    [['--bogus'], /unknown option "--bogus"/],
    [['--config', '/nonexistent/institutions.yaml'], /^config file "\/nonexistent\/institutions\.yaml" does not exist; nothing was verified\.$/],
  ])('%j exits 2: %s', async (args, message) => {
    const run = await runVerify(args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(run.out).toBe('');
  });

  it('exits 2 when the DNS server does not answer', async () => {
    // A port on 127.0.0.1 where nothing listens: the UDP query is refused or times out, nothing leaves the machine.
    const run = await runVerify(['--domain', 'a.test', '--code', 'a', '--dns-server', '127.0.0.1:9', '--timeout', '200', '--retries', '0']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^DNS server 127\.0\.0\.1:9 did not answer \((ECONNREFUSED|ETIMEOUT)\); nothing was verified\.$/);
    expect(run.out).toBe('');
  });

  it('--json and --junit still write their documents when the DNS server does not answer (issue 16)', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'email-auth-verify-unreachable-')), 'verify.xml');
    const run = await runVerify(['--domain', 'a.test', '--code', 'a', '--dns-server', '127.0.0.1:9', '--timeout', '200', '--retries', '0', '--json', '--junit', junit]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.out)).toEqual({ exitCode: 2, error: { code: 'dns-unreachable', message: expect.stringMatching(/^DNS server 127\.0\.0\.1:9 did not answer \((ECONNREFUSED|ETIMEOUT)\)$/) } });
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toMatch(/<error type="dns-unreachable" message="DNS server 127\.0\.0\.1:9 did not answer \((ECONNREFUSED|ETIMEOUT)\)">/);
  });
});
