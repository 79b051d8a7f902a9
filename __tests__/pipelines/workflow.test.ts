// The example workflow parses, and its jobs do what docs/pipelines.md says, in the order that matters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

const workflow = parse(readFileSync(join(__dirname, '..', '..', '.github', 'workflows', 'dns.yml'), 'utf8')) as { on: Record<string, unknown>; permissions: unknown; jobs: Record<string, Job> };
const runs = (job: string) => workflow.jobs[job]!.steps.map((s) => s.run ?? s.uses ?? '').join('\n');
const position = (job: string, text: string) => {
  const i = runs(job).indexOf(text);
  if (i < 0) throw new Error(`job ${job} has no step with ${JSON.stringify(text)}`);
  return i;
};

describe('.github/workflows/dns.yml', () => {
  it('runs on pull requests and on pushes to main, read-only by default', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(workflow.jobs).sort()).toEqual(['deploy', 'plan', 'review-fork', 'test']);
  });

  it('test: installs, then runs the whole suite with terraform and the provider mirror', () => {
    expect(position('test', 'npm ci')).toBeLessThan(position('test', 'npm test'));
    expect(runs('test')).toContain('hashicorp/setup-terraform');
    expect(position('test', 'providers mirror')).toBeLessThan(position('test', 'npm test'));
  });

  it('plan: same-repo PRs only, synth, plan and show -json every stack, summary posted as a comment', () => {
    const plan = workflow.jobs.plan!;
    expect(plan.if).toContain("github.event_name == 'pull_request'");
    expect(plan.if).toContain('head.repo.full_name == github.repository');
    expect(plan.needs).toBe('test');
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    const order = ['aws-actions/configure-aws-credentials', 'node dist/main.js', 'for dir in cdktf.out/stacks/*/', 'plan -input=false', 'show -json', 'node dist/cli/main.js summary', 'gh pr comment'];
    const at = order.map((text) => position('plan', text));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('review-fork: forks get the credential-free synth diff of base and head', () => {
    const fork = workflow.jobs['review-fork']!;
    expect(fork.if).toContain('head.repo.full_name != github.repository');
    expect(fork.permissions).toBeUndefined();
    expect(runs('review-fork')).toContain('summary --base base/cdktf.out --head cdktf.out');
    expect(JSON.stringify(fork)).not.toMatch(/secrets\.|id-token/);
  });

  it('deploy: main only, behind the production environment, refuses local state, cdktf deploy with auto-approve', () => {
    const deploy = workflow.jobs.deploy!;
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(deploy.environment).toBe('production');
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(position('deploy', 'configure-aws-credentials')).toBeLessThan(position('deploy', "npx cdktf deploy '*' --auto-approve"));
    expect(position('deploy', 'backend?.local')).toBeLessThan(position('deploy', 'npx cdktf deploy'));
    const deployStep = deploy.steps.find((s) => s.run?.includes('cdktf deploy'))!;
    expect(deployStep.env).toEqual({ CLOUDFLARE_API_TOKEN: '${{ secrets.CLOUDFLARE_API_TOKEN }}', TF_TOKEN_app_terraform_io: '${{ secrets.TF_API_TOKEN }}' });
  });
});
