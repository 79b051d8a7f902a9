// `apply` applies only what was reviewed (issue 15, item 1), with real terraform and the AWS provider from the mirror,
// pointed at a fake Route53 API on loopback that records every request. The two attacks of the issue, exactly:
// a plan file made from Terraform with a `local-exec` provisioner slipped into a real plans folder (manifest hashes
// rewritten), and a real plan whose plan.json hides its changes. Both are refused, the marker file is never written,
// and Route53 never hears a word. Then the honest path: the plans are verified against a fresh plan of the synth and
// applied, and the fake holds the records.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlansManifest } from '../../pipeline/plans-manifest';
import { readSynthStacks } from '../../pipeline/read-synth';
import { FakeRoute53, startFakeRoute53 } from '../helpers/fake-route53';
import { addFakeRoute53Override, emailAuth, pipelineEnv, projectDir, route53Config, synthIn } from '../helpers/pipeline';
import { cleanupTerraformDirs, describeWithTerraform, DUMMY_AWS_CREDENTIALS, scratchDir, terraform } from '../helpers/terraform';

jest.setTimeout(600_000);

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const CONFIG = route53Config(2) as { institutions: { code: string; domain: string; zoneId: string }[] };
const [A, B] = CONFIG.institutions as [{ code: string; domain: string; zoneId: string }, { code: string; domain: string; zoneId: string }];
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PlansManifest & { stacks: { planSha256?: string }[] };

