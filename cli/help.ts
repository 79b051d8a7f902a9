// `--help` text, from the same tables the parser reads (cli/commands/*.ts): usage, every option with its description
// and default, the exit codes and an example. Plain text from our own tables: nothing here comes from the user.
import { CommandSpec, EXIT_MEANINGS, OptionSpec } from './spec';

const HELP_OPTION = { left: '-h, --help', description: 'print this help and exit 0' };

/** `--FLAG VALUE` as help and the reference show it. */
export function optionSynopsis(name: string, option: OptionSpec): string {
  return option.type === 'boolean' ? `--${name}` : `--${name} ${option.value}`;
}

/** The option's description with its bounds (a whole number) or that it may be repeated. */
export function optionDetails(option: OptionSpec): string {
  const bounds = option.type === 'whole' ? `; ${option.min}–${option.max} ${option.unit}` : '';
  return `${option.description}${bounds}${option.type === 'repeatable' ? '; may be repeated' : ''}`;
}

/** The option's description with its bounds and default: one line of help. */
export function optionDescription(option: OptionSpec): string {
  return `${optionDetails(option)}${defaultOf(option)}`;
}

/** ` (default: …)`; empty for a boolean, which is off unless given. */
export function defaultOf(option: OptionSpec): string {
  if (option.type === 'boolean') return '';
  const text = option.defaultText ?? ('default' in option && option.default !== undefined ? String(option.default) : undefined);
  return text === undefined ? '' : ` (default: ${text})`;
}

/** Every line of `email-auth <command> --help`. */
export function commandHelp(spec: CommandSpec): string[] {
  const rows = [
    ...Object.entries(spec.options).map(([name, option]) => ({ left: optionSynopsis(name, option), description: optionDescription(option) })),
    HELP_OPTION,
  ];
  const lines = [`usage: email-auth ${spec.usage}`, '', `${capitalised(spec.summary)}.`, ''];
  if (spec.positionals) lines.push('arguments:', ...columns([{ left: spec.positionals.name, description: spec.positionals.description }]), '');
  lines.push('options:', ...columns(rows), '', 'exit codes:');
  for (const code of [0, 1, 2] as const) {
    const meaning = spec.exits[code];
    if (meaning !== undefined) lines.push(`  ${code}  ${meaning}`);
  }
  lines.push('', 'example:', `  email-auth ${spec.example}`);
  return lines;
}

/** Every line of `email-auth --help`: the commands, the exit codes they share, where to learn more. */
export function overviewHelp(specs: readonly CommandSpec[]): string[] {
  return [
    'usage: email-auth <command> [options]',
    '',
    'commands:',
    ...columns(specs.map((s) => ({ left: s.name, description: s.summary }))),
    '',
    'exit codes (every command):',
    ...([0, 1, 2] as const).map((code) => `  ${code}  ${EXIT_MEANINGS[code]}`),
    '',
    "email-auth <command> --help (or email-auth help <command>) prints a command's options, exit codes and an example.",
    'email-auth --version prints the version.',
  ];
}

function columns(rows: readonly { left: string; description: string }[]): string[] {
  const width = Math.min(28, Math.max(...rows.map((r) => r.left.length)));
  // A left column wider than the others goes on a line of its own, so that the descriptions stay aligned.
  return rows.flatMap(({ left, description }) =>
    left.length > width ? [`  ${left}`, `  ${' '.repeat(width)}  ${description}`] : [`  ${left.padEnd(width)}  ${description}`],
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
