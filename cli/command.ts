import { parseArgs, ParseArgsConfig } from 'node:util';
import { AppConfig, configPath, loadConfigFile } from '../config/load';
import { formatProblem, Problem } from '../model/problems';

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
    /** What the command exits with; `plan` and `apply` use 1, since their 2 means "changes" (as terraform's). */
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/** node:util parseArgs with our usage errors; unknown flags and stray arguments are refused. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The one config loader and error printer of every command: prints problems, returns the config when valid. */
export function loadConfig(file: string | undefined, io: Io): AppConfig | undefined {
  const path = file ?? configPath(io.env);
  const { config, problems } = loadConfigFile(path);
  printProblems(problems, io, path);
  return config;
}

export function printProblems(problems: readonly Problem[], io: Io, source?: string): void {
  for (const p of problems) io.err(formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) io.err(`${errors} error${errors === 1 ? '' : 's'} in ${source ?? 'the input'}; nothing was written.`);
}
