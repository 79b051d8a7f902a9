// The command names, and each command's table loaded by name: running a command loads its own table only, not the
// ten of cli/commands/index.ts (which help, docs/cli.md and the tests read). __tests__/cli/tables.test.ts keeps the
// two in step.
import type { CommandSpec } from '../spec';

/** In the order `email-auth --help` lists them. */
export const COMMAND_NAMES = ['synth', 'check', 'summary', 'verify', 'init', 'reports', 'changed', 'plan', 'apply', 'lock'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

const TABLES: Readonly<Record<CommandName, () => CommandSpec>> = {
  synth: () => require('./synth').SYNTH,
  check: () => require('./check').CHECK,
  summary: () => require('./summary').SUMMARY,
  verify: () => require('./verify').VERIFY,
  init: () => require('./init').INIT,
  reports: () => require('./reports').REPORTS,
  changed: () => require('./changed').CHANGED,
  plan: () => require('./plan').PLAN,
  apply: () => require('./apply').APPLY,
  lock: () => require('./lock').LOCK,
};

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(TABLES, name);
}

/** The table of the command `name`, or undefined for a name that is not a command. */
export function commandTable(name: string): CommandSpec | undefined {
  return isCommandName(name) ? TABLES[name]() : undefined;
}
