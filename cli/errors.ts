import { Problem } from '../model/problems';
import { ErrorCode, EXIT, ExitCode } from './spec';

/**
 * A command that stops without a result: a usage error, a missing or invalid input, DNS that did not answer. Thrown
 * by the command, printed by cli/main.ts (escaped), and written as the `error` object of the `--json` and `--junit`
 * documents, so that a pipeline reading them gets a document on failure too.
 */
export class CliError extends Error {
  constructor(
    /** A stable identifier (cli/spec.ts ERROR_CODES): what scripts match on. */
    readonly code: ErrorCode,
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
    /** Whether the message is followed by what the failure left undone, in the command's words (its table's `onFailure`). */
    readonly saysOutcome = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line is wrong: printed with the command's usage line; exit 2. */
export class UsageError extends CliError {
  constructor(message: string, exitCode: ExitCode = EXIT.usage) {
    super('usage', message, exitCode);
    this.name = 'UsageError';
  }
}

/** The config is missing or has errors; the problems were printed as they were found. */
export class ConfigError extends CliError {
  constructor(
    code: 'config-missing' | 'config-invalid',
    /** `2 errors in institutions.yaml`: the command's own words for what it left undone are added when printed. */
    message: string,
    readonly problems: readonly Problem[],
  ) {
    super(code, message, EXIT.usage, true);
    this.name = 'ConfigError';
  }
}

/** The `--json` document of a command that stopped: `{ exitCode, error: { code, message, problems? } }`. */
export function errorDocument(e: CliError): { exitCode: number; error: { code: ErrorCode; message: string; problems?: readonly Problem[] } } {
  return { exitCode: e.exitCode, error: { code: e.code, message: e.message, ...(e instanceof ConfigError && e.code === 'config-invalid' && { problems: e.problems }) } };
}

/** The `--junit` document of a command that stopped: one `<testsuite>` whose one test case is an `<error>`. */
export function junitErrorXml(command: string, e: CliError, timestamp = new Date()): string {
  // Loaded here: every command imports this file, few write a JUnit document.
  const { xml } = require('../verify/junit') as typeof import('../verify/junit');
  const details = e instanceof ConfigError ? e.problems.map((p) => `${p.severity}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n') : e.message;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="email-auth ${xml(command)}" tests="1" failures="0" errors="1" timestamp="${timestamp.toISOString()}">`,
    `  <testsuite name="email-auth ${xml(command)}" tests="1" failures="0" errors="1" skipped="0">`,
    `    <testcase classname="email-auth.${xml(command)}" name="run">`,
    `      <error type="${xml(e.code)}" message="${xml(e.message)}">${xml(details)}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
