// Parses a command line against the command's table (cli/spec.ts). node:util's parseArgs (maintained in Node core)
// splits the arguments into tokens; the table decides what each token may be, so that the errors can name the flag,
// its value and the closest known option, and never carry node's advice about `--`. A library such as commander or
// clipanion would bring its own help and exit handling: they write to process.stdout and call process.exit, where our
// commands run in process on an Io (tests capture it, nothing may exit), so the table plus parseArgs is what fits.
import { parseArgs } from 'node:util';
import { show } from '../model/problems';
import { closest } from '../model/suggest';
import { UsageError } from './errors';
import { CommandSpec, OptionSpec, ParsedCommand, WholeNumberOption } from './spec';

/** `-h` and `--help` anywhere before `--`: every command has them, and they win over everything else. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * The values of `args` for the command `spec`, typed by its table, defaults applied. Refuses (UsageError) an option the
 * table does not have (with the closest one it has), a value where none is taken, a missing value, a whole number out
 * of its bounds, and arguments the command does not take.
 */
export function parseCommandLine<S extends CommandSpec>(spec: S, args: readonly string[]): ParsedCommand<S> {
  const names = Object.keys(spec.options);
  const terminator = args.indexOf('--');
  // `-json` would be read as the short options -j -s -o -n: name it as the long option it looks like.
  for (const arg of terminator < 0 ? args : args.slice(0, terminator)) {
    if (/^-[^-]./.test(arg) && !/^-[0-9.]+$/.test(arg)) throw unknownOption(arg, arg.slice(1).split('=')[0]!, names);
  }
  const config = Object.fromEntries(names.map((name) => [name, { type: spec.options[name]!.type === 'boolean' ? ('boolean' as const) : ('string' as const) }]));
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });

  const given = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    // Own keys only: `--constructor` or `--__proto__` are unknown options, not Object.prototype's.
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (!option) throw unknownOption(token.rawName, token.name, names);
    given.set(token.name, [...(given.get(token.name) ?? []), optionValue(token.name, option, token.value, token.inlineValue === true)]);
  }
  checkPositionals(spec, positionals, names);

  const values: Record<string, unknown> = {};
  for (const name of names) values[name] = typedValue(name, spec.options[name]!, given.get(name));
  return { values: values as ParsedCommand<S>['values'], positionals };
}

/** What one occurrence of an option says: `true` for a flag, else its text (never empty). */
function optionValue(name: string, option: OptionSpec, value: string | undefined, inline: boolean): string {
  if (option.type === 'boolean') {
    if (value !== undefined) throw new UsageError(`--${name} takes no value, got --${name}=${show(value)}`);
    return 'true';
  }
  if (value === undefined) throw new UsageError(`--${name} needs a value: --${name} ${option.value}`);
  // What strict parsing calls ambiguous: `--config --json` is more likely a forgotten value than a file named "--json".
  if (!inline && value.startsWith('-') && value !== '-') throw new UsageError(`--${name} needs a value (${option.value}), got the option ${show(value)}; write --${name}=${value} if that is the value`);
  if (value === '') throw new UsageError(`--${name} needs a value (${option.value}), got an empty one`);
  return value;
}

function typedValue(name: string, option: OptionSpec, given: readonly string[] | undefined): unknown {
  switch (option.type) {
    case 'boolean':
      return given !== undefined;
    case 'repeatable':
      return given ?? [];
    case 'whole':
      return given === undefined ? option.default : wholeNumber(name, given[given.length - 1]!, option);
    case 'string':
      // The last one given wins, as with most command-line tools (a script's flag can be overridden after it).
      return given === undefined ? option.default : given[given.length - 1];
  }
}

/** A whole number within the option's bounds, digits only (no sign, exponent, or fraction). */
export function wholeNumber(name: string, text: string, range: Pick<WholeNumberOption, 'min' | 'max' | 'unit'>): number {
  const allowed = `(allowed: ${range.min}–${range.max} ${range.unit})`;
  if (!/^[0-9]+$/.test(text) || Number(text) < range.min) throw new UsageError(`--${name} must be a whole number ≥ ${range.min}, got ${show(text)} ${allowed}`);
  if (Number(text) > range.max) throw new UsageError(`--${name} must be a whole number ≤ ${range.max}, got ${show(text)} ${allowed}`);
  return Number(text);
}

function checkPositionals(spec: CommandSpec, positionals: readonly string[], names: readonly string[]): void {
  const max = spec.positionals?.max ?? 0;
  if (positionals.length <= max) return;
  const extra = positionals[max]!;
  // `email-auth check json`: a flag written without its dashes.
  const flag = names.includes(extra) ? ` (did you mean --${extra}?)` : '';
  if (max === 0) throw new UsageError(`unexpected argument ${echo(extra)}: email-auth ${spec.name} takes options only${flag}`);
  throw new UsageError(`give at most ${max === 1 ? 'one' : max} ${spec.positionals!.name}, got ${positionals.length}${flag}`);
}

function unknownOption(raw: string, name: string, names: readonly string[]): UsageError {
  const near = closest(name, names);
  return new UsageError(`unknown option ${echo(raw)}${near === undefined ? '' : ` (did you mean --${near}?)`}`);
}

/** What was typed, quoted (control characters as escapes), at most {@link ECHOED} characters of it. */
export function echo(typed: string): string {
  return typed.length > ECHOED ? `${show(typed.slice(0, ECHOED))}… (${typed.length} characters)` : show(typed);
}

const ECHOED = 100;
