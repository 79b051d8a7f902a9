// `--fs-mirror DIR` of plan and apply: the terraform CLI configuration handed over through TF_CLI_CONFIG_FILE, as data.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, Io } from '../../cli/command';
import { withFsMirror } from '../../cli/pipeline-options';
import { mirrorCliConfig } from '../../pipeline/mirror-config';

const dir = mkdtempSync(join(tmpdir(), 'email-auth-fs-mirror-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = (env: NodeJS.ProcessEnv = {}, err: string[] = []): Io => ({ out: () => undefined, err: (l) => err.push(l), env });

test('the configuration has one installation method, the mirror; any path is a JSON string, never syntax', () => {
  for (const path of ['/opt/tf-plugins', '/a/${x}/%{y}/"q"\\/\n']) {
    expect(JSON.parse(mirrorCliConfig(path))).toEqual({ provider_installation: [{ filesystem_mirror: [{ path }] }] });
  }
});

test('the command runs with TF_CLI_CONFIG_FILE naming that configuration, removed afterwards; the rest of the environment kept', async () => {
  const mirror = join(dir, 'mirror');
  mkdirSync(mirror);
  const err: string[] = [];
  let file = '';
  const text = await withFsMirror(mirror, io({ KEEP: 'yes', TF_CLI_CONFIG_FILE: '/home/me/.terraformrc' }, err), async (inner) => {
    expect(inner.env.KEEP).toBe('yes');
    file = inner.env.TF_CLI_CONFIG_FILE!;
    return readFileSync(file, 'utf8');
  });
  expect(JSON.parse(text)).toEqual({ provider_installation: [{ filesystem_mirror: [{ path: mirror }] }] });
  expect(existsSync(file)).toBe(false);
  // The caller's own configuration is not used for this run: said once, on stderr.
  expect(err).toEqual([`--fs-mirror: terraform uses a CLI configuration with only the mirror ${mirror}, not $TF_CLI_CONFIG_FILE (/home/me/.terraformrc)`]);
});

test('the configuration is removed when the command fails too', async () => {
  let file = '';
  await expect(withFsMirror(dir, io(), async (inner) => {
    file = inner.env.TF_CLI_CONFIG_FILE!;
    throw new Error('boom');
  })).rejects.toThrow('boom');
  expect(existsSync(file)).toBe(false);
});

test('without --fs-mirror, the environment is passed on untouched', async () => {
  const env = { TF_CLI_CONFIG_FILE: '/x' };
  expect(await withFsMirror(undefined, io(env), async (inner) => inner.env)).toBe(env);
});

test.each([
  ['a folder that does not exist', () => join(dir, 'nope'), 'does not exist'],
  ['a file', () => (writeFileSync(join(dir, 'file'), ''), join(dir, 'file')), 'is not a folder (give the folder `terraform providers mirror` wrote)'],
])('%s is refused (exit 2), named plainly', async (_what, make, why) => {
  const path = make();
  const refused = withFsMirror(path, io(), async () => 'ran');
  await expect(refused).rejects.toThrow(CliError);
  await expect(refused).rejects.toMatchObject({ code: 'input-unreadable', exitCode: 2, message: `--fs-mirror ${path} ${why}` });
});
