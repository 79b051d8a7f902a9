/**
 * synth and verify agree on DMARC report authorisation (RFC 9989 tree walk, RFC 9990), against a real DNS server
 * (BIND on 127.0.0.1):
 * - `tickets.opera.test` (zone `opera.test`) sends its reports to `dmarc@opera.test`. The Public Suffix List says
 *   same organisation; the tree walk, with no `_dmarc.opera.test`, says `tickets.opera.test` is its own. Its zone
 *   holds the report domain, so its stack publishes the authorisation (Route53).
 * - `shop.test` sends its reports to `d@reports.collector.test`, a collector's zone the config manages
 *   (`reportAuthorizations`, Cloudflare): the collector's stack publishes it.
 * Before deploy verify fails both authorisations, the planned records make it pass, and so does DNS once the records
 * the stacks synthesized are served. With `publishReportAuthorization: false` the config warns where verify fails.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../core';
import { validateConfig } from '../../config/load';
import { addInstitutionStacks } from '../../stacks';
import { recordsFromSynth } from '../../tfjson/records';
import { VerifyReport } from '../../verify/report';
import { BindServer, describeWithBind, startBind, ZoneBytesRecord, ZoneRecord, Zones } from '../helpers/bind';
import { PLATFORM_SPF, zoneRecords } from './fixture';
import { runVerify } from './run-verify';

const CONFIG = {
  defaults: { ttl: 300, mx: [{ priority: 10, host: 'mx.opera.test' }] },
  institutions: [
    { code: 'tickets', domain: 'tickets.opera.test', provider: 'route53', zoneName: 'opera.test', dmarc: { policy: 'quarantine', rua: ['mailto:dmarc@opera.test'] } },
    { code: 'shop', domain: 'shop.test', provider: 'route53', zoneId: 'Z0SHOP', dmarc: { policy: 'none', rua: ['mailto:d@reports.collector.test!10m'] } },
  ],
  reportAuthorizations: [{ name: 'collector', reportDomain: 'reports.collector.test', provider: 'cloudflare', zoneName: 'collector.test', ttl: 60 }],
};

const AUTH_IDS = ['dmarc.report.opera.test', 'dmarc.report.reports.collector.test'];

/** The zones before deploy: the platform, each institution's own records, the report domains without authorisations. */
function liveZones(): Zones {
  const { config } = validateConfig(CONFIG);
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const own = (code: string) => zoneRecords(config!.institutions.find((i) => i.code === code)!.records.filter((r) => r.purpose !== 'report-auth'));
  return {
    'secutix.com': [
      { name: 'spf.secutix.com', type: 'TXT', value: PLATFORM_SPF },
      ...['tickets', 'shop'].flatMap((code) => ['sel1', 'sel2'].map((p): ZoneRecord => ({ name: `${p}-${code}._domainkey.dkim.secutix.com`, type: 'TXT', value: `v=DKIM1; k=rsa; p=${key}` }))),
    ],
    'opera.test': [{ name: 'mx.opera.test', type: 'A', value: '192.0.2.10' }, ...own('tickets')],
    'shop.test': own('shop'),
    'collector.test': [{ name: 'reports.collector.test', type: 'MX', value: '10 mx.collector.test' }],
  };
}

/** The same zones after deploy: every authorisation record the synthesized stacks hold, in the zone its name is in. */
function deployedZones(live: Zones, outdir: string): Zones {
  const zones: Record<string, (ZoneRecord | ZoneBytesRecord)[]> = Object.fromEntries(Object.entries(live).map(([origin, rows]) => [origin, [...rows]]));
  for (const r of recordsFromSynth(outdir).filter((r) => r.name.includes('._report._dmarc.'))) {
    const origin = Object.keys(zones).find((o) => r.name.endsWith(`.${o}`))!;
    for (const value of r.values) zones[origin]!.push({ name: r.name, type: 'TXT', value });
  }
  return zones;
}

const authChecks = (report: VerifyReport) => report.institutions.flatMap((i) => i.checks.filter((c) => AUTH_IDS.includes(c.id)).map((c) => [i.code, c.id, c.status]));

