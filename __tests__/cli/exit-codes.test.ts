// Issue 16 item 2: one exit-code table for all commands (0 ok, 1 findings, 2 no verdict: usage errors, a missing or
// invalid config or input), missing files named plainly, and --json / --junit documents written on failure too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMAND_SPECS } from '../../cli/commands';
import { runCli } from '../../cli/main';
import { ERROR_CODES } from '../../cli/spec';
import { cli } from '../helpers/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'email-auth-exit-codes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MISSING = join(dir, 'missing.yaml');
const INVALID = join(dir, 'invalid.yaml');
writeFileSync(INVALID, 'institutions:\n  - { code: a, domain: a.example.org, provider: route53, zoneId: ZA, dmarc: { policy: rejct } }\n');
const VALID = join(dir, 'valid.yaml');
writeFileSync(VALID, 'institutions:\n  - { code: a, domain: a.example.org, provider: route53, zoneId: ZA }\n');
const INVALID_LINE = 'institutions[0].dmarc.policy: expected none|quarantine|reject, got "rejct"';

/** Each command that reads the config, with the rest of a command line that would otherwise run. */
const CONFIG_READERS: readonly [string, string[], string][] = [
  ['check', [], ''],
  ['synth', [], '; nothing was written.'],
  ['verify', [], '; nothing was verified.'],
  ['reports', [join(dir, 'no-reports')], '; no report was read.'],
  ['summary', ['--changed', join(dir, 'changed.json')], '; no summary was printed.'],
];

describe('a missing config: exit 2, the file named plainly (no ENOENT), for every command that reads one', () => {
  test.each(CONFIG_READERS)('%s', async (command, rest, outcome) => {
    const run = await cli(command, '--config', MISSING, ...rest);
    expect(run).toEqual({ code: 2, out: '', err: `config file ${JSON.stringify(MISSING)} does not exist${outcome}` });
  });

  test('without --config, the message says where a config comes from', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    const run = await cli('check').finally(() => process.chdir(cwd));
    expect(run.code).toBe(2);
    expect(run.err).toBe('config file "institutions.yaml" does not exist (give --config FILE or set EMAIL_AUTH_CONFIG; `email-auth init` writes one to start from)');
  });

  test('a config named by EMAIL_AUTH_CONFIG says so', async () => {
    const err: string[] = [];
    expect(await runCli(['check'], { out: () => undefined, err: (l) => err.push(l), env: { EMAIL_AUTH_CONFIG: MISSING } })).toBe(2);
    expect(err).toEqual([`config file ${JSON.stringify(MISSING)} does not exist (named by EMAIL_AUTH_CONFIG)`]);
  });
});

describe('an invalid config: exit 2, each error, then the count in the command\'s own words', () => {
  test.each(CONFIG_READERS)('%s', async (command, rest, outcome) => {
    const run = await cli(command, '--config', INVALID, ...rest);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.split('\n')).toEqual([INVALID_LINE, `1 error in ${INVALID}${outcome || ''}`]);
  });

  test('check never says "nothing was written": it writes nothing', async () => {
    expect((await cli('check', '--config', INVALID)).err).not.toMatch(/written/);
  });
});

describe('a missing input file or folder: exit 2, named plainly', () => {
  test.each([
    [['summary', join(dir, 'plan.json')], `summary: ${join(dir, 'plan.json')} does not exist`],
    [['summary', '--plans', join(dir, 'plans')], new RegExp(`^summary: --plans ${join(dir, 'plans')}: `)],
    [['summary', '--base', join(dir, 'base'), '--head', join(dir, 'head')], `summary: --base ${join(dir, 'base')}: the synth output ${join(dir, 'base')} does not exist (run the synth first)`],
    [['changed', '--base', join(dir, 'base'), '--head', join(dir, 'head')], `changed: the synth output ${join(dir, 'base')} does not exist (run the synth first)`],
    [['reports', '--config', VALID, join(dir, 'nope.xml')], `${JSON.stringify(join(dir, 'nope.xml'))} does not exist`],
    [['verify', '--domain', 'a.example.org', '--code', 'a', '--planned', join(dir, 'out')], `--planned: the synth output ${join(dir, 'out')} does not exist (run the synth first)`],
  ])('%j', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect(run.err).not.toMatch(/\bE[A-Z]{3,}\b/);
  });
});

