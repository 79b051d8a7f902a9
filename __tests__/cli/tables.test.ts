// Each command's table is complete and consistent: its usage line names exactly its options, every option with a
// value says its default, its example is a command line the parser accepts, and it has the exit codes every command has.
import { COMMAND_SPECS } from '../../cli/commands';
import { COMMAND_NAMES, commandTable } from '../../cli/commands/by-name';
import { parseCommandLine } from '../../cli/parse';
import { CommandSpec } from '../../cli/spec';

/** Splits an example the way a shell would for these simple ones (no quotes in our examples). */
const words = (line: string) => line.split(/\s+/).filter((w) => w !== '' && w !== '>' && !w.endsWith('.md'));

test('the commands, in the order help lists them, with unique names', () => {
  expect(COMMAND_SPECS.map((s) => s.name)).toEqual(['synth', 'check', 'summary', 'verify', 'init', 'reports', 'changed', 'plan', 'apply', 'lock']);
});

test('the names a command is run by, and the table loaded by name, are those of the list help reads', () => {
  expect(COMMAND_NAMES).toEqual(COMMAND_SPECS.map((s) => s.name));
  for (const spec of COMMAND_SPECS) expect(commandTable(spec.name)).toBe(spec);
  for (const name of ['chek', 'toString', '__proto__', 'constructor', '']) expect(commandTable(name)).toBeUndefined();
});

describe.each(COMMAND_SPECS.map((s) => [s.name, s as CommandSpec] as const))('%s', (name, spec) => {
  test('the usage line starts with the command and names exactly the options of the table', () => {
    expect(spec.usage.startsWith(`${name} `) || spec.usage === name).toBe(true);
    const named = [...new Set([...spec.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]))].sort();
    expect(named).toEqual(Object.keys(spec.options).sort());
  });

  test('every option has a one-line description; every option with a value has a value name and a default', () => {
    for (const [option, declared] of Object.entries(spec.options)) {
      expect({ option, description: declared.description }).toEqual({ option, description: expect.stringMatching(/^[^\n]{10,}$/) });
      if (declared.type === 'boolean') continue;
      expect(declared.value).toMatch(/^[A-Za-z_=,.:|]+$/);
      const hasDefault = declared.defaultText !== undefined || ('default' in declared && declared.default !== undefined);
      expect({ option, hasDefault }).toEqual({ option, hasDefault: true });
    }
  });

  test('whole-number options have bounds that hold their default', () => {
    for (const declared of Object.values(spec.options)) {
      if (declared.type !== 'whole') continue;
      expect(declared.min).toBeLessThanOrEqual(declared.max);
      if (declared.default !== undefined) expect(declared.default).toBeGreaterThanOrEqual(declared.min);
      if (declared.default !== undefined) expect(declared.default).toBeLessThanOrEqual(declared.max);
    }
  });

  test('exit codes 0 and 2 are explained, and the example is a command line the parser accepts', () => {
    expect(spec.exits[0]).toMatch(/\S/);
    expect(spec.exits[2]).toMatch(/\S/);
    const [command, ...args] = words(spec.example);
    expect(command).toBe(name);
    expect(() => parseCommandLine(spec, args)).not.toThrow();
  });
});
