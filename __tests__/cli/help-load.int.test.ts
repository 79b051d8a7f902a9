// `--help` is answered from the command tables alone: it loads no command module and none of their dependencies
// (cdktf, the provider bindings, the DNS checker, the IMAP client, the YAML and XML parsers), so it stays instant.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { COMMAND_SPECS } from '../../cli/commands';
import { REPO_ROOT } from '../helpers/run-app';

const HEAVY = /node_modules\/(cdktf|constructs|@cdktf\/provider-[a-z]+|mailauth|imapflow|fast-xml-parser|js-yaml|zod|mailparser|fflate|tldts)\//;

test('every command\'s --help, and the overview, load only the light CLI modules', () => {
  const script = `
    const { runCli } = require(${JSON.stringify(join(REPO_ROOT, 'dist', 'cli', 'main.js'))});
    const io = { out: () => {}, err: () => {}, env: {} };
    (async () => {
      for (const name of ${JSON.stringify(COMMAND_SPECS.map((s) => s.name))}) if (await runCli([name, '--help'], io) !== 0) throw new Error(name);
      await runCli(['--help'], io);
      await runCli(['chek'], io);
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));
    })();`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const loaded = JSON.parse(run.stdout) as string[];
  expect(loaded.filter((f) => HEAVY.test(f))).toEqual([]);
  const commandModules = COMMAND_SPECS.map((s) => join(REPO_ROOT, 'dist', 'cli', `${s.name}.js`));
  expect(loaded.filter((f) => commandModules.includes(f))).toEqual([]);
});

test('running a command loads its own table only, and neither help nor the JUnit writer', () => {
  const script = `
    const { runCli } = require(${JSON.stringify(join(REPO_ROOT, 'dist', 'cli', 'main.js'))});
    const io = { out: () => {}, err: () => {}, env: {} };
    runCli(['check', '--config', ${JSON.stringify(join(REPO_ROOT, 'institutions.yaml'))}], io).then(() => process.stdout.write(JSON.stringify(Object.keys(require.cache))));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const loaded = (JSON.parse(run.stdout) as string[]).map((f) => f.slice(join(REPO_ROOT, 'dist').length + 1));
  expect(loaded.filter((f) => f.startsWith('cli/commands/'))).toEqual(['cli/commands/by-name.js', 'cli/commands/check.js', 'cli/commands/options.js']);
  expect(loaded).not.toContain('cli/help.js');
  expect(loaded).not.toContain('verify/junit.js');
});