describe('usage errors exit 2 for every command, plan and apply included (they used to exit 1)', () => {
  test.each(COMMAND_SPECS.map((s) => [s.name]))('%s --bogus', async (name) => {
    const run = await cli(name, '--bogus');
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe('unknown option "--bogus"');
  });

  test.each([
    [['plan', '--all', '--out', 'x', '--parallel', '0'], '--parallel must be a whole number ≥ 1, got "0" (allowed: 1–64 processes)'],
    [['plan', '--out', 'x'], 'choose the stacks with one of --stacks a,b,... | --changed-from BASE_SYNTH_DIR | --all'],
    [['apply'], '--plans DIR is required: the plans folder written by `email-auth plan --out` (or a folder of them)'],
    [['lock', '--platform', 'linux'], '--platform must be OS_ARCH such as linux_amd64, got "linux"'],
    [['verify', '--timeout', '0'], '--timeout must be a whole number ≥ 1, got "0" (allowed: 1–60000 milliseconds per attempt)'],
  ])('%j', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe(message);
  });
});

describe('--json writes its document on failure too: { exitCode, error: { code, message } }', () => {
  const json = async (...args: string[]) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    return JSON.parse(run.out) as { exitCode: number; error: { code: string; message: string; problems?: unknown[] } };
  };

  test('check on an invalid config: config-invalid, with every problem', async () => {
    expect(await json('check', '--config', INVALID, '--json')).toEqual({
      exitCode: 2,
      error: { code: 'config-invalid', message: `1 error in ${INVALID}`, problems: [{ path: 'institutions[0].dmarc.policy', severity: 'error', message: 'expected none|quarantine|reject, got "rejct"' }] },
    });
  });

  test('check on a missing config: config-missing', async () => {
    expect(await json('check', '--json', '--config', MISSING)).toMatchObject({ exitCode: 2, error: { code: 'config-missing', message: `config file ${JSON.stringify(MISSING)} does not exist` } });
  });

  test('a usage error: usage (even when the parser stopped before --json)', async () => {
    expect(await json('check', '--json', '--bogus')).toEqual({ exitCode: 2, error: { code: 'usage', message: 'unknown option "--bogus"' } });
    expect(await json('verify', '--json', '--timeout', '0')).toMatchObject({ error: { code: 'usage' } });
  });

  test('verify, changed and reports: the same document', async () => {
    expect(await json('verify', '--json', '--config', MISSING)).toMatchObject({ error: { code: 'config-missing' } });
    expect(await json('changed', '--json', '--base', join(dir, 'b'), '--head', join(dir, 'h'))).toMatchObject({ error: { code: 'input-unreadable' } });
    expect(await json('reports', '--json', '--config', INVALID, dir)).toMatchObject({ error: { code: 'config-invalid' } });
  });

  test('every error code a document can carry is documented', async () => {
    const doc = await json('check', '--json', '--config', MISSING);
    expect(Object.keys(ERROR_CODES)).toContain(doc.error.code);
  });
});

describe('--junit writes its file on failure too: one <testsuite> with one <error>', () => {
  test('verify with a missing config', async () => {
    const file = join(dir, 'verify.xml');
    const run = await cli('verify', '--config', MISSING, '--junit', file);
    expect(run.code).toBe(2);
    const xml = readFileSync(file, 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain('<testsuite name="email-auth verify" tests="1" failures="0" errors="1" skipped="0">');
    expect(xml).toMatch(/<error type="config-missing" message="config file &quot;.*missing\.yaml&quot; does not exist">/);
  });

  test('a usage error, with --junit=FILE', async () => {
    const file = join(dir, 'usage.xml');
    expect((await cli('verify', `--junit=${file}`, '--retries', '99')).code).toBe(2);
    expect(readFileSync(file, 'utf8')).toContain('<error type="usage" message="--retries must be a whole number ≤ 10, got &quot;99&quot; (allowed: 0–10 retries per query)">');
  });

  test('a --junit target whose folder does not exist is named plainly', async () => {
    const file = join(dir, 'no-folder', 'v.xml');
    const run = await cli('verify', '--config', MISSING, '--junit', file);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')).toContain(`--junit ${file} cannot be written: its folder does not exist`);
  });
});
