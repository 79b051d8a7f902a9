// Every command's table, in the order `email-auth --help` lists them. Light modules only: help, "did you mean" and
// docs/cli.md are built from these without loading any command.
import { CommandSpec } from '../spec';
import { APPLY } from './apply';
import { CHANGED } from './changed';
import { CHECK } from './check';
import { INIT } from './init';
import { LOCK } from './lock';
import { PLAN } from './plan';
import { REPORTS } from './reports';
import { SUMMARY } from './summary';
import { SYNTH } from './synth';
import { VERIFY } from './verify';

export const COMMAND_SPECS = [SYNTH, CHECK, SUMMARY, VERIFY, INIT, REPORTS, CHANGED, PLAN, APPLY, LOCK] as const satisfies readonly CommandSpec[];

export type { CommandName } from './by-name';

export { APPLY, CHANGED, CHECK, INIT, LOCK, PLAN, REPORTS, SUMMARY, SYNTH, VERIFY };
