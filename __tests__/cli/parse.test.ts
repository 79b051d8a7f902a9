// The parser reads a command line against the command's table: typed values, defaults, bounds, and refusals that name
// the flag. The property tests check that it accepts exactly the table's options, for every command.
import fc from 'fast-check';
import { COMMAND_SPECS, REPORTS, SUMMARY, VERIFY } from '../../cli/commands';
import { UsageError } from '../../cli/errors';
import { parseCommandLine, wantsHelp } from '../../cli/parse';
import { commandSpec, CommandSpec, OptionSpec } from '../../cli/spec';

const SPEC = commandSpec({
  name: 'demo',
  summary: 'a demo',
  usage: 'demo [--config FILE] [--json] [--tag T]... [--timeout MS] [--since DAYS] [PATH...]',
  options: {
    config: { type: 'string', value: 'FILE', description: 'the config', defaultText: 'institutions.yaml' },
    json: { type: 'boolean', description: 'JSON' },
    tag: { type: 'repeatable', value: 'T', description: 'a tag', defaultText: 'none' },
    timeout: { type: 'whole', value: 'MS', description: 'a timeout', min: 1, max: 60_000, unit: 'ms', default: 2000 },
    since: { type: 'whole', value: 'DAYS', description: 'days back', min: 1, max: 100, unit: 'days', defaultText: 'all' },
    mode: { type: 'string', value: 'M', description: 'a mode', default: 'fast' },
  },
  positionals: { name: 'PATH', description: 'paths', max: Infinity },
  exits: { 0: 'ok', 2: 'usage' },
  example: 'demo --json',
});

