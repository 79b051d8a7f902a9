// The weekly report workflow, read as YAML data: the digest job reads the mailbox with the password from a secret,
// keeps the history, proposes the steps and posts the digest, with a read-only token; the propose job, the only one
// that can write, saves the history and opens, updates or closes one pull request on dmarc-rollout, with a token that
// starts the pull request's own workflow when one is set up. (actionlint and the trust rules: workflow.test.ts and
// workflow-trust.test.ts, which read every shipped workflow.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPORTS } from '../../cli/commands/reports';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(readFileSync(join(__dirname, '..', '..', '.github', 'workflows', 'dmarc-reports.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: unknown;
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const digest = workflow.jobs.digest!;
const propose = workflow.jobs.propose!;
const stepWith = (job: Job, text: string) => {
  const i = job.steps.findIndex((s) => (s.run ?? s.uses ?? '').includes(text));
  if (i < 0) throw new Error(`no step with ${JSON.stringify(text)}`);
  return i;
};
const step = (job: Job, text: string) => job.steps[stepWith(job, text)]!;

describe('.github/workflows/dmarc-reports.yml', () => {
  test('weekly on a schedule (and by hand); no permission by default; contents: write and pull-requests: write only in the job that pushes', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const [schedule] = workflow.on.schedule as { cron: string }[];
    expect(schedule!.cron.split(' ')[4]).toMatch(/^[0-6]$/); // one day of the week
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs)).toEqual(['digest', 'propose']);
    expect(digest.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(propose.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(propose.needs).toBe('digest');
    const pushes = Object.entries(workflow.jobs).filter(([, j]) => j.steps.some((s) => /\bgit\b.*\bpush\b/.test(s.run ?? ''))).map(([name]) => name);
    expect(pushes).toEqual(['propose']);
  });

  test('digest: reads the mailbox with the password from a secret; history, proposal, PR text and digest in one run', () => {
    const read = step(digest, 'reports "${args[@]}"');
    expect(read.env).toEqual({ EMAIL_AUTH_IMAP_PASSWORD: '${{ secrets.DMARC_IMAP_PASSWORD }}', IMAP_URL: '${{ vars.DMARC_IMAP_URL }}', IMAP_ARCHIVE: '${{ vars.DMARC_IMAP_ARCHIVE }}' });
    expect(read.run).toContain('args=(--imap "$IMAP_URL" --since "$DMARC_WINDOW_DAYS" --history history-branch/history --propose --pr-body pr-body.md --markdown)');
    expect(read.run).toContain('if [ -n "$IMAP_ARCHIVE" ]; then args+=(--move-to "$IMAP_ARCHIVE"); fi');
    expect(read.run).not.toMatch(/PASSWORD/);
    // Every flag it passes is one the command has.
    for (const flag of read.run!.match(/--[a-z-]+/g)!) expect(Object.keys(REPORTS.options)).toContain(flag.slice(2));
    expect(Number(workflow.env.DMARC_WINDOW_DAYS)).toBeGreaterThanOrEqual(30);
    expect(digest.outputs).toEqual({ exit: '${{ steps.reports.outputs.exit }}' });
  });

  test('digest: the history comes from the dmarc-history branch when it exists, checked out without credentials', () => {
    const checkout = digest.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))[1]!;
    expect(checkout.if).toBe("steps.history.outputs.exists == 'true'");
    expect(checkout.with).toEqual({ ref: '${{ env.HISTORY_BRANCH }}', path: 'history-branch', 'persist-credentials': false });
    expect(workflow.env.HISTORY_BRANCH).toBe('dmarc-history');
    const order = ['gh api "repos/$GITHUB_REPOSITORY/branches/$HISTORY_BRANCH"', 'npm ci', 'reports "${args[@]}"', 'GITHUB_STEP_SUMMARY', 'gh issue edit', 'actions/upload-artifact@'].map((t) => stepWith(digest, t));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(step(digest, 'actions/upload-artifact@').with).toMatchObject({ name: 'dmarc-rollout', path: 'history-branch/history\ninstitutions.yaml\npr-body.md' });
  });

  test('propose: a GitHub App token when one is set up (else a token secret, else GITHUB_TOKEN) for the checkout and gh', () => {
    const app = propose.steps[0]!;
    expect(app.uses).toMatch(/^actions\/create-github-app-token@[0-9a-f]{40}$/);
    expect(app.if).toBe("vars.DMARC_ROLLOUT_APP_ID != ''");
    expect(app.with).toEqual({ 'app-id': '${{ vars.DMARC_ROLLOUT_APP_ID }}', 'private-key': '${{ secrets.DMARC_ROLLOUT_APP_KEY }}' });
    const token = '${{ steps.app.outputs.token || secrets.DMARC_ROLLOUT_TOKEN || github.token }}';
    expect(step(propose, 'actions/checkout@').with).toEqual({ token });
    expect(step(propose, 'gh pr create').env!.GH_TOKEN).toBe(token);
  });

  test('propose: saves the history on its branch, then opens or updates one pull request on dmarc-rollout, or closes a stale one', () => {
    const save = step(propose, 'git switch -q --orphan "$HISTORY_BRANCH"').run!;
    expect(save).toContain('git push -q origin "HEAD:refs/heads/$HISTORY_BRANCH"');
    expect(save).toContain('if git diff --cached --quiet; then echo "the history did not change"');
    expect(save).toContain('cp -R "$RUNNER_TEMP/rollout/history-branch/history" history');
    const pr = step(propose, 'gh pr create').run!;
    expect(workflow.env.ROLLOUT_BRANCH).toBe('dmarc-rollout');
    const at = (t: string) => {
      const i = pr.indexOf(t);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    // Nothing ready: the stale pull request is closed and nothing is pushed.
    expect(at('if git diff --quiet -- institutions.yaml; then')).toBeLessThan(at('gh pr close "$open" --delete-branch'));
    expect(at('gh pr close "$open" --delete-branch')).toBeLessThan(at('exit 0'));
    expect(at('exit 0')).toBeLessThan(at('git push -q --force origin "HEAD:refs/heads/$ROLLOUT_BRANCH"'));
    // One pull request: updated when open, created otherwise, with the text reports --pr-body wrote.
    expect(pr).toContain('gh pr list --head "$ROLLOUT_BRANCH" --state open');
    expect(pr).toContain('gh pr create --head "$ROLLOUT_BRANCH" --base "$BASE" --title "DMARC: next rollout steps" --body-file "$RUNNER_TEMP/rollout/pr-body.md"');
    expect(pr).toContain('gh pr edit "$open" --body-file "$RUNNER_TEMP/rollout/pr-body.md"');
    expect(stepWith(propose, 'git switch -q --orphan')).toBeLessThan(stepWith(propose, 'gh pr create'));
  });

  test('platform mail failing DKIM fails the run, after the digest and the proposal', () => {
    const last = propose.steps[propose.steps.length - 1]!;
    expect(last.if).toBe("needs.digest.outputs.exit == '1'");
    expect(last.run).toContain('exit 1');
    expect(step(digest, 'reports "${args[@]}"').run).toContain('if [ "$code" -ge 2 ]; then exit "$code"; fi');
  });
});
