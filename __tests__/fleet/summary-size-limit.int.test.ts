// A summary of 1,000 institutions fits in a GitHub comment (65,536 characters): headline and "Needs attention" first,
// repeated risks grouped, tables folded or left out with a note, the full report written by --full. Both sources:
// plans (terraform show -json, built from the real app's synth output) and two synth outputs (--base/--head).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTerraformDirs, scratchDir } from '../helpers/terraform';
import { GITHUB_COMMENT_LIMIT, DEFAULT_MAX_CHARS, SHORTENED, textSize } from '../../summary/size-limit';
import { SUMMARY_MARKER } from '../../summary/markdown';
import { fleetConfig, plansBetween, synthFleet } from '../summary/fleet';
import { analyse, sectionOrder } from '../summary/rendered-html';
import { runSummary } from '../summary/run-summary';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const N = 1000;
const ALL = Array.from({ length: N }, (_, i) => i);

interface Scenario {
  readonly base: string;
  readonly head: string;
  readonly plans: string[];
}
const scenarios: Record<'dmarc' | 'onboarding', Scenario> = {} as never;
let out: string;

beforeAll(() => {
  out = scratchDir('email-auth-size-');
  // Loosening DMARC in `defaults` changes every institution's DMARC record: 1,000 updates, 1,000 risks.
  const dmarc = { base: synthFleet(fleetConfig(ALL, 'reject')), head: synthFleet(fleetConfig(ALL, 'none')) };
  // Onboarding 1,000 institutions next to one that exists: 1,000 new stacks of 4-5 records.
  const onboarding = { base: synthFleet(fleetConfig([N])), head: synthFleet(fleetConfig([N, ...ALL])) };
  scenarios.dmarc = { ...dmarc, plans: plansBetween(dmarc.base, dmarc.head) };
  scenarios.onboarding = { ...onboarding, plans: plansBetween(onboarding.base, onboarding.head) };
}, 180_000);
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

const args = (s: Scenario, mode: 'plans' | 'synth') => (mode === 'plans' ? s.plans : ['--base', s.base, '--head', s.head]);

