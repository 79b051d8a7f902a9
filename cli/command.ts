import { parseArgs, ParseArgsConfig } from 'node:util';
import { AppConfig, configPath, loadConfigFile } from '../config/load';
import { formatProblem, Problem } from '../model/problems';
import { formatWarningGroup, groupWarnings, WarningGroup } from './warning-groups';

/** Where a command reads and writes; tests pass their own. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Exit codes shared by every command; `usage` (2) also means "no verdict": bad input, or DNS did not answer. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A subcommand; its usage and one-line summary live in the registry in cli/main.ts. */
export interface Command {
  run(args: readonly string[], io: Io): number | Promise<number>;
}

export class UsageError extends Error {
  constructor(
    message: string,
    /** What the command exits with: 2 (usage), the one exit code of every command for bad input. */
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/** What {@link parseFlags} returns: node:util's parseArgs result for these options (named, so declarations can be emitted). */
export type ParsedFlags<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>>;

/** node:util parseArgs with our usage errors; unknown flags and stray arguments are refused. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T, allowPositionals = false): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
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

/**
 * `--name N`: a whole number within `range`, else `fallback` when the flag is absent. Digits only, and bounded both
 * ways, so that no flag can hand a later API a value it cannot take (node:dns throws on a 2^31 ms timeout, a date
 * thousands of years away is invalid).
 */
export function wholeNumberFlag(name: string, value: string | undefined, range: FlagRange, fallback: number): number {
  if (value === undefined) return fallback;
  const allowed = `(allowed: ${range.min}–${range.max} ${range.unit})`;
  if (!/^[0-9]+$/.test(value) || Number(value) < range.min) throw new UsageError(`--${name} must be a whole number ≥ ${range.min}, got ${JSON.stringify(value)} ${allowed}`);
  if (Number(value) > range.max) throw new UsageError(`--${name} must be a whole number ≤ ${range.max}, got ${JSON.stringify(value)} ${allowed}`);
  return Number(value);
}

/** The one config loader and error printer of every command: prints problems, returns the config when valid. */
export function loadConfig(file: string | undefined, io: Io): LoadedConfig | undefined {
  const path = file ?? configPath(io.env);
  const { config, problems, codes } = loadConfigFile(path);
  const warnings = printProblems(problems, io, path, (i) => codes[i] ?? `institutions[${i}]`);
  return config && { ...config, warnings };
}

/**
 * Errors one per line (each names the field to fix), then the warnings folded across institutions, then the count of
 * errors. Returns the warning groups.
 */
export function printProblems(problems: readonly Problem[], io: Io, source?: string, codeOf: (index: number) => string = (i) => `institutions[${i}]`): WarningGroup[] {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = groupWarnings(problems.filter((p) => p.severity === 'warning'), codeOf);
  for (const p of errors) io.err(formatProblem(p));
  for (const group of warnings) io.err(formatWarningGroup(group));
  if (errors.length > 0) io.err(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${source ?? 'the input'}; nothing was written.`);
  return warnings;
}
