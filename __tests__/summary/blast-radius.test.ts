// Issue 12 item 7: the mass-change guard. A banner first and `--fail-on-risk` exit 1 when a change deletes or
// replaces SPF, DKIM or DMARC records of institutions that are not retired (default: any), or touches more than
// 20 % of the institutions, judged from 5 touched institutions on (issue 17: in a fleet of 2, changing both is no
// mass change). In both modes: plans, and two synth outputs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blastRadius, DEFAULT_BLAST_RADIUS } from '../../summary/blast-radius';
import { ChangeReport, RecordChange, StackChanges } from '../../summary/record-change';
import { runCli } from '../../cli/main';
import { fixture, runSummary } from './run-summary';

const dir = mkdtempSync(join(tmpdir(), 'email-auth-blast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spf = 'v=spf1 include:spf.secutix.com ~all';
const change = (stack: string, action: RecordChange['action'], over: Partial<RecordChange> = {}): RecordChange => ({
  stack,
  action,
  name: `${stack}.example`,
  type: 'TXT',
  before: action === 'create' ? [] : [spf],
  after: action === 'delete' ? [] : [spf.replace('~all', '-all')],
  ...over,
});
const stack = (name: string, changes: RecordChange[] = []): StackChanges => ({ stack: name, changes, otherChanges: 0, notes: [] });
/** `n` stacks of which the first `touched` update their SPF record and the next `deleted` delete it. */
function report(n: number, touched: number, deleted = 0, source: ChangeReport['source'] = 'synth'): ChangeReport {
  return {
    source,
    stacks: Array.from({ length: n }, (_, i) => {
      const name = `email-auth-s${i}`;
      if (i < touched) return stack(name, [change(name, 'update')]);
      if (i < touched + deleted) return stack(name, [change(name, 'delete')]);
      return stack(name);
    }),
  };
}
const none = { retired: new Set<string>() };

describe('touched share (limit 20 %, from 5 touched institutions on)', () => {
  test.each([
    [10, 1, false],
    [25, 5, false], // 20 %: at the limit
    [20, 5, true], // 25 %, 5 touched
    [10, 4, false], // 40 %, but 4 touched: below the minimum count
    [10, 5, true],
    [100, 20, false],
    [100, 21, true],
    [2, 1, false], // 50 %, but one institution alone is never a mass change
    [2, 2, false], // 100 % of a fleet of 2 (issue 17): no mass change
  ])('%i institutions, %i touched → tripped %p', (n, touched, tripped) => {
    expect(blastRadius(report(n, touched), none).tripped).toBe(tripped);
  });

  test('a configurable limit and minimum count', () => {
    expect(blastRadius(report(20, 6), none, { ...DEFAULT_BLAST_RADIUS, maxTouchedPercent: 30 }).tripped).toBe(false);
    expect(blastRadius(report(20, 7), none, { ...DEFAULT_BLAST_RADIUS, maxTouchedPercent: 30 }).tripped).toBe(true);
    expect(blastRadius(report(2, 2), none, { ...DEFAULT_BLAST_RADIUS, minTouched: 2 }).tripped).toBe(true);
    expect(blastRadius(report(10, 4), none, { ...DEFAULT_BLAST_RADIUS, minTouched: 4 }).tripped).toBe(true);
  });

  test('deletions of SPF, DKIM and DMARC records count from the first, whatever the minimum count', () => {
    expect(blastRadius(report(2, 0, 1), none)).toMatchObject({ tripped: true, authRemovals: 1, touched: 1 });
  });

  test('plans cover the stacks that change only: without the fleet size (no --config) the share is not judged', () => {
    expect(blastRadius(report(5, 5, 0, 'plan'), none)).toMatchObject({ tripped: false, touched: 5 });
    expect(blastRadius(report(5, 5, 0, 'plan'), { ...none, size: 100 })).toMatchObject({ tripped: false, fleet: 100 });
    expect(blastRadius(report(5, 5, 0, 'plan'), { ...none, size: 20 })).toMatchObject({ tripped: true, fleet: 20 });
    expect(blastRadius(report(2, 2, 0, 'plan'), { ...none, size: 2 })).toMatchObject({ tripped: false, fleet: 2 });
  });
});

describe('SPF, DKIM and DMARC records removed (default limit 0)', () => {
  test.each([
    [0, false],
    [1, true],
  ])('%i deleted of 100 → tripped %p', (deleted, tripped) => {
    expect(blastRadius(report(100, 0, deleted), none)).toMatchObject({ tripped, authRemovals: deleted });
  });

  test('a replacement counts; an SPF value dropped from its set counts; an MX or other TXT value does not', () => {
    const r: ChangeReport = {
      source: 'plan',
      stacks: [
        stack('a', [change('a', 'replace')]),
        stack('b', [change('b', 'update', { before: [spf, 'google-site-verification=x'], after: ['google-site-verification=x'] })]),
        stack('c', [change('c', 'delete', { type: 'MX', before: ['10 mx.c.example'] }), change('c', 'delete', { before: ['google-site-verification=y'] })]),
      ],
    };
    expect(blastRadius(r, none).authRemovals).toBe(2);
  });

  test('deletions of retired institutions are the point of retiring them; a limit can allow some', () => {
    const r = report(100, 0, 3);
    expect(blastRadius(r, { retired: new Set(['email-auth-s0', 'email-auth-s1', 'email-auth-s2']) }).tripped).toBe(false);
    expect(blastRadius(r, none, { ...DEFAULT_BLAST_RADIUS, maxAuthRemovals: 3 }).tripped).toBe(false);
    expect(blastRadius(r, none, { ...DEFAULT_BLAST_RADIUS, maxAuthRemovals: 2 }).tripped).toBe(true);
  });

  describe('a DMARC report authorisation counts for the institution it authorises, not the stack whose zone holds it', () => {
    // Retiring `news` deletes its records from its stack and its authorisation from the stack of `main`, whose zone
    // holds the report domain (and from a collector's stack).
    const auth = (stack: string, reportDomain: string) => change(stack, 'delete', { name: `news.example.org._report._dmarc.${reportDomain}`, before: ['v=DMARC1'] });
    const retiring: ChangeReport = {
      source: 'synth',
      stacks: [
        stack('email-auth-news', [change('email-auth-news', 'delete', { name: 'news.example.org' })]),
        stack('email-auth-main', [auth('email-auth-main', 'example.org')]),
        stack('email-auth-reports-vendor', [auth('email-auth-reports-vendor', 'reports.vendor.net')]),
        ...Array.from({ length: 7 }, (_, i) => stack(`email-auth-s${i}`)),
      ],
    };
    const stackOfDomain = new Map([
      ['news.example.org', 'email-auth-news'],
      ['main.example.org', 'email-auth-main'],
    ]);

    test('retiring one institution: one institution touched, no removal of a live one', () => {
      expect(blastRadius(retiring, { retired: new Set(['email-auth-news']), stackOfDomain })).toMatchObject({ tripped: false, authRemovals: 0, touched: 1 });
    });

    test('the same deletions for an institution that is not retired are removals, of one institution', () => {
      expect(blastRadius(retiring, { retired: new Set(), stackOfDomain })).toMatchObject({ tripped: true, authRemovals: 3, touched: 1 });
    });

    test('without the config (no --config) each change counts for its own stack', () => {
      expect(blastRadius(retiring, { retired: new Set(['email-auth-news']) })).toMatchObject({ tripped: true, authRemovals: 2, touched: 3 });
    });
  });

  test('an orphaned stack is touched, but deletes nothing', () => {
    const r: ChangeReport = { source: 'synth', stacks: [{ ...stack('gone'), orphaned: true }, ...Array.from({ length: 9 }, (_, i) => stack(`s${i}`))] };
    expect(blastRadius(r, none)).toMatchObject({ tripped: false, authRemovals: 0, touched: 1 });
  });
});

describe('the CLI: the banner right after "Needs attention", --fail-on-risk', () => {
  const destroy = fixture('plans', 'destroy', 'email-auth-altclub.json');

  test('a real plan deleting an institution\'s records: "Needs attention", then the banner, then the counts; --fail-on-risk exits 1 after printing', async () => {
    const { code, out, err } = await runSummary(['--fail-on-risk', destroy]);
    expect(code).toBe(1);
    const lines = out.split('\n');
    const banner = lines.indexOf('> [!CAUTION]');
    expect(lines.slice(0, 4)).toEqual(['<!-- email-auth-dns summary -->', '## DNS changes: 0 to create, 0 to change, 4 to destroy', '', '### ⚠️ Needs attention (4)']);
    expect(banner).toBeGreaterThan(3);
    expect(banner).toBeLessThan(lines.indexOf('| Stack | Create | Change | Destroy | of which replaced |'));
    expect(lines.slice(banner, banner + 2)).toEqual([
      '> [!CAUTION]',
      '> **Mass change**: this change deletes or replaces 4 SPF, DKIM or DMARC records of institutions that are not retired (limit 0; to offboard an institution, set `retired: true`). Review it as one: the pipeline plans it only with the `dns-mass-change` label.',
    ]);
    expect(err).toBe('summary: mass change (--fail-on-risk): this change deletes or replaces 4 SPF, DKIM or DMARC records of institutions that are not retired (limit 0; to offboard an institution, set retired: true)');
  });

  test('without --fail-on-risk it only warns (exit 0); with the institution retired in --config, nothing trips', async () => {
    expect((await runSummary([destroy])).code).toBe(0);
    const config = join(dir, 'retired.yaml');
    writeFileSync(config, 'institutions:\n  - { code: altclub, domain: altclub-beispiel.ch, provider: route53, zoneId: Z0ALTCLUB00000000001, retired: true }\n');
    const { code, out } = await runSummary(['--fail-on-risk', '--config', config, destroy]);
    expect(code).toBe(0);
    expect(out).not.toContain('[!CAUTION]');
  });

  test('retiring an institution whose authorisation another zone publishes: with --config, one institution retired, nothing trips', async () => {
    const institutions = (retired: boolean) => [
      { code: 'main', domain: 'main.example.org', provider: 'route53', zoneName: 'example.org' },
      { code: 'news', domain: 'news.example.org', provider: 'route53', zoneId: 'Z0NEWS', dmarc: { rua: ['mailto:dmarc@example.org'] }, ...(retired && { retired: true }) },
      ...['a', 'b', 'c'].map((code) => ({ code, domain: `${code}.example.net`, provider: 'route53', zoneId: `Z0${code.toUpperCase()}` })),
    ];
    const synth = async (name: string, retired: boolean) => {
      const config = join(dir, `${name}.json`);
      writeFileSync(config, JSON.stringify({ institutions: institutions(retired) }));
      const outdir = join(dir, `${name}.out`);
      expect(await runCli(['synth', '--config', config], { out: () => undefined, err: () => undefined, env: { CDKTF_OUTDIR: outdir } })).toBe(0);
      return { config, outdir };
    };
    const [base, head] = [await synth('base', false), await synth('head', true)];
    const withConfig = await runSummary(['--fail-on-risk', '--config', head.config, '--base', base.outdir, '--head', head.outdir]);
    expect(withConfig.out).toContain('news.example.org._report._dmarc.example.org');
    expect([withConfig.code, withConfig.out.includes('[!CAUTION]')]).toEqual([0, false]);
    // Without the config, the authorisation deleted from main's stack is the removal of a live institution's record.
    const without = await runSummary(['--fail-on-risk', '--base', base.outdir, '--head', head.outdir]);
    expect(without.out).toMatch(/^> \*\*Mass change\*\*: this change deletes or replaces \d+ SPF, DKIM or DMARC records/m);
  });

  test('two synth outputs: every institution touched trips the share', async () => {
    const { code, out } = await runSummary(['--fail-on-risk', '--base', fixture('synth', 'base'), '--head', fixture('synth', 'head')]);
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines[lines.indexOf('> [!CAUTION]') + 1]).toMatch(/^> \*\*Mass change\*\*: this change touches 6 of 6 institutions \(100 %, limit 20 %\)\./);
  });

  test('--changed names the removed stacks that no plan covers: orphaned; a PR that changes nothing says so in one line', async () => {
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, JSON.stringify({ added: [], changed: [], removed: [{ stack: 'email-auth-gone', reason: 'removed' }], unchanged: 3 }));
    const orphan = await runSummary(['--changed', changed]);
    expect(orphan.out).toContain('- `email-auth-gone`: Orphaned: the institution is gone from the config');
    writeFileSync(changed, JSON.stringify({ added: [], changed: [], removed: [], unchanged: 3 }));
    expect(await runSummary(['--changed', changed])).toEqual({
      code: 0,
      out: '<!-- email-auth-dns summary -->\nNo DNS-related changes in this pull request: no stack\'s synthesized Terraform differs from the base branch.',
      err: '',
    });
  });

  test.each([
    [['--max-touched-percent', '101'], '--max-touched-percent must be a whole number ≤ 100, got "101" (allowed: 0–100 percent)'],
    [['--max-auth-removals=-1'], '--max-auth-removals must be a whole number ≥ 0, got "-1" (allowed: 0–1000000 records)'],
    [['--min-touched', '1'], '--min-touched must be a whole number ≥ 2, got "1" (allowed: 2–1000000 institutions)'],
  ])('%p is a usage error', async (flags, message) => {
    const { code, err } = await runSummary([...flags, destroy]);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(message);
  });

  test('a --changed file that is not the output of changed --json is refused', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ removed: 'x' }));
    const { code, err } = await runSummary(['--changed', bad]);
    expect(code).toBe(2);
    expect(err).toBe(`summary: --changed ${bad}: "added" is not a list of { stack, reason }: expected the output of \`email-auth changed --json\``);
  });
});
