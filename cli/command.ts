import { existsSync } from 'node:fs';
import { AppConfig, configPath, loadConfigFile } from '../config/load';
import { formatProblem, Problem } from '../model/problems';
import { ConfigError } from './errors';
import { Io } from './io';
import { wholeNumber } from './parse';
import { CommandSpec, ParsedCommand } from './spec';
import { formatWarningGroup, groupWarnings, WarningGroup } from './warning-groups';

export { CliError, ConfigError, UsageError } from './errors';
export { EXIT } from './spec';
export type { Io } from './io';
export { processIo } from './io';


/**
 * A subcommand. Its table (cli/commands/<name>.ts) declares its options, exit codes and example; cli/main.ts parses
 * the command line with it and hands the typed values over. A command that cannot give a result throws a CliError
 * (cli/errors.ts), which main prints and writes into the `--json` / `--junit` document.
 */
export interface Command<S extends CommandSpec = CommandSpec> {
  run(input: ParsedCommand<S>, io: Io): number | Promise<number>;
}

/** A valid config, with its warnings folded across institutions (for commands that pass them on, like synth). */
export interface LoadedConfig extends AppConfig {
  readonly warnings: readonly WarningGroup[];
}

/** The bounds of a whole-number flag, and what it counts (named in the error). */
export interface FlagRange {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** `--name N`: a whole number within `range`, else `fallback` when the flag is absent (for flags a table types as text). */
export function wholeNumberFlag(name: string, value: string | undefined, range: FlagRange, fallback: number): number {
  return value === undefined ? fallback : wholeNumber(name, value, range);
}

export interface LoadOptions {
  /** Leave the warnings unprinted (synth under cdktf-cli, which prints them from the stacks' annotations). */
  readonly quietWarnings?: boolean;
}

/**
 * The one config loader and error printer of every command: prints the problems (errors one per line, each naming the
 * field to fix, then the warnings folded across institutions) and returns the config; throws {@link ConfigError}
 * (config-missing or config-invalid) when it has errors, which cli/main.ts ends with the count of errors.
 */
export function loadConfig(file: string | undefined, io: Io, options: LoadOptions = {}): LoadedConfig {
  const path = file ?? configPath(io.env);
  const { config, problems, codes } = loadConfigFile(path);
  if (!config && !existsSync(path)) {
    // Named plainly, with where a config comes from: the reader's own problem would only say that it cannot be read.
    const hint = file !== undefined ? '' : io.env.EMAIL_AUTH_CONFIG ? ' (named by EMAIL_AUTH_CONFIG)' : ' (give --config FILE or set EMAIL_AUTH_CONFIG; `email-auth init` writes one to start from)';
    throw new ConfigError('config-missing', `config file ${JSON.stringify(path)} does not exist${hint}`, []);
  }
  const codeOf = (i: number) => codes[i] ?? `institutions[${i}]`;
  const warnings = printProblems(options.quietWarnings ? problems.filter((p) => p.severity === 'error') : problems, io, codeOf);
  if (config) return { ...config, warnings: options.quietWarnings ? groupWarnings(problems.filter((p) => p.severity === 'warning'), codeOf) : warnings };
  const errors = problems.filter((p) => p.severity === 'error');
  throw new ConfigError('config-invalid', `${errors.length} error${errors.length === 1 ? '' : 's'} in ${path}`, errors);
}

/** Errors one per line (each names the field to fix), then the warnings folded across institutions. Returns the warning groups. */
export function printProblems(problems: readonly Problem[], io: Io, codeOf: (index: number) => string = (i) => `institutions[${i}]`): WarningGroup[] {
  const warnings = groupWarnings(problems.filter((p) => p.severity === 'warning'), codeOf);
  for (const p of problems) if (p.severity === 'error') io.err(formatProblem(p));
  for (const group of warnings) io.err(formatWarningGroup(group));
  return warnings;
}
