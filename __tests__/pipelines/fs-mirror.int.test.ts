// Issue 16 item 3: `plan --fs-mirror DIR` plans against a provider mirror with no hand-written terraform CLI config,
// and without credentials it stops at terraform's error with the hint saying what to set. Real terraform, the
// provider mirror of this machine (reached through a folder whose name holds `${`, `%{` and a quote: it is data).
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlansManifest } from '../../pipeline/plans-manifest';
import { readSynthStacks } from '../../pipeline/read-synth';
import { emailAuth, projectDir, route53Config, synthIn } from '../helpers/pipeline';
import { cleanupTerraformDirs, describeWithTerraform, DUMMY_AWS_CREDENTIALS, mirrorDir, OFFLINE_AWS_OVERRIDE, scratchDir } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(300_000);
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PlansManifest;

describeWithTerraform('plan --fs-mirror', () => {
  let project: string;
  let mirror: string;
  /** No CLI config of the caller's, no AWS settings of this machine: what a fresh runner has. */
  let bare: NodeJS.ProcessEnv;

  beforeAll(() => {
    project = projectDir();
    mirror = join(scratchDir('email-auth-mirror-link-'), 'mirror ${x} %{y} "q"');
    symlinkSync(mirrorDir(), mirror);
    const home = scratchDir('email-auth-home-');
    bare = { TF_CLI_CONFIG_FILE: '', HOME: home, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_EC2_METADATA_DISABLED: 'true' };
  });

  it('plans from the mirror alone (no TF_CLI_CONFIG_FILE written by hand); a stack without credentials gets the hint', async () => {
    // Two stacks in one run (terraform's plans take most of this suite's time): one with the test-only offline
    // provider override and dummy keys beside it, one with nothing at all, as on a runner without credentials.
    const synth = synthIn(project, route53Config(2, 'mir'), 'mirrored.out');
    // Dummy keys in that stack's override, not in the environment, which the other stack shares.
    const offline = { provider: { aws: [{ ...OFFLINE_AWS_OVERRIDE.provider.aws[0], access_key: DUMMY_AWS_CREDENTIALS.AWS_ACCESS_KEY_ID, secret_key: DUMMY_AWS_CREDENTIALS.AWS_SECRET_ACCESS_KEY }] } };
    writeFileSync(join(readSynthStacks(synth).find((s) => s.name === 'email-auth-mir00')!.dir, 'test_offline_override.tf.json'), JSON.stringify(offline));
    const out = join(project, 'plans');
    const run = await emailAuth(['plan', '--synth', synth, '--all', '--out', out, '--parallel', '2', '--fs-mirror', mirror], project, { ...bare, TF_PLUGIN_CACHE_DIR: join(project, 'cache') });
    expect(run.stderr).not.toMatch(/CLI configuration|Failed to query available provider packages/);
    expect(run.stdout).toMatch(/^2 planned in [0-9.]+ s: 1 with changes, 0 without, 1 failed; plans in /m);
    expect(readManifest(out).stacks.map((s) => [s.stack, s.result]).sort()).toEqual([
      ['email-auth-mir00', 'changes'],
      ['email-auth-mir01', 'error'],
    ]);
    expect(run.stdout).toMatch(/email-auth-mir01: error \([0-9.]+ s\)\n {4}terraform plan failed:\n[\s\S]* {4}Error: No valid credential sources found/);
    expect(run.stdout).toMatch(/^ {2}hint: AWS credentials are missing\. Locally, set AWS_PROFILE .* aws\.profile .* AWS_PLAN_ROLE_ARN /m);
  });

  it.each([['plan', '--all', '--out', 'p'], ['apply', '--plans', 'p']])('%s --fs-mirror with a folder that does not exist: exit 2, named plainly', async (...args) => {
    const missing = join(project, 'no-mirror');
    const run = await emailAuth([...args, '--fs-mirror', missing], project, bare);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`--fs-mirror ${missing} does not exist\n`);
  });
});

describeWithTerraform('lock without a reachable registry', () => {
  it('suggests --fs-mirror once, after terraform\'s errors, and writes nothing', async () => {
    const project = projectDir(false);
    // A proxy that refuses every connection: the registry is unreachable wherever this runs.
    const run = await emailAuth(['lock'], project, { HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', TF_CLI_CONFIG_FILE: '' });
    expect(run.status).toBe(2); // no verdict: nothing could be locked
    expect(run.stdout).toMatch(/^FAILED {2}registry\.terraform\.io\/hashicorp\/aws: not locked$/m);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('hint: '))).toEqual([
      'hint: the provider registry cannot be reached from here. Lock from a provider mirror instead: email-auth lock --fs-mirror DIR (a folder laid out by `terraform providers mirror DIR`).',
    ]);
    expect(run.stderr).toContain('nothing was written: no provider could be locked');
  });
});
