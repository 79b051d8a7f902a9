// `summary --plans DIR`: the plans folders `email-auth plan --out DIR` writes (one per matrix job in the workflow), read
// through their manifest; a stack whose plan failed is listed under "Needs attention" with terraform's error.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plansManifest, writePlansManifest } from '../../pipeline/plans-manifest';
import { fixture, runSummary } from './run-summary';

const root = mkdtempSync(join(tmpdir(), 'email-auth-plans-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A plans folder as `plan --out` writes it: stacks with a copied plan.json, or failed with an error text. */
function plansFolder(name: string, stacks: { stack: string; from?: string; error?: string }[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const planned = stacks.map(({ stack, from, error }) => {
    if (error !== undefined || from === undefined) return { stack, synthSha256: `sha256:${'0'.repeat(64)}`, result: 'error' as const, error: error ?? '', seconds: 1 };
    mkdirSync(join(dir, stack));
    cpSync(from, join(dir, stack, 'plan.json'));
    writeFileSync(join(dir, stack, 'plan.tfplan'), 'binary');
    return { stack, synthSha256: `sha256:${'0'.repeat(64)}`, result: 'changes' as const, planSha256: `sha256:${'1'.repeat(64)}`, planFile: `${stack}/plan.tfplan`, planJson: `${stack}/plan.json`, seconds: 5 };
  });
  writePlansManifest(dir, plansManifest('abc1234', '1.11.4', planned));
  return dir;
}

const review = (stack: string) => fixture('plans', 'review', `${stack}.json`);

test('two folders (two matrix jobs): every planned stack is summarized, as from the plan files themselves', async () => {
  const a = plansFolder('job-0', [{ stack: 'email-auth-mosa', from: review('email-auth-mosa') }]);
  const b = plansFolder('job-1', [
    { stack: 'email-auth-kunsthaus', from: review('email-auth-kunsthaus') },
    { stack: 'email-auth-filmfest', from: review('email-auth-filmfest') },
  ]);
  const fromFolders = await runSummary(['--plans', a, '--plans', b]);
  const fromFiles = await runSummary([review('email-auth-mosa'), review('email-auth-kunsthaus'), review('email-auth-filmfest')]);
  expect(fromFolders.code).toBe(0);
  expect(fromFolders.out).toBe(fromFiles.out);
});

test('a stack whose plan failed is in "Needs attention" with the first line of the error, as a code span', async () => {
  const dir = plansFolder('failed', [
    { stack: 'email-auth-mosa', from: review('email-auth-mosa') },
    { stack: 'email-auth-broken', error: '\nError: Invalid provider configuration <b>@team</b>\n\n  with provider["registry.terraform.io/hashicorp/aws"]' },
  ]);
  const { code, out } = await runSummary(['--plans', dir]);
  expect(code).toBe(0);
  expect(out).toContain('- `email-auth-broken`: the plan failed, so this summary cannot show its changes: `Error: Invalid provider configuration <b>@team</b>`');
});

test('a stack in two folders, or a folder that is not a plans folder, is refused in one line', async () => {
  const a = plansFolder('dup-a', [{ stack: 'email-auth-mosa', from: review('email-auth-mosa') }]);
  const b = plansFolder('dup-b', [{ stack: 'email-auth-mosa', from: review('email-auth-mosa') }]);
  expect(await runSummary(['--plans', a, '--plans', b])).toMatchObject({ code: 2, err: `summary: ${a} and ${b} are both stack "email-auth-mosa": name them with --stack NAME=file, or give each plans folder once` });
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const run = await runSummary(['--plans', empty]);
  expect(run.code).toBe(2);
  expect(run.err).toMatch(new RegExp(`^summary: --plans ${empty}: ${empty} is not a plans folder: manifest.json is missing`));
});

describe('a plans folder is a CI artifact: nothing in it is followed out of it, nothing that fails to parse is echoed', () => {
  const secret = join(root, 'secret.txt');
  beforeAll(() => writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n'));

  test('a plan.json that is a symbolic link (to a file outside) is refused, its content never printed', async () => {
    const dir = plansFolder('linked-plan', [{ stack: 'email-auth-mosa', from: review('email-auth-mosa') }]);
    rmSync(join(dir, 'email-auth-mosa', 'plan.json'));
    symlinkSync(secret, join(dir, 'email-auth-mosa', 'plan.json'));
    const run = await runSummary(['--plans', dir]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`summary: --plans ${dir}: ${join(dir, 'email-auth-mosa', 'plan.json')} has a symbolic link on its path (email-auth-mosa/plan.json): not followed`);
    expect(`${run.out}${run.err}`).not.toContain('root:x');
  });

  test('a stack folder that is a link, and a manifest that is a link, are refused alike', async () => {
    const dir = plansFolder('linked-folder', [{ stack: 'email-auth-mosa', from: review('email-auth-mosa') }]);
    const elsewhere = join(root, 'elsewhere');
    cpSync(join(dir, 'email-auth-mosa'), elsewhere, { recursive: true });
    rmSync(join(dir, 'email-auth-mosa'), { recursive: true });
    symlinkSync(elsewhere, join(dir, 'email-auth-mosa'));
    expect((await runSummary(['--plans', dir])).err).toMatch(/has a symbolic link on its path \(email-auth-mosa\): not followed$/);
    const manifestLink = join(root, 'linked-manifest');
    mkdirSync(manifestLink);
    symlinkSync(join(dir, 'manifest.json'), join(manifestLink, 'manifest.json'));
    expect((await runSummary(['--plans', manifestLink])).err).toMatch(/manifest\.json has a symbolic link on its path \(manifest\.json\): not followed$/);
  });

  test('a plan.json that is not JSON is named with the position, not quoted', async () => {
    const dir = plansFolder('not-json', [{ stack: 'email-auth-mosa', from: secret }]);
    const run = await runSummary(['--plans', dir]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `summary: ${join(dir, 'email-auth-mosa', 'plan.json')} is not JSON (syntax error at line 1, column 1): expected the output of \`terraform show -json <planfile>\``,
    );
  });
});