describe.each([
  ['plans', 'plans'],
  ['synth outputs', 'synth'],
] as const)('1,000 institutions, from %s', (_, mode) => {
  describe('DMARC loosened in defaults', () => {
    let comment: string;
    let full: string;
    beforeAll(async () => {
      const fullFile = join(out, `dmarc-${mode}.md`);
      const run = await runSummary([...args(scenarios.dmarc, mode), '--full', fullFile]);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      comment = `${run.out}\n`;
      full = readFileSync(fullFile, 'utf8');
    }, 60_000);

    it('fits in a GitHub comment, with the margin, while the full report would not', () => {
      expect(textSize(full)).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
      expect(textSize(comment)).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
      expect(DEFAULT_MAX_CHARS).toBeLessThan(GITHUB_COMMENT_LIMIT);
    });

    it('starts with the marker, the headline, the note, then "Needs attention", the banner (synth), the counts, before any table of records', () => {
      const lines = comment.split('\n');
      expect(lines.slice(0, 2)).toEqual([SUMMARY_MARKER, '## DNS changes: 0 to create, 1000 to change, 0 to destroy']);
      expect(lines[3]).toMatch(/^_Shortened to fit in a comment \(at most 60000 characters; the full report has \d+\)\..*The full report is in `dmarc-(plans|synth)\.md`\._$/);
      expect(comment.indexOf('### ⚠️ Needs attention (1000)')).toBeGreaterThan(0);
      expect(comment.indexOf('### ⚠️ Needs attention')).toBeLessThan(comment.indexOf('| Action | Name |'));
      const order = sectionOrder(analyse(comment).html);
      expect(order.slice(0, 3)).toEqual(['h2 DNS changes: 0 to create, 1000 to change, 0 to destroy', 'h3 ⚠️ Needs attention (1000)', ...(mode === 'synth' ? ['alert:caution'] : ['table'])]);
      expectBanner(lines, mode);
    });

    it('groups the 1,000 alike risks into one line with its count, listing the first records folded', () => {
      const items = comment.split('\n').filter((l) => l.startsWith('- '));
      expect(items[0]).toBe('- DMARC policy loosened: `p=reject` → `p=none` (1000 records in 1000 stacks)');
      const listed = comment.split('\n').filter((l) => /^ {2}- `email-auth-inst\d{4}` `TXT` `_dmarc\./.test(l));
      expect(listed).toHaveLength(SHORTENED.groupItems);
      expect(comment).toContain(`  - … and ${N - SHORTENED.groupItems} more: see the full report`);
    });

    it('folds the tables it keeps and says which it left out; the full report has them all', () => {
      const folded = comment.match(/^<details><summary><code>email-auth-inst\d{4}<\/code>: 0 to create, 1 to change, 0 to destroy<\/summary>$/gm) ?? [];
      const left = Number(/The record tables of (\d+) more stacks are left out: `email-auth-inst\d{4}`/.exec(comment)?.[1]);
      expect(folded.length).toBeGreaterThan(50);
      expect(folded.length + left).toBe(N);
      expect(comment).toMatch(/Left out: 980 rows of the stack table; the record tables of \d+ stacks\./);
      expect(full.match(/^### `email-auth-inst\d{4}`: /gm)).toHaveLength(N);
      expect(full.match(/^ {2}- `email-auth-inst\d{4}` `TXT` `_dmarc\./gm)).toHaveLength(N);
    });

    it('renders as Markdown with whole tables and balanced folds', () => {
      const r = analyse(comment);
      for (const table of r.tables) for (const cells of table.rows) expect(cells).toBe(table.header);
      expect(comment.match(/<details>/g)?.length).toBe(comment.match(/<\/details>/g)?.length);
    });
  });

  describe('1,000 institutions onboarded', () => {
    let comment: string;
    let full: string;
    beforeAll(async () => {
      const fullFile = join(out, `onboarding-${mode}.md`);
      const run = await runSummary([...args(scenarios.onboarding, mode), '--full', fullFile]);
      expect(run.code).toBe(0);
      comment = `${run.out}\n`;
      full = readFileSync(fullFile, 'utf8');
    }, 60_000);

    it('fits in a GitHub comment; the full report holds every new record', () => {
      expect(textSize(comment)).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
      expect(textSize(full)).toBeGreaterThan(10 * GITHUB_COMMENT_LIMIT);
      expect(full.match(/^\| create \| /gm)?.length).toBeGreaterThanOrEqual(4 * N);
    });

    it('keeps the headline with the real counts and says what it left out', () => {
      expect(comment.split('\n')[1]).toMatch(/^## DNS changes: \d{4} to create, 0 to change, 0 to destroy$/);
      expectBanner(comment.split('\n'), mode);
      expect(comment).toMatch(/The record tables of \d+ more stacks are left out: /);
      // Only the stacks that change are listed (issue 12): 1,000, of which 20 rows are shown.
      expect(comment).toContain('| **Total** (980 more stacks not listed) |');
    });

    it('lists the senders the new SPF records authorise, grouped (issue 17): the office suite named, the address blocks counted', () => {
      expect(comment).toContain('- SPF authorises a new sender, Google Workspace: `include:_spf.google.com`; anyone who can send through Google Workspace now passes SPF for this domain: confirm the organisation uses it (500 records in 500 stacks)');
      expect(comment).toContain('- SPF authorises a new sender: …; every host it names now passes SPF for this domain: confirm the organisation sends from it (1000 records in 1000 stacks)');
    });
  });
});

/**
 * The mass-change banner (issue 12), right after "Needs attention" (issue 17): from two synth outputs the whole fleet
 * is known, so a change to all 1,000 institutions trips it; from plans without --config the share is not judged and
 * nothing is deleted.
 */
function expectBanner(lines: string[], mode: string): void {
  const at = lines.indexOf('> [!CAUTION]');
  if (mode === 'plans') {
    expect(at).toBe(-1);
    return;
  }
  expect(lines[at + 1]).toMatch(/^> \*\*Mass change\*\*: this change touches 1000 of 100[01] institutions \(100 %, limit 20 %\)\./);
  expect(at).toBeLessThan(lines.indexOf('| Stack | Create | Change | Destroy | of which replaced |'));
}

describe('--max-chars', () => {
  it('sets another limit', async () => {
    const run = await runSummary([...scenarios.dmarc.plans, '--max-chars', '20000']);
    expect(run.code).toBe(0);
    expect(textSize(`${run.out}\n`)).toBeLessThanOrEqual(20_000);
    expect(run.out).toContain('- DMARC policy loosened: `p=reject` → `p=none` (1000 records in 1000 stacks)');
    expect(run.out).toContain('Run `email-auth summary` with `--full FILE` for the full report.');
  }, 60_000);

  it.each([['100'], ['abc'], ['0'], ['1e5'], ['4000.5']])('refuses %s (exit 2)', async (value) => {
    const run = await runSummary([scenarios.dmarc.plans[0]!, '--max-chars', value]);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe(`--max-chars must be a whole number ≥ 4000, got ${JSON.stringify(value)} (allowed: 4000–100000000 characters)`);
  });

  it('a --full file that cannot be written is one line naming it plainly, exit 2', async () => {
    const run = await runSummary([scenarios.dmarc.plans[0]!, '--full', join(out, 'no', 'such', 'folder.md')]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`summary: --full ${join(out, 'no', 'such', 'folder.md')} cannot be written: its folder does not exist`);
  });
});
