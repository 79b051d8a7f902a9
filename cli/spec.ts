// The shape of a command's table: what cli/parse.ts parses, cli/help.ts prints and cli/reference.ts writes into
// docs/cli.md, from one declaration per command (cli/commands/<name>.ts), so that parsing, help and docs cannot drift.
// This module and the tables are light on purpose: `--help` loads them, never the command's own module.

/** The exit codes every command shares: one table for all commands (the README and every `--help` show it). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means across commands; each command says in one line what it means for it. */
export const EXIT_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: 'ok',
  1: 'findings: failed checks, risks with --fail-on-risk, platform mail failing DKIM, changes with plan --fail-on-changes, a refused or failed apply',
  2: 'no verdict: a usage error, a missing or invalid config or input file, or DNS that did not answer',
};

/** A flag that is on or off; off unless given. */
export interface BooleanOption {
  readonly type: 'boolean';
  readonly description: string;
}

/** A flag with a text value; the last one given wins. */
export interface StringOption {
  readonly type: 'string';
  /** The value's name in help: `FILE`, `DIR`, `HOST:PORT`. */
  readonly value: string;
  readonly description: string;
  /** The value when the flag is absent. */
  readonly default?: string;
  /** The default as prose when it is behaviour rather than a value (`$EMAIL_AUTH_CONFIG, else institutions.yaml`). */
  readonly defaultText?: string;
}

/** A flag that may be given several times; its values in the order given. */
export interface RepeatableOption {
  readonly type: 'repeatable';
  readonly value: string;
  readonly description: string;
  /** What happens when it is never given. */
  readonly defaultText: string;
}

/**
 * A whole number within bounds (digits only): no flag can hand a later API a value it cannot take (node:dns throws on a
 * 2^31 ms timeout, a date thousands of years back is an invalid IMAP search date).
 */
export interface WholeNumberOption {
  readonly type: 'whole';
  readonly value: string;
  readonly description: string;
  readonly min: number;
  readonly max: number;
  /** What the number counts, named in the error (`milliseconds per attempt`). */
  readonly unit: string;
  readonly default?: number;
  readonly defaultText?: string;
}

export type OptionSpec = BooleanOption | StringOption | RepeatableOption | WholeNumberOption;

/** Arguments that are not flags (plan files, report paths, a folder). */
export interface PositionalSpec {
  /** Its name in help: `PLAN_JSON`, `PATH`, `DIR`. */
  readonly name: string;
  readonly description: string;
  /** At most this many (`Infinity` for any number). */
  readonly max: number;
}

export interface CommandSpec {
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** The synopsis after `email-auth `: options in brackets, alternatives as `a | b`. A test checks it names exactly the table's options. */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: PositionalSpec;
  /** What each exit code means for this command, in one line; 0 and 2 always, 1 when the command has findings. */
  readonly exits: { readonly 0: string; readonly 1?: string; readonly 2: string };
  /** One typical command line, after `email-auth `. */
  readonly example: string;
  /** What a failure leaves behind, said after a config's error count: `nothing was written`. */
  readonly onFailure?: string;
}

/** What the parser gives a command: typed values from its table, defaults applied. */
export type OptionValue<O extends OptionSpec> = O extends BooleanOption
  ? boolean
  : O extends RepeatableOption
    ? string[]
    : O extends WholeNumberOption
      ? O extends { readonly default: number }
        ? number
        : number | undefined
      : O extends { readonly default: string }
        ? string
        : string | undefined;

export type OptionValues<S extends CommandSpec> = { -readonly [K in keyof S['options']]: OptionValue<S['options'][K]> };

export interface ParsedCommand<S extends CommandSpec = CommandSpec> {
  readonly values: OptionValues<S>;
  readonly positionals: readonly string[];
}

/** Keeps a table's literal types (defaults, option names) while checking its shape. */
export function commandSpec<const S extends CommandSpec>(spec: S): S {
  return spec;
}

/** The identifiers of the `error` object that `--json` and `--junit` documents carry on failure (stable: scripts match on them). */
export const ERROR_CODES = {
  usage: 'the command line is wrong: an unknown command or option, a missing or malformed value',
  'config-missing': 'the config file does not exist',
  'config-invalid': 'the config file cannot be read or has errors (each one is in `problems`)',
  'input-unreadable': 'a file or folder the command reads does not exist, cannot be read, or is not what it reads (the message names it)',
  'output-unwritable': 'a file the command writes (--junit, --full) cannot be written',
  'dependency-missing': 'a package or program the command needs is not installed',
  'dns-unreachable': 'the DNS server did not answer: nothing was verified',
  busy: 'another run holds the output folder',
  internal: 'a bug: the command stopped on an unexpected error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
