// `plan` and `apply` with real terraform, offline: Route53 stacks synthesized by the real app (with the repository's
// lock file), the provider from the mirror, the test-only provider override beside each cdk.tf.json, dummy keys.
// Here `apply` is shown refusing, and the one stale-plan case uses a fake terraform; apply-trust.int.test.ts applies
// for real, against a fake Route53 API.
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlansManifest } from '../../pipeline/plans-manifest';
import { readSynthStacks } from '../../pipeline/read-synth';
import { addOfflineOverride, emailAuth, pipelineEnv, projectDir, route53Config, synthIn } from '../helpers/pipeline';
import { cleanupTerraformDirs, describeWithTerraform, scratchDir } from '../helpers/terraform';
import { APP_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';
import { progress } from '../helpers/progress';

jest.setTimeout(300_000);
const say = progress('plan-apply');
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const ROUTE53 = route53Config(6).institutions as { code: string; ttl?: number }[];
const CLOUDFLARE = { code: 'cf', domain: 'cf.example', provider: 'cloudflare', zoneId: '0123456789abcdef0123456789abcdef' };
const names = (codes: string[]) => codes.map((c) => `email-auth-${c}`);
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PlansManifest;
const sha256 = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

describeWithTerraform('plan and apply', () => {
  let project: string;
  let synth: string;
  let env: NodeJS.ProcessEnv;
  let plans: string;
  say.eachTest();

  beforeAll(() => {
    project = projectDir();
    synth = synthIn(project, { institutions: [...ROUTE53, CLOUDFLARE] });
    for (const stack of readSynthStacks(synth)) if (stack.name !== 'email-auth-cf') addOfflineOverride(stack.dir);
    env = { ...pipelineEnv(join(project, 'plugin-cache')), GITHUB_SHA: COMMIT };
    plans = join(project, 'plans');
  }, APP_HOOK_TIMEOUT_MS);

  it('plans 6 Route53 stacks 3 at a time: 6 saved plans, their JSON and a manifest; exit 0 (all planned)', async () => {
    const six = names(ROUTE53.map((i) => i.code));
    const run = await emailAuth(['plan', '--synth', synth, '--stacks', six.join(','), '--parallel', '3', '--out', plans], project, env);
    expect(run.stderr).toMatch(/^planning 6 stacks, 3 at a time, with terraform \d+\.\d+\.\d+; plugin cache .*plugin-cache$/m);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.slice(0, 6).map((l) => l.replace(/email-auth-inst0\d/, 'S').replace(/\([0-9.]+ s\)/, '(T)')).sort()).toEqual(
      ['[1/6] S: changes (T)', '[2/6] S: changes (T)', '[3/6] S: changes (T)', '[4/6] S: changes (T)', '[5/6] S: changes (T)', '[6/6] S: changes (T)'],
    );
    expect(lines[6]).toMatch(/^6 planned in [0-9.]+ s: 6 with changes, 0 without, 0 failed; plans in /);

    const manifest = readManifest(plans);
    expect(manifest).toMatchObject({ format: 'email-auth-plans/1', commit: COMMIT, terraformVersion: expect.stringMatching(/^1\.\d+\.\d+$/) });
    expect(manifest.stacks.map((s) => s.stack).sort()).toEqual(six);
    const digests = new Map(readSynthStacks(synth).map((s) => [s.name, s.terraform.digest]));
    for (const s of manifest.stacks) {
      expect(s).toMatchObject({ result: 'changes', planFile: `${s.stack}/plan.tfplan`, planJson: `${s.stack}/plan.json`, synthSha256: digests.get(s.stack) });
      expect(s.planSha256).toBe(sha256(join(plans, s.planFile!)));
      expect(s.seconds).toBeGreaterThan(0);
      const json = JSON.parse(readFileSync(join(plans, s.planJson!), 'utf8')) as { resource_changes: { type: string; change: { actions: string[] } }[] };
      // SPF, two DKIM CNAMEs, DMARC: created, since there is no state.
      expect(json.resource_changes.filter((c) => c.type === 'aws_route53_record').map((c) => c.change.actions)).toEqual([['create'], ['create'], ['create'], ['create']]);
      // terraform ran in the synthesized folder, with the override file beside cdk.tf.json.
      expect(existsSync(join(synth, 'stacks', s.stack, '.terraform'))).toBe(true);
    }
    // The workflow's next step: one summary from the plans folder.
    const summary = await emailAuth(['summary', '--plans', plans], project, env);
    expect(summary.status).toBe(0);
    expect(summary.stdout).toMatch(/^## DNS changes: 24 to create, 0 to change, 0 to destroy$/m);
  });

  it('apply refuses, naming the stack, when the synth output changed since the plan, and applies nothing', async () => {
    const changed = join(project, 'changed.out');
    cpSync(synth, changed, { recursive: true, verbatimSymlinks: true });
    const file = join(changed, 'stacks', 'email-auth-inst02', 'cdk.tf.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"ttl": 3600/g, '"ttl": 300'));
    const run = await emailAuth(['apply', '--plans', plans, '--synth', changed], project, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^refused: email-auth-inst02: its plan file's configuration is not this commit's synth \(cdk\.tf\.json differs\): the stack changed since it was planned, or the plan was made from other Terraform; re-plan/m);
    expect(run.stderr).toMatch(/nothing was applied: 1 stack refused/);
    expect(run.stderr).not.toMatch(/refused: email-auth-inst0[013-5]/);
    expect(run.stdout).toBe('');
  });

  it('apply refuses another stack\'s plan file, whatever the manifest says, and a plan file that is a link', async () => {
    const tampered = join(project, 'tampered-plans');
    cpSync(plans, tampered, { recursive: true });
    const other = join(tampered, 'email-auth-inst01', 'plan.tfplan');
    cpSync(join(tampered, 'email-auth-inst00', 'plan.tfplan'), other);
    const manifest = readManifest(tampered);
    writeFileSync(join(tampered, 'manifest.json'), JSON.stringify({ ...manifest, stacks: manifest.stacks.map((s) => ({ ...s, planSha256: sha256(join(tampered, s.planFile!)) })) }));
    const run = await emailAuth(['apply', '--plans', tampered, '--synth', synth], project, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^refused: email-auth-inst01: its plan file's configuration is not this commit's synth \(cdk\.tf\.json differs\)/m);
    expect(run.stdout).toBe('');
    // A plan file that is a link (to a device, or anywhere) is refused without being followed.
    rmSync(other);
    symlinkSync('/dev/zero', other);
    const device = await emailAuth(['apply', '--plans', tampered, '--synth', synth], project, env);
    expect(device.status).toBe(1);
    expect(device.stderr).toMatch(/^refused: email-auth-inst01: .*email-auth-inst01\/plan\.tfplan has a symbolic link on its path \(email-auth-inst01\/plan\.tfplan\): not followed: it is not what `email-auth plan` wrote$/m);
  });

  it('apply stops at a plan terraform rejects as stale and says to re-plan (fake terraform)', async () => {
    // The only fake terraform of the suite: real terraform rejects a saved plan as stale only when the state moved
    // between the fresh plan and its apply, a race no test can time. This one reads each plan as the reviewed plan.json
    // (so the checks pass), plans with changes, and rejects the apply as stale.
    const bin = scratchDir('email-auth-fake-tf-');
    const log = join(bin, 'calls.log');
    writeFileSync(
      join(bin, 'terraform'),
      [
        '#!/bin/sh',
        `echo "$1" >> ${JSON.stringify(log)}`,
        'case "$1" in',
        '  init) exit 0 ;;',
        `  show) cat ${JSON.stringify(plans)}/"$(basename "$PWD")"/plan.json; exit 0 ;;`,
        '  plan) for a in "$@"; do case "$a" in -out=*) : > "${a#-out=}" ;; esac; done; exit 2 ;;',
        '  apply) printf "\\nError: Saved plan is stale\\n\\nThe given plan file can no longer be applied because the state was changed by\\nanother operation after the plan was created.\\n" >&2; exit 1 ;;',
        'esac',
        'exit 3',
      ].join('\n'),
    );
    chmodSync(join(bin, 'terraform'), 0o755);
    const run = await emailAuth(['apply', '--plans', plans, '--synth', synth, '--parallel', '1'], project, { ...env, PATH: `${bin}:${process.env.PATH}` });
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\[1\/6\] email-auth-inst00: stale: re-plan \([0-9.]+ s\)$/);
    expect(lines).toContain('    Error: Saved plan is stale');
    expect(lines.filter((l) => /^\[\d\/6\] email-auth-inst0[1-5]: not started \(a plan was stale\)/.test(l))).toHaveLength(5);
    expect(lines[lines.length - 1]).toBe('0 applied, 0 failed, 1 stale, 5 not started');
    expect(run.stderr).toMatch(/terraform rejected a plan as stale .*: re-plan \(`email-auth plan`\) and review the new plan/);
    // Every check of every stack before the first apply: init and show (the reviewed plan file), then plan and show
    // (the fresh one), then one apply, stale, and no other.
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.slice(0, 12).sort()).toEqual([...Array(6).fill('init'), ...Array(6).fill('show')].sort());
    expect(calls.slice(12)).toEqual([...Array(6).fill(['plan', 'show']).flat(), 'apply']);
  });

  it('--changed-from plans only the changed and added stacks; a provider missing from the lock file fails that stack alone, saying what to do', async () => {
    const base = synthIn(project, { institutions: ROUTE53.map((i) => (i.code === 'inst01' ? { ...i, ttl: 300 } : i)) }, 'base.out');
    const out = join(project, 'pr-plans');
    const run = await emailAuth(['plan', '--synth', synth, '--changed-from', base, '--out', out], project, env);
    expect(run.status).toBe(2);
    const manifest = readManifest(out);
    expect(manifest.stacks.map((s) => [s.stack, s.result])).toEqual([
      ['email-auth-cf', 'error'],
      ['email-auth-inst01', 'changes'],
    ]);
    expect(manifest.stacks[0]!.error).toBe(
      'provider registry.terraform.io/cloudflare/cloudflare is not in the dependency lock file (.terraform.lock.hcl): run `email-auth lock` (with registry access, or --fs-mirror DIR), commit .terraform.lock.hcl and synth again',
    );
    expect(run.stdout).toMatch(/email-auth-cf: error \([0-9.]+ s\)\n {4}provider registry\.terraform\.io\/cloudflare\/cloudflare is not in the dependency lock file/);
    expect(run.stdout).not.toMatch(/panic|goroutine|\n\s+at /);
    expect(existsSync(join(out, 'email-auth-cf'))).toBe(false);
  });

  it('one stack made invalid fails alone, with terraform\'s error; the other is planned', async () => {
    const broken = join(project, 'broken.out');
    cpSync(synth, broken, { recursive: true, verbatimSymlinks: true });
    const file = join(broken, 'stacks', 'email-auth-inst05', 'cdk.tf.json');
    const tf = JSON.parse(readFileSync(file, 'utf8'));
    tf.output.broken = { value: '${aws_route53_record.nowhere.fqdn}' };
    writeFileSync(file, JSON.stringify(tf));
    const out = join(project, 'broken-plans');
    const run = await emailAuth(['plan', '--synth', broken, '--stacks', 'email-auth-inst04,email-auth-inst05', '--parallel', '2', '--out', out], project, env);
    expect(run.status).toBe(2);
    const manifest = readManifest(out);
    expect(manifest.stacks.map((s) => [s.stack, s.result])).toEqual([
      ['email-auth-inst04', 'changes'],
      ['email-auth-inst05', 'error'],
    ]);
    expect(manifest.stacks[1]!.error).toMatch(/^terraform plan failed:\n[\s\S]*Reference to undeclared resource/);
    expect(run.stdout).toMatch(/email-auth-inst05: error \([0-9.]+ s\)\n {4}terraform plan failed:\n[\s\S]* {4}Error: Reference to undeclared resource/);
    expect(existsSync(join(out, 'email-auth-inst04', 'plan.tfplan'))).toBe(true);
    expect(existsSync(join(out, 'email-auth-inst05'))).toBe(false);
    // An errored plan is never applied: apply refuses the whole set.
    const apply = await emailAuth(['apply', '--plans', out, '--synth', broken], project, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/^refused: email-auth-inst05: its plan failed, so it was not reviewed/m);
  });

  it('without a repository lock file, plan refuses each stack with the instruction (terraform is not started for it)', async () => {
    const bare = projectDir(false);
    const out = synthIn(bare, { institutions: [ROUTE53[0]] });
    expect(existsSync(join(out, 'stacks', 'email-auth-inst00', '.terraform.lock.hcl'))).toBe(false);
    const run = await emailAuth(['plan', '--synth', out, '--all', '--out', join(bare, 'plans')], bare, env);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/email-auth-inst00: error .*\n {4}provider registry\.terraform\.io\/hashicorp\/aws is not in the dependency lock file .*run `email-auth lock`/);
    expect(existsSync(join(out, 'stacks', 'email-auth-inst00', '.terraform'))).toBe(false);
  });

  it('nothing changed: an empty plans folder, exit 0', async () => {
    const out = join(project, 'empty-plans');
    mkdirSync(out);
    const run = await emailAuth(['plan', '--synth', synth, '--changed-from', synth, '--out', out], project, env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^nothing to plan: no stack changed/);
    expect(readManifest(out).stacks).toEqual([]);
    const apply = await emailAuth(['apply', '--plans', out, '--synth', synth], project, env);
    expect(apply).toMatchObject({ status: 0, stdout: 'nothing to apply: no stack changed and no plan was given\n' });
  });
});
