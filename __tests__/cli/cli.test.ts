import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main';
import { cli } from '../helpers/run-cli';

const EXAMPLE = join(__dirname, '../../institutions.yaml');

describe('email-auth check', () => {
  test('prints every record of every institution, kept values marked, without synthesizing', async () => {
    const { code, out } = await cli('check', '--config', EXAMPLE);
    expect(code).toBe(0);
    const lines = out.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'email-auth-mosa: mosamuseum.com on route53, zone Z0123456789ABCDEFGHIJ',
      'TXT mosamuseum.com 3600 "v=spf1 include:spf.secutix.com include:_spf.google.com ~all"',
      'TXT mosamuseum.com 3600 "google-site-verification=abc" (kept)',
      'CNAME stxsel1._domainkey.mosamuseum.com 3600 sel1-mosa._domainkey.dkim.secutix.com',
      'CNAME stxsel2._domainkey.mosamuseum.com 3600 sel2-mosa._domainkey.dkim.secutix.com',
      'TXT _dmarc.mosamuseum.com 3600 "v=DMARC1; p=quarantine; rua=mailto:dmarc@mosamuseum.com"',
      'MX mosamuseum.com 3600 10 mx1.mosamuseum.com',
      '',
      'email-auth-operabern: tickets.opera-bern.ch on cloudflare, zone opera-bern.ch (looked up)',
      'TXT tickets.opera-bern.ch 1 "v=spf1 include:spf.secutix.com ~all"',
      'CNAME stxsel1._domainkey.tickets.opera-bern.ch 1 sel1-operabern._domainkey.dkim.secutix.com',
      'CNAME stxsel2._domainkey.tickets.opera-bern.ch 1 sel2-operabern._domainkey.dkim.secutix.com',
      'TXT _dmarc.tickets.opera-bern.ch 1 "v=DMARC1; p=none; rua=mailto:dmarc-reports@opera-bern.ch"',
      'MX tickets.opera-bern.ch 1 10 mail.opera-bern.ch',
      // RFC 9989 tree walk: tickets.opera-bern.ch is its own organizational domain unless _dmarc.opera-bern.ch exists,
      // so its reports to opera-bern.ch need this record, which its own zone publishes.
      'TXT tickets.opera-bern.ch._report._dmarc.opera-bern.ch 1 "v=DMARC1" (report authorisation)',
    ]);
  });

  test('shows the report authorisations a zone publishes, and a collector\'s stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-reports-'));
    const config = join(dir, 'institutions.json');
    const rua = ['mailto:dmarc@reports.vendor.net', 'mailto:d@example.org'];
    writeFileSync(
      config,
      JSON.stringify({
        institutions: [
          { code: 'news', domain: 'news.example.org', provider: 'route53', zoneName: 'example.org', dmarc: { rua } },
          { code: 'old', domain: 'old.example.org', provider: 'route53', zoneId: 'Z1', retired: 'forget', dmarc: { rua } },
        ],
        reportAuthorizations: [{ name: 'vendor', reportDomain: 'reports.vendor.net', provider: 'cloudflare', zoneName: 'vendor.net' }],
      }),
    );
    const { code, out, err } = await cli('check', '--config', config);
    expect([code, err]).toEqual([0, '']);
    const lines = out.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines.filter((l) => /_report\._dmarc|^email-auth-/.test(l))).toEqual([
      'email-auth-news: news.example.org on route53, zone example.org (looked up)',
      'TXT news.example.org._report._dmarc.example.org 3600 "v=DMARC1" (report authorisation)',
      'TXT old.example.org._report._dmarc.example.org 3600 "v=DMARC1" (report authorisation; no longer managed: its institution is retired with forget)',
      'email-auth-old: old.example.org on route53, zone Z1, RETIRED (forget): the next apply stops managing these records; they stay in DNS',
      'email-auth-reports-vendor: report authorisations for reports.vendor.net on cloudflare, zone vendor.net (looked up)',
      'TXT news.example.org._report._dmarc.reports.vendor.net 1 "v=DMARC1" (report authorisation)',
      'TXT old.example.org._report._dmarc.reports.vendor.net 1 "v=DMARC1" (report authorisation; no longer managed: its institution is retired with forget)',
    ]);
    const json = JSON.parse((await cli('check', '--config', config, '--json')).out) as { stack: string; records: { purpose: string }[] }[];
    expect(json.map((s) => [s.stack, s.records.filter((r) => r.purpose === 'report-auth').length])).toEqual([
      ['email-auth-news', 2],
      ['email-auth-old', 0],
      ['email-auth-reports-vendor', 2],
    ]);
  });

  test('--json gives the neutral records per stack', async () => {
    const { code, out } = await cli('check', '--config', EXAMPLE, '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.map((s: { stack: string }) => s.stack)).toEqual(['email-auth-mosa', 'email-auth-operabern']);
    expect(parsed[1].records.map((r: { purpose: string }) => r.purpose)).toEqual(['spf', 'dkim', 'dkim', 'dmarc', 'mx', 'report-auth']);
    expect(parsed[0].records).toHaveLength(5);
    expect(parsed[0].records[0]).toEqual({ key: 'spf', purpose: 'spf', type: 'TXT', name: 'mosamuseum.com', ttl: 3600, values: ['v=spf1 include:spf.secutix.com include:_spf.google.com ~all'], kept: ['google-site-verification=abc'] });
  });

  test('EMAIL_AUTH_CONFIG is honoured', async () => {
    const out: string[] = [];
    const code = await runCli(['check'], { out: (l) => out.push(l), err: () => undefined, env: { EMAIL_AUTH_CONFIG: EXAMPLE } });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('email-auth-mosa');
  });

  test('a missing config exits 2 (no verdict), naming the file plainly', async () => {
    const { code, out, err } = await cli('check', '--config', join(__dirname, 'missing.yaml'));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`config file ${JSON.stringify(join(__dirname, 'missing.yaml'))} does not exist`);
  });
});

describe('usage', () => {
  test('an unknown command exits 2 and names the commands', async () => {
    const { code, err } = await cli('deploy');
    expect(code).toBe(2);
    expect(err).toContain('unknown command "deploy"');
    expect(err).toContain('commands: synth, check, summary, verify, init, reports, changed, plan, apply, lock');
  });

  test('an unknown flag exits 2 with the closest option and the command usage', async () => {
    const { code, err } = await cli('check', '--cofig', 'x');
    expect(code).toBe(2);
    expect(err).toContain('unknown option "--cofig" (did you mean --config?)');
    expect(err).toContain('usage: email-auth check [--config FILE] [--json]');
  });

  test('help exits 0', async () => {
    expect((await cli('help')).code).toBe(0);
  });
});

describe('what the CLI echoes of its arguments is escaped', () => {
  test.each([
    [['\u202ecommand\x1b[31m']],
    [['verify', '--domain', 'a\u0085b\n::error::x', '--code', 'x']],
    [['summary', '--max-chars', '\x1b]0;title\x07']],
  ])('%p: no control, bidi or line-breaking character reaches stderr', async (args) => {
    const { code, err } = await cli(...args);
    expect(code).toBe(2);
    expect(err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(err.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
  });
});
