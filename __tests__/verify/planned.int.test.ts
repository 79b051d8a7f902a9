/**
 * Planned mode: a reviewer verifies what the synthesized stacks will publish before deploy. The DNS server lacks
 * the institutions' records (nothing is deployed yet), but has the platform's side (SPF include, DKIM keys, report
 * authorisations), so the checks pass from the plan and fail without it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../core';
import { validateConfig } from '../../config/load';
import { addInstitutionStacks } from '../../stacks';
import { recordsFromSynth } from '../../tfjson/records';
import { VerifyReport } from '../../verify/report';
import { BindServer, describeWithBind, startBind } from '../helpers/bind';
import { testConfigJson, testWorld } from './fixture';
import { runVerify } from './run-verify';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

describeWithBind('verify --planned against BIND without the planned records', () => {
  let server: BindServer;
  let configFile: string;
  let outdir: string;

  beforeAll(async () => {
    server = await startBind(testWorld({ omitCodes: ['healthy', 'nullmx'] }).zones);
    const dir = mkdtempSync(join(tmpdir(), 'verify-planned-'));
    // One institution per provider, so that both record forms (Route53 sets, Cloudflare quoted single records) are read back.
    const json = testConfigJson(['healthy', 'nullmx']) as { institutions: Record<string, unknown>[] };
    json.institutions[1] = { ...json.institutions[1], provider: 'cloudflare', zoneId: '0123456789abcdef0123456789abcdef', ttl: 1 };
    configFile = join(dir, 'institutions.json');
    writeFileSync(configFile, JSON.stringify(json));
    const { config } = validateConfig(json);
    outdir = join(dir, 'cdktf.out');
    const app = new App({ outdir, stackTraces: false });
    addInstitutionStacks(app, config!);
    app.synth();
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  it('the synthesized stacks hold the records of both institutions', () => {
    const names = new Set(recordsFromSynth(outdir).map((r) => `${r.provider} ${r.type} ${r.name}`));
    expect(names).toEqual(
      new Set([
        'route53 TXT healthy.test',
        'route53 CNAME stxsel1._domainkey.healthy.test',
        'route53 CNAME stxsel2._domainkey.healthy.test',
        'route53 TXT _dmarc.healthy.test',
        'route53 MX healthy.test',
        'cloudflare TXT nullmx.test',
        'cloudflare CNAME stxsel1._domainkey.nullmx.test',
        'cloudflare CNAME stxsel2._domainkey.nullmx.test',
        'cloudflare TXT _dmarc.nullmx.test',
        'cloudflare MX nullmx.test',
      ]),
    );
  });

  it('passes from the plan: planned CNAMEs lead to the platform keys in live DNS', async () => {
    const run = await runVerify(['--config', configFile, '--planned', outdir, '--dns-server', server.address, '--ip', '192.0.2.25', '--json']);
    const report = JSON.parse(run.out) as VerifyReport;
    expect(report.mode).toBe('planned');
    expect(report.institutions.map((i) => [i.domain, i.status, i.checks.filter((c) => c.status !== 'pass').map((c) => c.id)])).toEqual([
      ['healthy.test', 'pass', []],
      ['nullmx.test', 'warn', ['mx']],
    ]);
    expect(report.institutions[0]!.checks.find((c) => c.id === 'dkim.stxsel1')!.reason).toBe('CNAME → sel1-healthy._domainkey.dkim.secutix.com, v=DKIM1 RSA 2048-bit key');
    expect(report.institutions[0]!.checks.find((c) => c.id === 'spf.ip')!.status).toBe('pass');
    expect(run.code).toBe(0);
  });

  it('fails without --planned, since nothing is deployed', async () => {
    const run = await runVerify(['--config', configFile, '--dns-server', server.address]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^ {2}FAIL {2}spf\.record +no SPF record at healthy\.test: the name does not exist \(NXDOMAIN\)$/m);
    expect(run.out).not.toContain('[planned]');
  });
});