describeWithTerraform('apply: only what was reviewed, checked against this commit\'s synth', () => {
  let fake: FakeRoute53;
  let project: string;
  let synth: string;
  let env: NodeJS.ProcessEnv;
  let plans: string;
  /** Copies the reviewed plans folder, for a test to tamper with. */
  const copyOfPlans = (name: string) => {
    const dir = join(project, name);
    cpSync(plans, dir, { recursive: true });
    return dir;
  };
  /** Runs `apply` and returns it with the requests the fake Route53 received meanwhile. */
  const apply = async (args: string[]) => {
    const before = fake.requests.length;
    const run = await emailAuth(['apply', '--synth', synth, '--parallel', '2', ...args], project, env);
    return { ...run, requests: fake.requests.slice(before) };
  };

  beforeAll(async () => {
    fake = await startFakeRoute53({ [A.zoneId]: A.domain, [B.zoneId]: B.domain });
    project = projectDir();
    synth = synthIn(project, CONFIG);
    for (const stack of readSynthStacks(synth)) addFakeRoute53Override(stack.dir, fake.url);
    env = { ...pipelineEnv(join(project, 'plugin-cache')), GITHUB_SHA: COMMIT };
    plans = join(project, 'plans');
    const run = await emailAuth(['plan', '--synth', synth, '--all', '--parallel', '2', '--out', plans], project, env);
    if (run.status !== 0) throw new Error(`plan failed (${run.status}):\n${run.stderr}${run.stdout}`);
  }, 600_000);

  afterAll(async () => {
    await fake?.close();
    cleanupTerraformDirs();
  });

  it('the reviewed plans create both stacks\' records, and planning them asked Route53 nothing (no state yet)', () => {
    expect(readManifest(plans).stacks.map((s) => [s.stack, s.result])).toEqual([
      [`email-auth-${A.code}`, 'changes'],
      [`email-auth-${B.code}`, 'changes'],
    ]);
    expect(fake.requests).toEqual([]);
  });

  it('attack 1: a plan file made from Terraform with a local-exec provisioner, hashes rewritten: refused before terraform runs', async () => {
    const marker = join(scratchDir('email-auth-marker-'), 'pwned');
    // The attacker's Terraform: the real stack plus a terraform_data whose provisioner writes the marker, planned in
    // another folder (as a pull request's own code could in the plan job).
    const stackDir = join(synth, 'stacks', `email-auth-${A.code}`);
    const evil = join(project, 'attacker', 'stacks', `email-auth-${A.code}`);
    mkdirSync(evil, { recursive: true });
    for (const file of ['cdk.tf.json', '.terraform.lock.hcl', 'test_offline_override.tf.json']) cpSync(join(stackDir, file), join(evil, file));
    const tf = JSON.parse(readFileSync(join(evil, 'cdk.tf.json'), 'utf8'));
    tf.resource.terraform_data = { pwn: { provisioner: [{ 'local-exec': { command: `touch ${marker}` } }] } };
    writeFileSync(join(evil, 'cdk.tf.json'), JSON.stringify(tf, null, 2));
    await terraform(['init', '-input=false', '-no-color'], evil);
    await terraform(['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.tfplan'], evil, DUMMY_AWS_CREDENTIALS);

    // Slipped into a real plans folder; the manifest's hash rewritten to match; plan.json (what the summary shows) kept.
    const tampered = copyOfPlans('tampered-1');
    const planFile = join(tampered, `email-auth-${A.code}`, 'plan.tfplan');
    cpSync(join(evil, 'plan.tfplan'), planFile);
    const manifest = readManifest(tampered);
    manifest.stacks[0]!.planSha256 = sha256(readFileSync(planFile));
    writeFileSync(join(tampered, 'manifest.json'), JSON.stringify(manifest));
    const summary = await emailAuth(['summary', '--plans', tampered], project, env);
    expect(summary.stdout).toMatch(/^## DNS changes: 8 to create, 0 to change, 0 to destroy$/m);

    const run = await apply(['--plans', tampered]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^refused: email-auth-${A.code}: its plan file's configuration is not this commit's synth \\(cdk\\.tf\\.json differs\\): the stack changed since it was planned, or the plan was made from other Terraform; re-plan`, 'm'),
    );
    expect(run.stderr).toMatch(/^nothing was applied: 1 stack refused$/m);
    // Refused before any terraform process: no "verifying" line, no apply, no marker, no request.
    expect(run.stderr).not.toMatch(/verifying|applying/);
    expect(run.stdout).toBe('');
    expect(existsSync(marker)).toBe(false);
    expect(run.requests).toEqual([]);
  });

  it('attack 1, merged: the same Terraform in this commit\'s synth is stopped by the configuration guard, naming the element', async () => {
    const marker = join(scratchDir('email-auth-marker-'), 'pwned');
    const merged = join(project, 'merged-evil.out');
    cpSync(synth, merged, { recursive: true });
    const file = join(merged, 'stacks', `email-auth-${A.code}`, 'cdk.tf.json');
    const tf = JSON.parse(readFileSync(file, 'utf8'));
    tf.resource.terraform_data = { pwn: { provisioner: [{ 'local-exec': { command: `touch ${marker}` } }] } };
    tf.data = { external: { x: { program: ['sh', '-c', `touch ${marker}`] } } };
    writeFileSync(file, JSON.stringify(tf));
    const before = fake.requests.length;
    const run = await emailAuth(['apply', '--synth', merged, '--plans', plans], project, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`refused: email-auth-${A.code}: configuration guard: cdk.tf.json: terraform_data: terraform_data exists to run provisioners`);
    expect(run.stderr).toContain(`refused: email-auth-${A.code}: configuration guard: cdk.tf.json: data.external: the external data source runs a program at plan time`);
    expect(run.stderr).toMatch(/^nothing was applied: 1 stack refused$/m);
    expect(existsSync(marker)).toBe(false);
    expect(fake.requests.length).toBe(before);
  });

  it('attack 2: the real plan file, its plan.json with resource_changes emptied: the summary shows nothing, apply refuses before any API call', async () => {
    const tampered = copyOfPlans('tampered-2');
    const json = join(tampered, `email-auth-${B.code}`, 'plan.json');
    const plan = JSON.parse(readFileSync(json, 'utf8'));
    plan.resource_changes = [];
    writeFileSync(json, JSON.stringify(plan));
    const manifest = readManifest(tampered);
    manifest.stacks[1]!.planSha256 = sha256(readFileSync(join(tampered, `email-auth-${B.code}`, 'plan.tfplan')));
    writeFileSync(join(tampered, 'manifest.json'), JSON.stringify(manifest));
    const summary = await emailAuth(['summary', '--plans', tampered], project, env);
    expect(summary.stdout).toMatch(/^## DNS changes: 4 to create, 0 to change, 0 to destroy$/m);

    const run = await apply(['--plans', tampered]);
    expect(run.status).toBe(1);
    const line = run.stderr.split('\n').find((l) => l.startsWith(`refused: email-auth-${B.code}:`));
    expect(line).toMatch(/^refused: email-auth-inst01: its plan\.json is not terraform's reading of its plan file: aws_route53_record\.email-auth_dkim-stxsel1_52C6A3AD: not in the reviewed plan \(now create\); /);
    expect(line!.match(/not in the reviewed plan \(now create\)/g)).toHaveLength(4);
    expect(run.stderr).not.toMatch(new RegExp(`refused: email-auth-${A.code}`));
    expect(run.stderr).toMatch(/^nothing was applied: 1 stack refused$/m);
    expect(run.stdout).toBe('');
    expect(run.requests).toEqual([]);
  });

  it('a plans folder that names a stack twice, or plans of two commits: refused as a whole', async () => {
    const twice = join(project, 'twice');
    mkdirSync(twice);
    cpSync(plans, join(twice, 'plans-0'), { recursive: true });
    cpSync(plans, join(twice, 'plans-1'), { recursive: true });
    const manifest = readManifest(join(twice, 'plans-1'));
    writeFileSync(join(twice, 'plans-1', 'manifest.json'), JSON.stringify({ ...manifest, commit: 'fedcba9876543210fedcba9876543210fedcba98' }));
    const run = await apply(['--plans', twice]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^refused: \*: the plans are of different commits/m);
    expect(run.stderr).toMatch(new RegExp(`^refused: email-auth-${A.code}: planned twice`, 'm'));
    expect(run.requests).toEqual([]);
  });

  it('--changed-from: a stack this commit changes with no reviewed plan is refused, saying how to re-plan', async () => {
    const base = synthIn(project, { institutions: [A, { ...B, ttl: 300 }] }, 'base.out');
    const onlyA = copyOfPlans('only-a');
    const manifest = readManifest(onlyA);
    writeFileSync(join(onlyA, 'manifest.json'), JSON.stringify({ ...manifest, stacks: manifest.stacks.slice(0, 1) }));
    const run = await apply(['--plans', onlyA, '--changed-from', base]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`refused: email-auth-${B.code}: it changed, and no reviewed plan covers it: have it planned and reviewed (re-run the pull request's run when its plans expired or were never made, or open a pull request from the current main: an empty commit will do)`);
    expect(run.requests).toEqual([]);
    // No plans at all (a fork's pull request, artifacts past retention) is the same refusal, not "nothing to apply".
    const none = scratchDir('email-auth-no-plans-');
    const empty = await apply(['--plans', none, '--changed-from', base]);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain(`refused: email-auth-${B.code}: it changed, and no reviewed plan covers it`);
    // Without --changed-from an empty folder is unreadable input; with nothing changed, nothing to do.
    expect((await apply(['--plans', none])).status).toBe(2);
    expect(await apply(['--plans', none, '--changed-from', synth])).toMatchObject({ status: 0, stdout: 'nothing to apply: no stack changed and no plan was given\n' });
  });

  it('the reviewed plans, untouched: verified against a fresh plan of this commit, applied; Route53 holds the records', async () => {
    const run = await apply(['--plans', plans, '--changed-from', join(project, 'base.out')]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^verifying 2 plans against a fresh plan of this commit, 2 at a time$/m);
    expect(run.stderr).toContain(`  email-auth-${A.code}: plan file and plan.json agree`);
    expect(run.stderr).toContain(`  email-auth-${B.code}: the reviewed changes, verified`);
    expect(run.stdout.trim().split('\n').pop()).toBe('2 applied, 0 failed, 0 stale, 0 not started');
    expect([...fake.changes].sort()).toEqual(
      [A, B].flatMap(({ code, domain }) => [`CREATE CNAME stxsel1._domainkey.${domain}.`, `CREATE CNAME stxsel2._domainkey.${domain}.`, `CREATE TXT ${domain}.`, `CREATE TXT _dmarc.${domain}.`]).sort(),
    );
    expect(fake.recordSets(A.zoneId)).toContainEqual({ name: `${A.domain}.`, type: 'TXT', ttl: 3600, values: ['"v=spf1 include:spf.secutix.com ~all"'] });
    expect(fake.recordSets(B.zoneId)).toContainEqual({ name: `stxsel2._domainkey.${B.domain}.`, type: 'CNAME', ttl: 3600, values: [`sel2-${B.code}._domainkey.dkim.secutix.com`] });
    // The plans folder is evidence only: the fresh plans live in a temporary folder, removed afterwards.
    expect(readFileSync(join(plans, `email-auth-${A.code}`, 'plan.tfplan')).length).toBeGreaterThan(0);
  });

  it('the same plans again, now that the state moved: refused as no longer what the plan of this commit does; nothing changed', async () => {
    const changes = fake.changes.length;
    const run = await apply(['--plans', plans]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^refused: email-auth-${A.code}: the plan of this commit's synth is not the reviewed plan: aws_route53_record\\.[^:]+: actions: reviewed create, now no-op; .*: re-plan`, 'm'));
    expect(run.stderr).toMatch(/^nothing was applied: 2 stacks refused$/m);
    expect(fake.changes.length).toBe(changes);
    expect(run.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
