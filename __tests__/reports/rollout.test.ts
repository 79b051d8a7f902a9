// Issue 19's "done when", end to end through the command on real files (the scenario of rollout-scenario.ts):
// --propose makes exactly the first step for the ready institution, keeps every comment and is idempotent;
// --pr-body carries the evidence; --history gives the same figures without the report files and never counts a
// report twice; the failing agency is named with the include to add; the per-receiver table shows each reporter.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Io } from '../../cli/command';
import { runCli } from '../../cli/main';
import { AGENCY_IP, DAYS, dayStart, SCENARIO_CONFIG, scenarioReports, writeScenarioReports } from './rollout-scenario';

async function reports(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  const code = await runCli(['reports', '--no-ptr', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
let config: string;
let reportsDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollout-'));
  config = join(dir, 'institutions.yaml');
  writeFileSync(config, SCENARIO_CONFIG);
  reportsDir = writeScenarioReports(join(dir, 'reports'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Json = { institutions: Record<string, any>[]; input: Record<string, number>; history: { reports: number; days: number } | null; proposal: Record<string, unknown> | null };
const json = (out: string) => JSON.parse(out) as Json;
const inst = (j: Json, code: string) => j.institutions.find((i) => i.code === code)!;
/** What readiness and every output show of an institution: the figures, not how they were read. */
const figures = (i: Record<string, any>) => {
  const { readiness, ...summary } = i;
  return { ...summary, readiness: { status: readiness.status, rules: readiness.rules } };
};

describe('--propose', () => {
  test('writes exactly the first step for the ready institution on the institution (not in defaults), and keeps every comment', async () => {
    const { code, err } = await reports(['--config', config, '--propose', reportsDir]);
    expect(code).toBe(0);
    expect(err).toContain(`proposed in ${config}: mosa dmarc: { policy: quarantine, t: true } (p=none → p=quarantine; t=y)`);
    const after = readFileSync(config, 'utf8');
    // The whole diff: two lines added under mosa, nothing else changed.
    expect(after).toBe(
      SCENARIO_CONFIG.replace(
        '    zoneId: Z0123456789ABCDEFGHIJ   # production zone\n',
        '    zoneId: Z0123456789ABCDEFGHIJ   # production zone\n    dmarc:\n      policy: quarantine\n      t: true\n',
      ),
    );
  });

  test('is idempotent: a second run on the same reports changes nothing (the new policy has no days yet)', async () => {
    await reports(['--config', config, '--propose', reportsDir]);
    const once = readFileSync(config, 'utf8');
    const again = await reports(['--config', config, '--propose', '--json', reportsDir]);
    expect(readFileSync(config, 'utf8')).toBe(once);
    const mosa = inst(json(again.out), 'mosa');
    expect(mosa.readiness.status).toBe('not-ready');
    expect(mosa.daysAtPolicy).toBe(0);
    expect(mosa.readiness.rules[0].reason).toContain('receivers still saw p=none');
    expect(json(again.out).proposal).toEqual({ file: config, applied: [], refused: [], written: false });
  });

  test('never edits without the evidence: the Kunsthaus (agency failing) is left alone, and so is everything with --days 21', async () => {
    await reports(['--config', config, '--propose', '--days', String(DAYS + 1), reportsDir]);
    expect(readFileSync(config, 'utf8')).toBe(SCENARIO_CONFIG);
  });
});

describe('--pr-body', () => {
  test('the step, the evidence, the thresholds, the failing sources with their fix, and the rollback', async () => {
    const body = join(dir, 'pr.md');
    await reports(['--config', config, '--propose', '--pr-body', body, reportsDir]);
    const md = readFileSync(body, 'utf8');
    expect(md.split('\n')[0]).toBe('<!-- email-auth-dns dmarc-rollout -->');
    expect(md).toContain('| `mosa` | `mosamuseum.com` | `p=none → p=quarantine; t=y` | `dmarc: { policy: quarantine, t: true }` |');
    expect(md).toContain('### `mosa` `mosamuseum.com`: `p=none` → `p=quarantine; t=y`');
    expect(md).toContain(`| Days of reports at \`p=none\` | ${DAYS} | 14 |`);
    expect(md).toContain(`| Messages reported | ${(DAYS * 75).toLocaleString('en')} | 100 |`);
    expect(md).toContain('| DMARC pass rate (SPF or DKIM aligned) | 100.0 % | 98 % |');
    expect(md).toContain(`| Platform mail passing aligned DKIM | ${(DAYS * 70).toLocaleString('en')} of ${(DAYS * 70).toLocaleString('en')} (100.0 %) | all |`);
    expect(md).toContain('| `google.com` | 900 | 100.0 % | 100.0 % |');
    expect(md).toContain('**Rollback**: revert this pull request, or set `dmarc: { policy: none, t: false }` (the values before the step).');
    // The Kunsthaus is not ready: not in the body.
    expect(md).not.toContain('kunsthaus');
  });

  test('without a ready institution: says so, and the config is untouched', async () => {
    const body = join(dir, 'pr.md');
    await reports(['--config', config, '--propose', '--pr-body', body, '--days', '30', reportsDir]);
    expect(readFileSync(body, 'utf8')).toMatch(/^<!-- email-auth-dns dmarc-rollout -->\n## .*\n\nNo institution is ready for its next DMARC step in the reports from `\d{4}-\d\d-\d\d` to `\d{4}-\d\d-\d\d`: nothing to change\.\n$/);
    expect(readFileSync(config, 'utf8')).toBe(SCENARIO_CONFIG);
  });
});

describe('--history', () => {
  test('the history alone gives the figures the report files gave', async () => {
    const history = join(dir, 'history');
    const fromFiles = json((await reports(['--config', config, '--json', reportsDir])).out);
    const first = await reports(['--config', config, '--json', '--history', history, reportsDir]);
    const months = new Set(Array.from({ length: DAYS }, (_, i) => new Date((dayStart(i) + 43_200) * 1000).toISOString().slice(0, 7)));
    expect(first.err).toContain(`history ${history}: ${months.size * 2} files written`);
    const alone = await reports(['--config', config, '--json', '--history', history]);
    expect(alone.code).toBe(0);
    const fromHistory = json(alone.out);
    expect(fromHistory.input).toMatchObject({ reports: 0, inHistory: 0 });
    expect(fromHistory.history).toEqual({ reports: DAYS * 5, days: DAYS * 2 });
    for (const code of ['mosa', 'kunsthaus']) expect(figures(inst(fromHistory, code))).toEqual(figures(inst(fromFiles, code)));
    expect(alone.err).toContain(`history ${history}: 0 files written`);
  });

  test('never counts a report twice: read again with the history, every report is known, the figures do not double', async () => {
    const history = join(dir, 'history');
    const first = json((await reports(['--config', config, '--json', '--history', history, reportsDir])).out);
    const files = readdirSync(join(history, 'mosa'));
    const before = files.map((f) => readFileSync(join(history, 'mosa', f), 'utf8'));
    const second = json((await reports(['--config', config, '--json', '--history', history, reportsDir])).out);
    expect(second.input).toMatchObject({ reports: 0, inHistory: DAYS * 5 });
    expect(inst(second, 'mosa').messages).toBe(inst(first, 'mosa').messages);
    expect(files.map((f) => readFileSync(join(history, 'mosa', f), 'utf8'))).toEqual(before);
  });

  test('plain text to diff: one line per report, per source and result, per receiver and day', async () => {
    const history = join(dir, 'history');
    await reports(['--config', config, '--history', history, reportsDir]);
    const text = readdirSync(join(history, 'kunsthaus')).map((f) => readFileSync(join(history, 'kunsthaus', f), 'utf8')).join('');
    const agencyDay = scenarioReports()[2 * 5 + 3]!.xml.match(/<begin>(\d+)<\/begin>/)![1]!;
    const day = new Date((Number(agencyDay) + 43_200) * 1000).toISOString().slice(0, 10);
    expect(text).toContain(`${day} source ${AGENCY_IP} 30 none mcsv.net/k1/pass mail77.atl31.mcsv.net/pass google.com\n`);
    expect(text).toContain(`${day} receiver google.com 60 30 30 30\n`);
    expect(text).toMatch(new RegExp(`${day} report google\\.com google\\.com-kunsthaus-beispiel\\.ch-2 \\d+ \\d+ p=none\\n`));
    expect(text.split('\n').filter((l) => l.startsWith(`${day} `))).toHaveLength(6);
  });
});

describe('failing senders and receivers', () => {
  test('the agency is named (Mailchimp) with the include to add, in the table, the Markdown and the JSON', async () => {
    const table = await reports(['--config', config, reportsDir]);
    expect(table.out).toMatch(new RegExp(`${AGENCY_IP.replace(/\./g, '\\.')} +Mailchimp \\(DKIM d=mcsv\\.net\\) +90 +90 `));
    expect(table.out).toContain(`      fix ${AGENCY_IP} (Mailchimp): add include:servers.mcsv.net to the SPF record`);
    const md = (await reports(['--config', config, '--markdown', reportsDir])).out;
    expect(md).toContain(`| \`${AGENCY_IP}\` | Mailchimp \`(DKIM d=mcsv.net)\` | 90 | 90 |`);
    expect(md).toContain('add `include:servers.mcsv.net` to the SPF record');
    const kunsthaus = inst(json((await reports(['--config', config, '--json', reportsDir])).out), 'kunsthaus');
    expect(kunsthaus.failingSources[0]).toMatchObject({ ip: AGENCY_IP, sender: { id: 'mailchimp', name: 'Mailchimp', via: 'dkim', matched: 'mcsv.net', forwarder: false, spfInclude: 'servers.mcsv.net' } });
    expect(kunsthaus.readiness.status).toBe('not-ready');
  });

  test('per receiver: messages and the aligned pass rates; Gmail flagged for the Kunsthaus though it sends little', async () => {
    const out = json((await reports(['--config', config, '--json', reportsDir])).out);
    expect(inst(out, 'kunsthaus').receivers).toEqual([
      { reporter: 'google.com', large: 'Gmail', reports: DAYS, messages: DAYS * 30 + 90, dmarcPass: DAYS * 30, passRate: 86.9, platformMessages: DAYS * 30, platformPass: DAYS * 30, platformPassRate: 100, flagged: true },
      { reporter: 'Yahoo', large: 'Yahoo', reports: DAYS, messages: DAYS * 20, dmarcPass: DAYS * 20, passRate: 100, platformMessages: DAYS * 20, platformPass: DAYS * 20, platformPassRate: 100, flagged: false },
    ]);
    const md = (await reports(['--config', config, '--markdown', reportsDir])).out;
    expect(md).toContain('| `google.com` (Gmail) | 1,590 | 94.3 % | 1,400 | 100.0 % | ⚠️ `kunsthaus` |');
    expect(md).toContain('| `Yahoo` (Yahoo) | 800 | 100.0 % | 800 | 100.0 % |  |');
    expect(md).toContain('| `Outlook.com` (Outlook\\.com) | 200 | 100.0 % | 200 | 100.0 % |  |');
  });
});

describe('--propose on a config it must not edit', () => {
  test('a dmarc shared through an alias: not proposed, said why, in the output and the pull request text; the file is untouched', async () => {
    const shared = SCENARIO_CONFIG.replace('  dmarc:\n    policy: none # every institution starts at p=none', '  dmarc: &shared\n    policy: none # every institution starts at p=none').replace(
      '    zoneId: Z0123456789ABCDEFGHIJ   # production zone\n',
      '    zoneId: Z0123456789ABCDEFGHIJ   # production zone\n    dmarc: *shared\n',
    );
    writeFileSync(config, shared);
    const body = join(dir, 'pr.md');
    const { code, err } = await reports(['--config', config, '--propose', '--pr-body', body, reportsDir]);
    expect(code).toBe(0);
    expect(err).toContain('not proposed: mosa: institutions[0] (mosa): its dmarc map is an alias (*shared) of a node others share');
    expect(readFileSync(config, 'utf8')).toBe(shared);
    const md = readFileSync(body, 'utf8');
    expect(md).toContain('One institution is ready for the next DMARC step in the reports from');
    expect(md).toContain('### Ready, but not written into the config');
    expect(md).toMatch(/- `mosa`: `institutions\[0\] \(mosa\): its dmarc map is an alias \(\*shared\)/);
    // The weekly digest says so too: with nothing written there is no pull request to read it in.
    const digest = (await reports(['--config', config, '--propose', '--markdown', reportsDir])).out;
    expect(digest).toContain('### Ready, but not written into the config (1)');
    expect(digest).toMatch(/- `mosa`: `institutions\[0\] \(mosa\): its dmarc map is an alias/);
  });
});
