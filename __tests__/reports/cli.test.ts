// `email-auth reports` end to end on the fixture reports: the three views, exit codes, usage errors, escaping.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';
import { NOV_1, platformRow, reportXml } from './report-xml';

const FIXTURES = join(__dirname, 'fixtures');
const CONFIG = join(FIXTURES, 'institutions.yaml');

async function reports(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  const code = await runCli(['reports', ...(args.includes('--dns-server') ? [] : ['--no-ptr']), ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'reports-cli-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('email-auth reports on the fixtures', () => {
  test('terminal: per institution its numbers, failing sources and verdict; exit 1 for failing platform DKIM', async () => {
    const { code, out, err } = await reports(['--config', CONFIG, FIXTURES]);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toContain('DMARC aggregate reports: 5 reports from 4 reporters, 2026-11-01 to 2026-11-03; 1 skipped (not reports)');
    expect(out).toContain('  platform mail (DKIM stxsel1/stxsel2, d=mosamuseum.com): 203 messages, aligned DKIM pass 100.0 %');
    expect(out).toMatch(/198\.51\.100\.7 +Mailchimp \(DKIM d=mcsv\.net\) +40 +40 +pass ×40 +pass d=mcsv\.net s=k1 \(not aligned\) +google\.com/);
    expect(out).toContain('      fix 198.51.100.7 (Mailchimp): add include:servers.mcsv.net to the SPF record');
    expect(out).toMatch(/\n {4}google\.com +200 +80\.0 % +123 +100\.0 % +! Gmail: below the 98 % threshold/);
    expect(out).toContain('  => NOT READY: p=none → p=quarantine; t=y: 2 days of reports at p=none, need 14; DMARC pass rate 84.2 % (240 of 285), need 98 %');
    expect(out).toContain('  => FIX FIRST: 4 of 54 platform messages failed aligned DKIM (from 192.0.2.27 (4 of 4 failing, Yahoo))');
    expect(out).toContain('  old-domain.example  1 report, 9 messages (google.com)');
  });

  test('--json: the documented shape', async () => {
    const { code, out } = await reports(['--config', CONFIG, '--json', FIXTURES]);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['version', 'exitCode', 'period', 'input', 'history', 'ptr', 'reporters', 'institutions', 'outsideConfig', 'proposal']);
    expect(json).toMatchObject({ history: null, ptr: null, proposal: null });
    expect(json).toMatchObject({ version: 1, exitCode: 1, period: { begin: '2026-11-01', end: '2026-11-03' }, input: { reports: 5, duplicates: 0, skipped: 1, problemCount: 0 } });
    const kunsthaus = json.institutions.find((i: { code: string }) => i.code === 'kunsthaus');
    expect(kunsthaus).toMatchObject({
      domain: 'kunsthaus-beispiel.ch',
      policy: { p: 'quarantine', t: true, sp: 'none' },
      published: { p: 'quarantine', sp: 'none', np: 'reject', testing: true, lastSeen: '2026-11-03' },
      thresholds: { days: 1, messages: 10, passRate: 98 },
      messages: 54,
      platform: { messages: 54, alignedDkimPass: 50, passRate: 92.5 },
      readiness: { status: 'fix-first', next: { policy: 'p=quarantine; sp=quarantine', change: { t: false, subdomainPolicy: 'quarantine' }, configText: 'dmarc: { t: false, subdomainPolicy: quarantine }' } },
    });
    expect(json.outsideConfig).toEqual([{ domain: 'old-domain.example', reports: 1, messages: 9, reporters: ['google.com'] }]);
  });

  test('--markdown: marker, overview table, one fleet chart (no institution has 3 days for its own), verdicts in prose, source tables', async () => {
    const { out } = await reports(['--config', CONFIG, '--markdown', FIXTURES]);
    expect(out.split('\n')[0]).toBe('<!-- email-auth-dns dmarc-reports -->');
    expect(out).toContain('| `mosa` | `mosamuseum.com` | `p=none` | 285 | 84.2 % | 203 | 100.0 % | ⏳ not yet for `p=quarantine; t=y` |');
    expect(out).toContain('### ❌ Platform mail failing aligned DKIM (1)');
    expect(out.match(/```mermaid\nxychart-beta\n/g)).toHaveLength(1);
    expect(out).toContain('  x-axis ["filmfest", "kunsthaus", "mosa"]');
    expect(out).toContain('  y-axis "DMARC pass %" 80 --> 100');
    expect(out).toContain('  bar [100.0, 92.5, 84.2]\n  line [98.0, 98.0, 98.0]');
    expect(out).toContain('2 days of reports: too few for a daily chart (3 needed)');
    expect(out).toContain('**⏳ not yet** for `p=quarantine; t=y`: 2 days of reports at `p=none`, 14 needed; DMARC pass rate 84.2 % (240 of 285 messages), 98 % needed');
    expect(out).toContain('| `198.51.100.7` | Mailchimp `(DKIM d=mcsv.net)` | 40 | 40 | `pass ×40` | `pass d=mcsv.net s=k1 (not aligned)` | `google.com` | add `include:servers.mcsv.net` to the SPF record');
    expect(out).toContain('| `google.com` (Gmail) | 200 | 80.0 % | 123 | 100.0 % | ⚠️ `mosa` |');
  });

  test('ready: the verdict names the config change, exit 0', async () => {
    const days = Array.from({ length: 14 }, (_, i) =>
      reportXml({ reportId: `r${i}`, domain: 'mosamuseum.com', p: 'none', begin: NOV_1 + i * 86400, rows: [platformRow('mosamuseum.com', '192.0.2.25', 10)] }),
    );
    days.forEach((xml, i) => writeFileSync(join(dir, `r${i}.xml`), xml));
    const { code, out } = await reports(['--config', CONFIG, dir]);
    expect(code).toBe(0);
    expect(out).toContain('  => READY: p=none → p=quarantine; t=y: change the config to dmarc: { policy: quarantine, t: true }');
    // Flags override the thresholds.
    const strict = await reports(['--config', CONFIG, '--days', '15', dir]);
    expect(strict.out).toContain('  => NOT READY: p=none → p=quarantine; t=y: 14 days of reports at p=none, need 15');
  });

  test('values from reports are escaped: control characters in the terminal, code spans in Markdown', async () => {
    const evil = 'Evil\u001b[2J\n::error::forged | `tick`';
    writeFileSync(join(dir, 'evil.xml'), reportXml({ orgName: evil, reportId: 'e', domain: 'mosamuseum.com', begin: NOV_1, rows: [{ ip: '192.0.2.9', count: 3 }] }));
    const table = await reports(['--config', CONFIG, dir]);
    expect(table.out).not.toContain('\u001b');
    expect(table.out).toContain('Evil\\x1b[2J\\x0a::error::forged | `tick`');
    expect(table.out.split('\n').some((l) => l.startsWith('::error::'))).toBe(false);
    const md = await reports(['--config', CONFIG, '--markdown', dir]);
    expect(md.out).toContain('| `` Evil\\x1b[2J\\x0a::error::forged \\| `tick` `` |');
  });

  test('a bad report is a problem naming its file; the good ones still count', async () => {
    writeFileSync(join(dir, 'good.xml'), reportXml({ reportId: 'g', domain: 'mosamuseum.com', begin: NOV_1, rows: [platformRow('mosamuseum.com', '192.0.2.25', 10)] }));
    writeFileSync(join(dir, 'bad.xml'), '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><feedback>&a;</feedback>');
    const { code, out, err } = await reports(['--config', CONFIG, '--json', dir]);
    expect(code).toBe(0);
    expect(err).toBe(`problem: ${join(dir, 'bad.xml')}: has a DOCTYPE declaration: refused (DMARC reports never have one, and it could declare entities)`);
    expect(JSON.parse(out).input).toMatchObject({ reports: 1, problemCount: 1 });
  });
});

describe('exit 2: usage errors and unreadable input', () => {
  test.each([
    [[], /give report files or folders, --imap URL, or --history DIR/],
    [['--json', '--markdown', 'x'], /--markdown and --json are alternatives/],
    [['--days', '0', 'x'], /--days must be a whole number ≥ 1, got "0"/],
    [['--since', '99999999999999999999999', '--imap', 'imaps://u@127.0.0.1/INBOX'], /--since must be a whole number ≤ 36500, got "99999999999999999999999"/],
    [['--deadline', '0', 'x'], /--deadline must be a whole number ≥ 1, got "0" \(allowed: 1–86400 seconds\)/],
    [['--pass-rate', '101', 'x'], /--pass-rate must be a number from 0 to 100 \(DMARC pass rate over the window, in percent\), got "101"/],
    [['--move-to', 'Archive', 'x'], /--move-to and --ca go with --imap/],
    [['--no-ptr', '--dns-server', '127.0.0.1', 'x'], /--no-ptr and --dns-server are alternatives: give one/],
    [['--dns-server', 'resolver.example', 'x'], /--dns-server must be an IP address with an optional port/],
    [['--pr-body', CONFIG, 'x'], /--pr-body must name another file than the config/],
    [['--reject-days', '0', 'x'], /--reject-days must be a whole number ≥ 1, got "0"/],
    [['--blocking-share', '1e3', 'x'], /--blocking-share must be a number from 0 to 100/],
    [['--history-days', '7', 'x'], /--history-days must be a whole number ≥ 30, got "7"/],
    [['--imap', 'imaps://u:hunter2@imap.example.org/INBOX'], /the URL must not hold the password; set EMAIL_AUTH_IMAP_PASSWORD instead/],
    [['--imap', 'imap://u@imap.example.org/INBOX'], /imap:\/\/ sends the password unencrypted/],
    [['--imap', 'imaps://u@imap.example.org/INBOX'], /--imap needs the mailbox password in the environment variable EMAIL_AUTH_IMAP_PASSWORD/],
    [['--bogus'], /unknown option "--bogus"/],
  ])('%j', async (args, message) => {
    const { code, err, out } = await reports(['--config', CONFIG, ...args]);
    expect(code).toBe(2);
    // --json asked: the document says why there is no analysis (issue 16); otherwise nothing on stdout.
    if (args.includes('--json')) expect(JSON.parse(out)).toEqual({ exitCode: 2, error: { code: 'usage', message: expect.stringMatching(message) } });
    else expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).not.toContain('hunter2');
  });

  test('a path that does not exist, and a bad config', async () => {
    const missing = await reports(['--config', CONFIG, join(dir, 'nope')]);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toBe(`${JSON.stringify(join(dir, 'nope'))} does not exist`);
    const badConfig = await reports(['--config', join(dir, 'missing.yaml'), FIXTURES]);
    expect(badConfig.code).toBe(2);
    expect(badConfig.err).toBe(`config file ${JSON.stringify(join(dir, 'missing.yaml'))} does not exist; no report was read.`);
  });

  test('an IMAP server that does not answer: exit 2, a message, never the password', async () => {
    const { code, err } = await reports(['--config', CONFIG, '--imap', 'imaps://reports@127.0.0.1:1/INBOX'], { EMAIL_AUTH_IMAP_PASSWORD: 's3cret-pw' });
    expect(code).toBe(2);
    expect(err).toBe('cannot reach the IMAP server 127.0.0.1:1 (ECONNREFUSED)');
  });
});

describe('config: dmarc.rollout', () => {
  test('unknown keys and bad values are config errors', async () => {
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'institutions:\n  - { code: a, domain: a.example, provider: route53, zoneId: Z1, dmarc: { rollout: { days: 0, passrate: 90 } } }\n');
    const { code, err } = await reports(['--config', file, FIXTURES]);
    expect(code).toBe(2);
    expect(err).toMatch(/institutions\[0\]\.dmarc\.rollout\.days/);
    expect(err).toMatch(/passrate/);
  });
});
