// docs/cli.md, generated from the command tables (cli/commands/*.ts) that also drive parsing and --help: every
// command's usage, options with defaults, exit codes and example, the exit-code table and the error object of --json
// and --junit. `npm run docs:cli` writes it; a unit test fails when it is stale.
import { code, tableCell } from '../summary/markdown-text';
import { defaultOf, optionDetails, optionSynopsis } from './help';
import { CommandSpec, ERROR_CODES, EXIT_MEANINGS, OptionSpec } from './spec';

export const REFERENCE_FILE = 'docs/cli.md';

/** The whole of docs/cli.md. */
export function cliReference(specs: readonly CommandSpec[]): string {
  const lines = [
    '# Command-line reference',
    '',
    '<!-- Generated from the command tables in cli/commands/ by `npm run docs:cli`: edit the tables, not this file (a test fails when it is stale). -->',
    '',
    'One entry for people and pipelines: `email-auth <command> [options]` (in this repository `npm run --silent email-auth -- <command>`).',
    'Every command answers `--help`, `-h` and `email-auth help <command>` with what this page says about it; a mistyped',
    'command or option gets the closest one ("did you mean").',
    '',
    '| command | what it does |',
    '|---|---|',
    ...specs.map((s) => `| [${s.name}](#${s.name}) | ${cell(s.summary)} |`),
    '',
    '## Exit codes',
    '',
    'The same for every command; each command below says what each code means for it.',
    '',
    '| code | meaning |',
    '|---|---|',
    ...([0, 1, 2] as const).map((c) => `| ${c} | ${cell(EXIT_MEANINGS[c])} |`),
    '',
    '## The error object of `--json` and `--junit`',
    '',
    'A command that stops without a result still writes the document it was asked for, with the exit code and an',
    '`error` object: `--json` prints',
    '',
    '```json',
    JSON.stringify({ exitCode: 2, error: { code: 'config-invalid', message: '1 error in institutions.yaml', problems: [{ path: 'institutions[0].dmarc.policy', severity: 'error', message: 'expected none|quarantine|reject, got "rejct"' }] } }, null, 2),
    '```',
    '',
    '(`problems` only for `config-invalid`), and `--junit FILE` writes one `<testsuite>` whose one test case is an',
    '`<error type="CODE" message="MESSAGE">`. The codes are stable; scripts may match on them:',
    '',
    '| code | meaning |',
    '|---|---|',
    ...Object.entries(ERROR_CODES).map(([c, meaning]) => `| ${code(c)} | ${cell(meaning)} |`),
    '',
    ...specs.flatMap(commandSection),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function commandSection(spec: CommandSpec): string[] {
  const lines = [`## ${spec.name}`, '', `${cell(capitalised(spec.summary))}.`, '', '```', `email-auth ${spec.usage}`, '```', ''];
  if (spec.positionals) lines.push(`Arguments: ${code(spec.positionals.name)}: ${cell(spec.positionals.description)}.`, '');
  lines.push('| option | what it does | default |', '|---|---|---|');
  for (const [name, option] of Object.entries(spec.options)) lines.push(`| ${tableCell(code(optionSynopsis(name, option)))} | ${cell(optionDetails(option))} | ${cell(defaultText(option))} |`);
  lines.push(`| ${code('-h, --help')} | print this help and exit 0 | |`, '', '| exit code | means |', '|---|---|');
  for (const c of [0, 1, 2] as const) if (spec.exits[c] !== undefined) lines.push(`| ${c} | ${cell(spec.exits[c]!)} |`);
  lines.push('', 'Example:', '', '```sh', `email-auth ${spec.example}`, '```', '');
  return lines;
}

/** The default without its parentheses; a boolean is off unless given. */
function defaultText(option: OptionSpec): string {
  return option.type === 'boolean' ? 'off' : defaultOf(option).replace(/^ \(default: (.*)\)$/, '$1');
}

/**
 * Our own table text as a table cell: code spans (between backticks) kept, `<` and `>` outside them written as
 * entities (so `<error>` is text, not HTML), and `|` escaped so that it cannot split the cell.
 */
function cell(text: string): string {
  const parts = text.split(/(`[^`]*`)/);
  return tableCell(parts.map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join(''));
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
