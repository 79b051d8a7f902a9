// `email-auth summary` as users and pipelines call it: stack names, usage errors (exit 2), bad input (exit 1), and
// always a one-line message, never a stack trace.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackNameForPlanFile } from '../../summary/read-plan';
import { fixture, runSummary } from './run-summary';

const MOSA = fixture('plans', 'review', 'email-auth-mosa.json');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'email-auth-summary-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('stack names', () => {
  it('come from the file name, or from the folder when the file name is generic or the folder is a stack', () => {
    expect(stackNameForPlanFile('plans/email-auth-mosa.json')).toBe('email-auth-mosa');
    expect(stackNameForPlanFile('plans/email-auth-mosa.plan.json')).toBe('email-auth-mosa');
    expect(stackNameForPlanFile('cdktf.out/stacks/email-auth-mosa/plan.json')).toBe('email-auth-mosa');
    expect(stackNameForPlanFile('cdktf.out/stacks/email-auth-mosa/tfplan.json')).toBe('email-auth-mosa');
    file('stacks/email-auth-x/cdk.tf.json', '{}');
    expect(stackNameForPlanFile(join(dir, 'stacks/email-auth-x/review.json'))).toBe('email-auth-x');
  });

  it('can be given with --stack NAME=file', async () => {
    const { code, out } = await runSummary(['--stack', `prod-mosa=${MOSA}`]);
    expect(code).toBe(0);
    expect(out).toContain('### `prod-mosa`: 1 to create, 2 to change, 0 to destroy');
  });

  it('must be unique', async () => {
    const copy = file('other/email-auth-mosa.json', '');
    copyFileSync(MOSA, copy);
    const { code, err } = await runSummary([MOSA, copy]);
    expect(code).toBe(2);
    expect(err).toBe(`summary: ${MOSA} and ${copy} are both stack "email-auth-mosa": name them with --stack NAME=file, or give each plans folder once`);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [[], 'no plan given: pass the `terraform show -json` output of each stack'],
    [['--base', 'a'], '--base and --head go together: the synth output (cdktf.out) of the base branch and of the PR branch'],
    [['--base', 'a', '--head', 'b', 'plan.json'], 'give either plans or --base and --head, not both'],
    [['--stack', 'mosa'], '--stack expects NAME=plan.json, got "mosa"'],
    [['--stack', '=x.json'], '--stack expects NAME=plan.json, got "=x.json"'],
    [['--verbose'], 'unknown option "--verbose"'],
  ])('%j', async (args, message) => {
    const { code, out, err } = await runSummary(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toContain(message);
    expect(err).toContain('usage: email-auth summary [--config FILE] [--full FILE] [--max-chars N] [--fail-on-risk]');
  });
});

describe('bad input exits 2 (no verdict) with one line', () => {
  it.each([
    ['a missing file', () => join(dir, 'missing.json'), (p: string) => `summary: ${p} does not exist`],
    ['a folder', () => dir, (p: string) => `summary: ${p} is a folder (give the plan JSON file)`],
    ['text that is not JSON', () => file('broken.json', '{"format_version": '), (p: string) => expect.stringMatching(new RegExp(`^summary: ${p} is not JSON \\(.+\\): expected the output of \`terraform show -json <planfile>\`$`))],
    ['JSON that is not a plan', () => file('other.json', '{"hello": 1}'), (p: string) => `summary: ${p} is not a Terraform plan (no format_version and resource_changes): expected the output of \`terraform show -json <planfile>\``],
    ['a binary plan file', () => file('plan.tfplan', Buffer.from('PK\x03\x04rest', 'latin1')), (p: string) => `summary: ${p} is a binary plan file: convert it with \`terraform show -json plan.tfplan > plan.json\``],
    ['a synthesized stack', () => fixture('synth', 'base', 'stacks', 'email-auth-mosa', 'cdk.tf.json'), (p: string) => expect.stringMatching(new RegExp(`^summary: ${p} is Terraform configuration`))],
  ])('%s', async (_, make, message) => {
    const path = make();
    const { code, out, err } = await runSummary([path]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([message(path)]);
  });

  it('a --base folder without synthesized stacks', async () => {
    const empty = join(dir, 'empty-out');
    mkdirSync(empty);
    const { code, err } = await runSummary(['--base', empty, '--head', fixture('synth', 'head')]);
    expect(code).toBe(2);
    expect(err).toBe(`summary: --base ${empty}: no synthesized stacks in ${empty}: manifest.json is missing (run the synth first)`);
  });
});

describe('--config: the platform include of each stack comes from its sender profile', () => {
  const FILMFEST = fixture('plans', 'review', 'email-auth-filmfest.json');
  const dropped = '`email-auth-filmfest` `TXT` `filmfest-beispiel.ch`: SPF drops the platform\'s `include:spf.secutix.com`';

  it('without a config, the SecuTix include is expected everywhere', async () => {
    const { code, out } = await runSummary([FILMFEST]);
    expect(code).toBe(0);
    expect(out).toContain(dropped);
  });

  it('with the config, a stack whose profile names another platform is judged by that include', async () => {
    const { code, out } = await runSummary(['--config', fixture('configs', 'head.yaml'), FILMFEST]);
    expect(code).toBe(0);
    expect(out).not.toContain(dropped);
    expect(out).toContain('DKIM target of selector `stxsel1` changes'); // the other rules still apply
  });

  it('an invalid config is reported and nothing is summarized (exit 2)', async () => {
    const { code, out, err } = await runSummary(['--config', file('bad.yaml', 'institutions: []\n'), FILMFEST]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('institutions: list at least one institution');
  });
});