const parse = (...args: string[]) => parseCommandLine(SPEC, args);
const refusal = (spec: CommandSpec, args: string[]): string => {
  try {
    parseCommandLine(spec, args);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(args)}`);
};

describe('typed values from the table', () => {
  test('nothing given: booleans off, repeatables empty, declared defaults, else undefined', () => {
    expect(parse()).toEqual({ values: { config: undefined, json: false, tag: [], timeout: 2000, since: undefined, mode: 'fast' }, positionals: [] });
  });

  test('each kind of value, in both spellings (--flag value and --flag=value), positionals in order', () => {
    const { values, positionals } = parse('a', '--config', 'c.yaml', '--json', '--tag=x', '--tag', 'y', '--timeout=500', '--since', '7', 'b', '--', '--not-a-flag');
    expect(values).toEqual({ config: 'c.yaml', json: true, tag: ['x', 'y'], timeout: 500, since: 7, mode: 'fast' });
    expect(positionals).toEqual(['a', 'b', '--not-a-flag']);
  });

  test('the last value of a single-valued option wins (a script flag can be overridden after it)', () => {
    expect(parse('--config', 'a', '--config', 'b').values.config).toBe('b');
  });

  test('a value that begins with a dash is taken when written --flag=value', () => {
    expect(parse('--config=-odd.yaml').values.config).toBe('-odd.yaml');
    expect(parse('--config', '-').values.config).toBe('-');
  });
});

describe('refusals name the flag and the rule', () => {
  test.each([
    [['--jsn'], 'unknown option "--jsn" (did you mean --json?)'],
    [['--confg', 'x'], 'unknown option "--confg" (did you mean --config?)'],
    [['--confg=x'], 'unknown option "--confg" (did you mean --config?)'],
    [['-json'], 'unknown option "-json" (did you mean --json?)'],
    [['-x'], 'unknown option "-x"'],
    [['--zzzzzz'], 'unknown option "--zzzzzz"'],
    [['--json=yes'], '--json takes no value, got --json="yes"'],
    [['--config'], '--config needs a value: --config FILE'],
    [['--config', '--json'], '--config needs a value (FILE), got the option "--json"; write --config=--json if that is the value'],
    [['--config='], '--config needs a value (FILE), got an empty one'],
    [['--timeout', '0'], '--timeout must be a whole number ≥ 1, got "0" (allowed: 1–60000 ms)'],
    [['--timeout', '60001'], '--timeout must be a whole number ≤ 60000, got "60001" (allowed: 1–60000 ms)'],
    [['--timeout', '1e3'], '--timeout must be a whole number ≥ 1, got "1e3" (allowed: 1–60000 ms)'],
    [['--timeout', '-5'], '--timeout needs a value (MS), got the option "-5"; write --timeout=-5 if that is the value'],
    [['--timeout=-5'], '--timeout must be a whole number ≥ 1, got "-5" (allowed: 1–60000 ms)'],
    [['--timeout', '99999999999999999999'], '--timeout must be a whole number ≤ 60000, got "99999999999999999999" (allowed: 1–60000 ms)'],
    [['--constructor'], 'unknown option "--constructor"'],
    [['--__proto__=x'], 'unknown option "--__proto__"'],
    [['--toString'], 'unknown option "--toString"'],
  ])('%j', (args, message) => {
    expect(refusal(SPEC, args)).toBe(message);
  });

  test('arguments a command does not take, and more than it takes', () => {
    const noArgs = { ...SPEC, positionals: undefined };
    expect(refusal(noArgs, ['stray'])).toBe('unexpected argument "stray": email-auth demo takes options only');
    expect(refusal(noArgs, ['json'])).toBe('unexpected argument "json": email-auth demo takes options only (did you mean --json?)');
    expect(refusal({ ...SPEC, positionals: { name: 'DIR', description: 'd', max: 1 } }, ['a', 'b'])).toBe('give at most one DIR, got 2');
  });

  test('--help and -h before -- ask for help; after it they are arguments', () => {
    expect(wantsHelp(['--config', 'x', '-h'])).toBe(true);
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--helpme'])).toBe(false);
  });

  test('a megabyte option or argument: refused, echoed shortened, compared with no option', () => {
    const huge = `--${'x'.repeat(1_000_000)}`;
    expect(refusal(SPEC, [huge])).toBe(`unknown option "--${'x'.repeat(98)}"… (1000002 characters)`);
    expect(refusal({ ...SPEC, positionals: undefined }, ['y'.repeat(1_000_000)])).toMatch(/^unexpected argument "y{100}"… \(1000000 characters\): /);
  });

  test('no prototype key ends up in the values', () => {
    const { values } = parse('--json');
    expect(Object.keys(values).sort()).toEqual(['config', 'json', 'mode', 'since', 'tag', 'timeout']);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

/** A valid command line for one option of a table, and the value the command must then see. */
function validUse(name: string, option: OptionSpec): { args: string[]; value: unknown } {
  switch (option.type) {
    case 'boolean':
      return { args: [`--${name}`], value: true };
    case 'repeatable':
      return { args: [`--${name}`, 'a', `--${name}=b`], value: ['a', 'b'] };
    case 'whole':
      return { args: [`--${name}`, String(option.max)], value: option.max };
    case 'string':
      return { args: [`--${name}=v`], value: 'v' };
  }
}

describe.each(COMMAND_SPECS.map((spec) => [spec.name, spec as CommandSpec] as const))('%s: the parser accepts exactly the table', (_name, spec) => {
  const names = Object.keys(spec.options);

  test('every option of the table, alone, gives its typed value; the others keep their defaults', () => {
    const defaults = parseCommandLine(spec, []).values as Record<string, unknown>;
    for (const name of names) {
      const { args, value } = validUse(name, spec.options[name]!);
      expect(parseCommandLine(spec, args).values).toEqual({ ...defaults, [name]: value });
    }
  });

  test('each documented default, given explicitly, is what the command sees without it', () => {
    const defaults = parseCommandLine(spec, []).values as Record<string, unknown>;
    for (const [name, option] of Object.entries(spec.options)) {
      if (option.type === 'boolean' || option.type === 'repeatable' || option.default === undefined) continue;
      expect((parseCommandLine(spec, [`--${name}`, String(option.default)]).values as Record<string, unknown>)[name]).toEqual(defaults[name]);
    }
  });

  test('property: any other option name is refused, with a usage error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), (name) => {
        fc.pre(!names.includes(name) && name !== 'help');
        expect(() => parseCommandLine(spec, [`--${name}`])).toThrow(UsageError);
      }),
      { numRuns: 200 },
    );
  });

  test('property: any mix of the table\'s options in any order parses, and each value is the one given last', () => {
    const uses = fc.array(fc.constantFrom(...names), { maxLength: 8 });
    fc.assert(
      fc.property(uses, (chosen) => {
        const args = chosen.flatMap((n) => validUse(n, spec.options[n]!).args);
        const { values } = parseCommandLine(spec, args);
        for (const n of new Set(chosen)) {
          const expected = validUse(n, spec.options[n]!).value;
          const times = chosen.filter((c) => c === n).length;
          expect((values as Record<string, unknown>)[n]).toEqual(Array.isArray(expected) ? Array.from({ length: times }, () => expected).flat() : expected);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('tables agree with the modules whose values they show', () => {
  test('summary: the blast-radius defaults are DEFAULT_BLAST_RADIUS', () => {
    const { DEFAULT_BLAST_RADIUS } = require('../../summary/blast-radius') as typeof import('../../summary/blast-radius');
    expect(SUMMARY.options['max-auth-removals'].default).toBe(DEFAULT_BLAST_RADIUS.maxAuthRemovals);
    expect(SUMMARY.options['max-touched-percent'].default).toBe(DEFAULT_BLAST_RADIUS.maxTouchedPercent);
    expect(SUMMARY.options['min-touched'].default).toBe(DEFAULT_BLAST_RADIUS.minTouched);
  });

  test('reports: one option per readiness threshold, whose default text starts with the threshold\'s default', () => {
    const { THRESHOLDS } = require('../../reports/readiness/thresholds') as typeof import('../../reports/readiness/thresholds');
    for (const t of THRESHOLDS) {
      const option = REPORTS.options[t.flag as 'days' | 'messages' | 'pass-rate'];
      expect(option).toBeDefined();
      expect(option.defaultText.startsWith(`${t.default}, `)).toBe(true);
    }
  });

  test('verify: the DNS bounds stay far below what node:dns accepts (a 32-bit timeout and try count)', () => {
    expect(VERIFY.options.timeout.max).toBeLessThan(2 ** 31);
    expect(VERIFY.options.retries.max + 1).toBeLessThan(2 ** 31);
  });
});
