// Issue 16 item 2: every command answers --help, -h and `help <command>` with its usage, every option with its
// description and default, the exit codes and an example, on stdout, exit 0; typos get "did you mean".
import { COMMAND_SPECS } from '../../cli/commands';
import { optionDescription, optionSynopsis } from '../../cli/help';
import { CommandSpec, EXIT_MEANINGS } from '../../cli/spec';
import { cli } from '../helpers/run-cli';

const NODE_HINT = /place it at the end of the command after '--'|Unknown option '/;

describe.each(COMMAND_SPECS.map((spec) => [spec.name, spec as CommandSpec] as const))('email-auth %s --help', (name, spec) => {
  test('--help, -h and `help <command>` print the same help on stdout and exit 0', async () => {
    const runs = await Promise.all([cli(name, '--help'), cli(name, '-h'), cli('help', name), cli(name, '--config', 'x.yaml', '--help')]);
    for (const run of runs) expect(run).toEqual({ code: 0, out: runs[0]!.out, err: '' });
  });

  test('the help has the usage line, every option with its description and default, the exit codes and an example', async () => {
    const lines = (await cli(name, '--help')).out.split('\n');
    expect(lines[0]).toBe(`usage: email-auth ${spec.usage}`);
    for (const [option, declared] of Object.entries(spec.options)) {
      const line = lines.find((l) => l.trimStart().startsWith(`${optionSynopsis(option, declared)} `) || l.trim() === optionSynopsis(option, declared));
      expect(line).toBeDefined();
      const text = lines.slice(lines.indexOf(line!), lines.indexOf(line!) + 2).join(' ');
      expect(text).toContain(optionDescription(declared));
      if (declared.type !== 'boolean') expect(text).toMatch(/\(default: [^)]+/);
    }
    expect(lines.filter((l) => /^ {2}-h, --help +print this help and exit 0$/.test(l))).toHaveLength(1);
    const exits = lines.slice(lines.indexOf('exit codes:') + 1, lines.indexOf('exit codes:') + 4).filter((l) => /^ {2}[012] {2}/.test(l));
    expect(exits.map((l) => l.trim()[0])).toEqual(spec.exits[1] === undefined ? ['0', '2'] : ['0', '1', '2']);
    expect(exits).toEqual(exits.map((l) => `  ${l.trim()[0]}  ${spec.exits[Number(l.trim()[0]) as 0 | 1 | 2]}`));
    expect(lines.slice(-2)).toEqual(['example:', `  email-auth ${spec.example}`]);
  });

  test('an unknown option gets the closest one, the usage line, exit 2, and never node\'s advice about --', async () => {
    const first = Object.keys(spec.options)[0]!;
    const typo = `--${first.slice(0, -1)}`;
    const run = await cli(name, typo);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`unknown option ${JSON.stringify(typo)} (did you mean --${first}?)`);
    expect(run.err).toContain(`usage: email-auth ${spec.usage}`);
    expect(run.err).not.toMatch(NODE_HINT);
  });
});

describe('email-auth --help and help', () => {
  test('--help, -h and help list every command with its summary and the shared exit codes, on stdout, exit 0', async () => {
    const runs = await Promise.all([cli('--help'), cli('-h'), cli('help'), cli('help', '--help')]);
    for (const run of runs) expect(run).toEqual({ code: 0, out: runs[0]!.out, err: '' });
    const out = runs[0]!.out;
    for (const spec of COMMAND_SPECS) expect(out).toContain(`  ${spec.name.padEnd(7)}  ${spec.summary}`);
    for (const code of [0, 1, 2] as const) expect(out).toContain(`  ${code}  ${EXIT_MEANINGS[code]}`);
  });

  test('no command at all: the same list on stderr, exit 2 (a usage error)', async () => {
    const run = await cli();
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toBe((await cli('--help')).out);
  });

  test.each([
    ['chek', 'check'],
    ['verfy', 'verify'],
    ['sumary', 'summary'],
    ['plans', 'plan'],
  ])('a mistyped command %p: did you mean %p, exit 2', async (typed, meant) => {
    for (const run of [await cli(typed), await cli('help', typed)]) {
      expect(run.code).toBe(2);
      expect(run.out).toBe('');
      expect(run.err.split('\n')[0]).toBe(`unknown command ${JSON.stringify(typed)} (did you mean ${meant}?)`);
    }
  });

  test('help nosuch: no suggestion when nothing is close, exit 2', async () => {
    const run = await cli('help', 'nosuch');
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe('unknown command "nosuch"');
  });

  test.each([
    [['check', '--jsn'], '--json'],
    [['check', '--confg', 'x.yaml'], '--config'],
    [['verify', '--dns-sever', '127.0.0.1'], '--dns-server'],
    [['summary', '--fail-on-risks'], '--fail-on-risk'],
    [['check', '-json'], '--json'],
    [['plan', '--paralel', '2'], '--parallel'],
  ])('%j: did you mean %s', async (args, meant) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toMatch(new RegExp(`^unknown option "[^"]+" \\(did you mean ${meant}\\?\\)$`));
  });

  test('what was typed is escaped in the message: no control, bidi or line-breaking character reaches stderr', async () => {
    for (const args of [['\u202echek\x1b[31m'], ['help', 'x\n::error::y'], ['check', '--js\x1bn'], ['check', '--json=\x07']]) {
      const run = await cli(...args);
      expect(run.code).toBe(2);
      expect(run.err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
      expect(run.err.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    }
  });
});
