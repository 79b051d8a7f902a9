// The weekly report digest: scheduled, reads IMAP with the password from a secret, posts the Markdown to the job
// summary and to one tracking issue, and fails only after posting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
const workflow = parse(readFileSync(join(__dirname, '..', '..', '.github', 'workflows', 'dmarc-reports.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: unknown;
  env: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
};
const job = workflow.jobs.digest!;
const stepWith = (text: string) => {
  const i = job.steps.findIndex((s) => (s.run ?? s.uses ?? '').includes(text));
  if (i < 0) throw new Error(`no step with ${JSON.stringify(text)}`);
  return i;
};

describe('.github/workflows/dmarc-reports.yml', () => {
  test('weekly on a schedule (and by hand), read-only by default, one job allowed to write issues', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const [schedule] = workflow.on.schedule as { cron: string }[];
    expect(schedule!.cron.split(' ')).toHaveLength(5);
    expect(schedule!.cron.split(' ')[4]).toMatch(/^[0-6]$/); // one day of the week
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs)).toEqual(['digest']);
    expect(job.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  test('reads the mailbox with the password from a secret, never on the command line', () => {
    const read = job.steps[stepWith('reports --imap')]!;
    expect(read.env).toEqual({ EMAIL_AUTH_IMAP_PASSWORD: '${{ secrets.DMARC_IMAP_PASSWORD }}', IMAP_URL: '${{ vars.DMARC_IMAP_URL }}' });
    expect(read.run).toContain('node dist/cli/main.js reports --imap "$IMAP_URL" --since "$DMARC_WINDOW_DAYS" --markdown > reports.md');
    expect(read.run).not.toMatch(/--move-to|PASSWORD/);
    expect(Number(workflow.env.DMARC_WINDOW_DAYS)).toBeGreaterThanOrEqual(14);
  });

  test('posts to the job summary and updates one tracking issue, in that order, then fails on exit 1', () => {
    const order = ['npm ci', 'reports --imap', 'GITHUB_STEP_SUMMARY', 'gh issue edit', 'exit 1'].map(stepWith);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const issue = job.steps[stepWith('gh issue edit')]!.run!;
    expect(issue).toContain('gh issue list --label "$TRACKING_LABEL" --state open');
    expect(issue).toContain('gh issue create');
    expect(issue).toContain('--body-file reports.md');
    expect(job.steps[stepWith('exit 1')]!.if).toBe("steps.reports.outputs.exit == '1'");
  });
});
