// Hostile input to the pipeline commands: synth manifests and plans manifests that point outside their folder, huge
// files, devices, non-JSON, deep nesting, control characters. Each is a one-line error naming the file, never a
// stack trace, and nothing is planned or applied.
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlannedStack, plansManifest, readPlansManifest, writePlansManifest } from '../../pipeline/plans-manifest';
import { PipelineInputError, readSynthStacks } from '../../pipeline/read-synth';
import { CliRun, emailAuth } from '../helpers/pipeline';
import { cleanupTerraformDirs, scratchDir } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);
// The CLI cases start node processes (about half a second each).
jest.setTimeout(60_000);

const HASH = `sha256:${'a'.repeat(64)}`;
const entry = (stack: string, extra: object = {}) =>
  ({ stack, synthSha256: HASH, result: 'changes', planSha256: HASH, planFile: `${stack}/plan.tfplan`, planJson: `${stack}/plan.json`, seconds: 1, ...extra }) as PlannedStack;

/** A synth output folder with one stack and the given manifest text (or object). */
function synthOutput(manifest: string | object, stackJson: string = '{"resource":{}}'): string {
  const dir = scratchDir('email-auth-hostile-synth-');
  mkdirSync(join(dir, 'stacks', 'email-auth-a'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'email-auth-a', 'cdk.tf.json'), stackJson);
  writeFileSync(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
}
const stackEntry = (name: string, rel = `stacks/${name}`) => ({ stacks: { [name]: { synthesizedStackPath: `${rel}/cdk.tf.json`, workingDirectory: rel } } });

/** A plans folder with the given manifest text (or object). */
function plansFolder(manifest: string | object): string {
  const dir = scratchDir('email-auth-hostile-plans-');
  writeFileSync(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
}

function expectCleanFailure(run: CliRun, status: number, message: RegExp): void {
  expect(run.status).toBe(status);
  expect(run.stderr).toMatch(message);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .*\(|TypeError|RangeError|SyntaxError: Unexpected/);
}

describe('synth outputs (read by changed, plan and apply)', () => {
  it.each([
    ['a stack folder outside the output', stackEntry('email-auth-a', '../../etc'), /points outside the output folder/],
    ['an absolute path', stackEntry('email-auth-a', '/etc'), /points outside the output folder/],
    ['a stack name that is a path', stackEntry('../x', 'stacks/email-auth-a'), /"\.\.\/x" is not a stack name/],
    ['a stack name with a newline', stackEntry('a\nb', 'stacks/email-auth-a'), /"a\\nb" is not a stack name/],
    ['a Terraform file outside its working folder', { stacks: { 'email-auth-a': { synthesizedStackPath: 'stacks/email-auth-a/cdk.tf.json', workingDirectory: 'stacks' } } }, /Terraform file is not in its working folder/],
    ['non-JSON', 'not json', /manifest\.json is not a cdktf manifest/],
    ['no stacks map', '{"stacks":[]}', /has no "stacks" map/],
  ])('refuses a manifest with %s', (_what, manifest, message) => {
    expect(() => readSynthStacks(synthOutput(manifest))).toThrow(PipelineInputError);
    expect(() => readSynthStacks(synthOutput(manifest))).toThrow(message);
  });

  it.each([
    ['non-JSON', 'nope{', /cdk\.tf\.json is not JSON/],
    ['a list', '[]', /must hold an object/],
    ['nesting 100,000 deep', `{"locals":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, /nested more than 64 levels deep/],
  ])('refuses a cdk.tf.json that is %s', (_what, text, message) => {
    expect(() => readSynthStacks(synthOutput(stackEntry('email-auth-a'), text))).toThrow(message);
  });

  it('refuses a cdk.tf.json over 64 MiB without reading it, and a device', () => {
    const dir = synthOutput(stackEntry('email-auth-a'));
    truncateSync(join(dir, 'stacks', 'email-auth-a', 'cdk.tf.json'), 65 * 1024 * 1024);
    expect(() => readSynthStacks(dir)).toThrow(/has 68157440 bytes, more than the 67108864 allowed/);
    const device = synthOutput({ stacks: { 'email-auth-a': { synthesizedStackPath: 'stacks/email-auth-a/cdk.tf.json', workingDirectory: 'stacks/email-auth-a' } } });
    rmSync(join(device, 'stacks', 'email-auth-a', 'cdk.tf.json'));
    require('node:fs').symlinkSync('/dev/zero', join(device, 'stacks', 'email-auth-a', 'cdk.tf.json'));
    expect(() => readSynthStacks(device)).toThrow(/is not a regular file/);
  });

  it('refuses a stack lock file over 1 MiB', () => {
    const dir = synthOutput(stackEntry('email-auth-a'));
    writeFileSync(join(dir, 'stacks', 'email-auth-a', '.terraform.lock.hcl'), '');
    truncateSync(join(dir, 'stacks', 'email-auth-a', '.terraform.lock.hcl'), 2 * 1024 * 1024);
    expect(() => readSynthStacks(dir)).toThrow(/\.terraform\.lock\.hcl has 2097152 bytes, more than the 1048576 allowed/);
  });

  it('changed, plan and apply exit with the reason, no stack trace', async () => {
    const bad = synthOutput(stackEntry('email-auth-a', '../..'));
    const good = synthOutput(stackEntry('email-auth-a'));
    const cwd = scratchDir();
    expectCleanFailure(await emailAuth(['changed', '--base', good, '--head', bad], cwd), 2, /^changed: .*points outside the output folder/);
    expectCleanFailure(await emailAuth(['plan', '--synth', bad, '--all', '--out', join(cwd, 'plans')], cwd), 2, /^plan: .*points outside the output folder/);
    const plans = plansFolder(plansManifest(null, null, [entry('email-auth-a')]));
    expectCleanFailure(await emailAuth(['apply', '--plans', plans, '--synth', bad], cwd), 2, /^apply: .*points outside the output folder/);
  });
});

describe('plans manifests (read by apply)', () => {
  const good = plansManifest('0123456789abcdef0123456789abcdef01234567', '1.11.4', [entry('email-auth-a'), entry('email-auth-b', { result: 'error', error: 'boom', planSha256: undefined, planFile: undefined, planJson: undefined })]);

  it('reads back what plan writes', () => {
    const dir = scratchDir();
    writePlansManifest(dir, good);
    expect(readPlansManifest(dir)).toEqual(JSON.parse(JSON.stringify(good)));
  });

  it.each([
    ['a plan file outside the folder', { ...good, stacks: [entry('email-auth-a', { planFile: '../../etc/passwd' })] }, /stacks\[0\]\.planFile points outside the plans folder \("\.\.\/\.\.\/etc\/passwd"\)/],
    ['an absolute plan file', { ...good, stacks: [entry('email-auth-a', { planJson: '/etc/passwd' })] }, /stacks\[0\]\.planJson points outside the plans folder/],
    ['a stack name that is a path', { ...good, stacks: [entry('../x')] }, /stacks\[0\]\.stack must be a stack name/],
    ['a stack listed twice', { ...good, stacks: [entry('email-auth-a'), entry('email-auth-a')] }, /stack email-auth-a is listed twice/],
    ['a hash that is not one', { ...good, stacks: [entry('email-auth-a', { planSha256: 'md5:x' })] }, /planSha256 must be "sha256:" and 64 hex digits/],
    ['an unknown result', { ...good, stacks: [entry('email-auth-a', { result: 'applied' })] }, /result must be changes, no-changes or error/],
    ['a commit that is not one', { ...good, commit: '$(rm -rf /)' }, /"commit" must be a commit hash or null/],
    ['another format', { ...good, format: 'other/1' }, /not a plans manifest/],
    ['a list', '[]', /not a plans manifest/],
    ['non-JSON', '{"format":', /manifest\.json is not JSON/],
    ['__proto__ as the stacks', '{"format":"email-auth-plans/1","commit":null,"terraformVersion":null,"stacks":{"__proto__":[]}}', /"stacks" must be a list/],
  ])('refuses %s', (_what, manifest, message) => {
    expect(() => readPlansManifest(plansFolder(manifest))).toThrow(PipelineInputError);
    expect(() => readPlansManifest(plansFolder(manifest))).toThrow(message);
  });

  it('refuses a manifest over 16 MiB without reading it, and a missing one', () => {
    const dir = plansFolder('');
    truncateSync(join(dir, 'manifest.json'), 17 * 1024 * 1024);
    expect(() => readPlansManifest(dir)).toThrow(/has 17825792 bytes, more than the 16777216 allowed/);
    expect(() => readPlansManifest(scratchDir())).toThrow(/is not a plans folder: manifest\.json is missing/);
  });

  it('apply refuses it with the reason (exit 2: unreadable), applies nothing, no stack trace, no content quoted', async () => {
    const cwd = scratchDir();
    const synth = synthOutput(stackEntry('email-auth-a'));
    const outside = plansFolder({ ...good, stacks: [entry('email-auth-a', { planFile: '../outside.tfplan' })] });
    expectCleanFailure(await emailAuth(['apply', '--plans', outside, '--synth', synth], cwd), 2, /^apply: .*planFile points outside the plans folder/);
    const red = await emailAuth(['apply', '--plans', plansFolder('\u001b[31mred'), '--synth', synth], cwd);
    expectCleanFailure(red, 2, /^apply: .*manifest\.json is not JSON: syntax error at line 1, column 1$/m);
    expect(red.stderr).not.toMatch(/red/);
    expectCleanFailure(await emailAuth(['apply', '--plans', scratchDir(), '--synth', synth], cwd), 2, /holds no plans/);
  });

  it('a manifest that is a link, or a plans folder among others that is a link, is refused, not followed', async () => {
    const cwd = scratchDir();
    const synth = synthOutput(stackEntry('email-auth-a'));
    const real = plansFolder(good);
    const linked = scratchDir();
    symlinkSync(join(real, 'manifest.json'), join(linked, 'manifest.json'));
    expectCleanFailure(await emailAuth(['apply', '--plans', linked, '--synth', synth], cwd), 2, /^apply: .*manifest\.json has a symbolic link on its path \(manifest\.json\): not followed$/m);
    const parent = scratchDir();
    symlinkSync(real, join(parent, 'plans-0'));
    expectCleanFailure(await emailAuth(['apply', '--plans', parent, '--synth', synth], cwd), 2, /^apply: .* holds symbolic links \("plans-0"\): plans folders are not followed through links$/m);
  });
});

describe('usage errors of plan and apply exit 2, as every command\'s (issue 16: one exit-code table)', () => {
  it.each([
    [['plan', '--all'], /--out DIR is required/],
    [['plan', '--all', '--stacks', 'a', '--out', 'x'], /choose the stacks with one of/],
    [['plan', '--all', '--out', 'x', '--parallel', '0'], /--parallel must be a whole number ≥ 1, got "0" \(allowed: 1–64 processes\)/],
    [['apply'], /--plans DIR is required/],
    [['apply', '--plans', 'x', '--bogus'], /unknown option "--bogus"/],
  ])('%j', async (args, message) => {
    expectCleanFailure(await emailAuth(args, scratchDir()), 2, message);
  });

  it('changed keeps 2 for usage errors', async () => {
    expectCleanFailure(await emailAuth(['changed', '--base', 'x'], scratchDir()), 2, /--base and --head are both required/);
  });

  it('plan refuses an --out folder that holds something else', async () => {
    const cwd = scratchDir();
    const synth = synthOutput(stackEntry('email-auth-a'));
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'keep.txt'), 'mine');
    expectCleanFailure(await emailAuth(['plan', '--synth', synth, '--all', '--out', join(cwd, 'out')], cwd), 2, /is not empty and is not a plans folder/);
    expectCleanFailure(await emailAuth(['plan', '--synth', synth, '--stacks', 'email-auth-zzz', '--out', join(cwd, 'o2')], cwd), 2, /not in the synth output .*"email-auth-zzz"/);
  });
});