describeWithBind('report authorisation: synth publishes what verify asks for', () => {
  let before: BindServer;
  let after: BindServer;
  let configFile: string;
  let outdir: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-report-auth-'));
    configFile = join(dir, 'institutions.json');
    writeFileSync(configFile, JSON.stringify(CONFIG));
    outdir = join(dir, 'cdktf.out');
    const app = new App({ outdir, stackTraces: false });
    addInstitutionStacks(app, validateConfig(CONFIG).config!);
    app.synth();
    const live = liveZones();
    before = await startBind(live);
    after = await startBind(deployedZones(live, outdir));
  }, 120_000);
  afterAll(async () => {
    await before?.stop();
    await after?.stop();
  });

  test('the config asks for both records and publishes them without a warning: one in the sender\'s zone (Route53), one in the collector\'s stack (Cloudflare)', () => {
    const { problems } = validateConfig(CONFIG);
    // Only the obsolete size suffix warns; no report address lacks its authorisation.
    expect(problems.filter((p) => p.severity === 'warning').map((p) => `${p.path}: ${p.message}`)).toEqual(['institutions[1].dmarc.rua[0]: the size limit "!10m" is obsolete (RFC 9989 §4.8): receivers ignore it']);
    expect(recordsFromSynth(outdir).filter((r) => r.name.includes('._report._dmarc.')).map((r) => [r.stack, r.provider, r.name, r.values])).toEqual([
      ['email-auth-reports-collector', 'cloudflare', 'shop.test._report._dmarc.reports.collector.test', ['v=DMARC1']],
      ['email-auth-tickets', 'route53', 'tickets.opera.test._report._dmarc.opera.test', ['v=DMARC1']],
    ]);
  });

  test('before deploy, verify fails both: the tree walk makes tickets.opera.test its own organisation, reports.collector.test is another', async () => {
    const run = await runVerify(['--config', configFile, '--dns-server', before.address, '--json']);
    const report = JSON.parse(run.out) as VerifyReport;
    expect(authChecks(report)).toEqual([
      ['tickets', 'dmarc.report.opera.test', 'fail'],
      ['shop', 'dmarc.report.reports.collector.test', 'fail'],
    ]);
    expect(run.code).toBe(1);
  });

  test('from the plan, both pass', async () => {
    const run = await runVerify(['--config', configFile, '--dns-server', before.address, '--planned', outdir, '--json']);
    expect(authChecks(JSON.parse(run.out) as VerifyReport)).toEqual([
      ['tickets', 'dmarc.report.opera.test', 'pass'],
      ['shop', 'dmarc.report.reports.collector.test', 'pass'],
    ]);
  });

  test('once DNS serves the records the stacks synthesized, verify passes every check', async () => {
    const run = await runVerify(['--config', configFile, '--dns-server', after.address, '--json']);
    const report = JSON.parse(run.out) as VerifyReport;
    expect(authChecks(report)).toEqual([
      ['tickets', 'dmarc.report.opera.test', 'pass'],
      ['shop', 'dmarc.report.reports.collector.test', 'pass'],
    ]);
    // The size suffix of shop's rua only warns (obsolete in RFC 9989); nothing fails.
    expect(report.institutions.map((i) => [i.code, i.checks.filter((c) => c.status === 'fail').map((c) => c.id)])).toEqual([
      ['tickets', []],
      ['shop', []],
    ]);
    expect(run.code).toBe(0);
  });

  test('with publishReportAuthorization: false the config warns, with the tree-walk reason, where verify fails', async () => {
    const off = { ...CONFIG, defaults: { ...CONFIG.defaults, dmarc: { publishReportAuthorization: false } } };
    const { config, problems } = validateConfig(off);
    const warnings = problems.filter((p) => p.severity === 'warning' && /publishReportAuthorization is false/.test(p.message));
    expect(warnings.map((p) => p.path)).toEqual(['institutions[0].dmarc.rua[0]', 'institutions[1].dmarc.rua[0]']);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'reportAuthorizations[0]', message: expect.stringMatching(/this stack publishes none$/) }));
    expect(warnings[0]!.message).toMatch(/^reports go to opera\.test, in tickets\.opera\.test's organisation by the Public Suffix List; but receivers that follow RFC 9989 find organizational domains by a DNS tree walk/);
    expect(config!.institutions.flatMap((i) => i.records).filter((r) => r.purpose === 'report-auth')).toEqual([]);
    expect(config!.reportAuthorizations![0]!.records).toEqual([]);
  });
});
