#!/usr/bin/env node
import { terminalText } from '../model/terminal-text';
import type { Command } from './command';
import { Io, processIo } from './io';
import { COMMAND_NAMES, CommandName, commandTable } from './commands/by-name';
import { CliError, errorDocument, junitErrorXml, UsageError } from './errors';
import { echo, parseCommandLine, wantsHelp } from './parse';
import { CommandSpec, EXIT } from './spec';

// Running a command loads its own table and module only: help, the ten tables, the core family check, the package
// file, "did you mean" and the failure documents are loaded where they are used (check at 1,000 institutions spends
// a few percent of its CPU loading modules).

/**
 * Each command's module, loaded on use, so that each command pays only for its own dependencies (synth never loads
 * verify's, and `--help` loads none: its text comes from the tables in cli/commands/).
 */
const LOADERS: Readonly<Record<CommandName, () => Command<any>>> = {
  // The core (cdktn or cdktf) and constructs are peer dependencies: named with the command to install them rather than
  // a stack trace. The AWS binding is asked for by the config's institutions (cli/bindings.ts).
  synth: () => ((require('../core/family') as typeof import('../core/family')).requireFamily('email-auth synth', false), require('./synth').synth),
  check: () => require('./check').check,
  summary: () => require('./summary').summary,
  verify: () => require('./verify').verify,
  init: () => require('./init').init,
  reports: () => require('./reports').reports,
  changed: () => require('./changed').changed,
  plan: () => require('./plan').plan,
  apply: () => require('./apply').apply,
  lock: () => require('./lock').lock,
};

/** Every table, for the overview. */
function allTables(): readonly CommandSpec[] {
  return (require('./commands') as typeof import('./commands')).COMMAND_SPECS;
}

function help(): typeof import('./help') {
  return require('./help') as typeof import('./help');
}

export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    help().overviewHelp(allTables()).forEach((line) => io.err(line));
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h') return printOverview(io);
  if (name === 'help') return args.length === 0 || wantsHelp(args) ? printOverview(io) : printCommandHelp(args[0]!, io);
  if (name === '--version' || name === '-v') {
    io.out((require('../io/package-json') as typeof import('../io/package-json')).ownPackageJson().version);
    return EXIT.ok;
  }
  const spec = commandTable(name);
  if (!spec) return unknownCommand(name, io);
  if (wantsHelp(args)) return printCommandHelp(name, io);
  try {
    const parsed = parseCommandLine(spec, args);
    return await LOADERS[spec.name as CommandName]().run(parsed, io);
  } catch (e) {
    if (e instanceof CliError) return reportFailure(spec, args, e, io);
    if (isMissingPeer(e)) return reportFailure(spec, args, new CliError('dependency-missing', e.message), io);
    throw e;
  }
}

/** A missing peer dependency, named with the command to install it; its module is loaded only to ask. */
function isMissingPeer(e: unknown): e is Error {
  return e instanceof (require('../io/peer-dependency') as typeof import('../io/peer-dependency')).MissingPeerDependencyError;
}

function printOverview(io: Io): number {
  help().overviewHelp(allTables()).forEach((line) => io.out(line));
  return EXIT.ok;
}

function printCommandHelp(name: string, io: Io): number {
  const spec = commandTable(name);
  if (!spec) return unknownCommand(name, io);
  help().commandHelp(spec).forEach((line) => io.out(line));
  return EXIT.ok;
}

/** What was typed is quoted, escaped, with the closest command when there is one; exit 2. */
function unknownCommand(name: string, io: Io): number {
  const near = (require('../model/suggest') as typeof import('../model/suggest')).closest(name, COMMAND_NAMES);
  io.err(terminalText(`unknown command ${echo(name)}${near === undefined ? '' : ` (did you mean ${near}?)`}`));
  io.err('commands: ' + COMMAND_NAMES.join(', ') + '; email-auth --help describes them');
  return EXIT.usage;
}

/**
 * A command that stopped: its message on stderr (line by line, escaped: it quotes what was typed, file names and
 * config text), the usage line after a usage error, and the `--json` / `--junit` document with the error object.
 */
function reportFailure(spec: CommandSpec, args: readonly string[], e: CliError, io: Io): number {
  // What the failure leaves undone, in the command's own words (`nothing was written`; check writes nothing).
  const message = e.saysOutcome && spec.onFailure !== undefined ? `${e.message}; ${spec.onFailure}.` : e.message;
  // A usage error may list several problems, one a line (each escaped where it was made); any other message is one
  // line, whatever file text it quotes.
  io.err(e instanceof UsageError ? message.split('\n').map(terminalText).join('\n') : terminalText(message));
  if (e instanceof UsageError) io.err(`usage: email-auth ${spec.usage}\n(email-auth ${spec.name} --help lists the options)`);
  const documents = documentsAsked(spec, args);
  if (documents.json) io.out(JSON.stringify(errorDocument(e), null, 2));
  if (documents.junit !== undefined) {
    try {
      (require('../io/write-whole') as typeof import('../io/write-whole')).writeFileWhole(documents.junit, junitErrorXml(spec.name, e));
    } catch (w) {
      io.err(terminalText(`--junit ${documents.junit} ${(require('../io/file-error') as typeof import('../io/file-error')).writeErrorText(w)}`));
    }
  }
  return e.exitCode;
}

/**
 * Whether the command line asks for the JSON document and the JUnit file, read from the arguments themselves: a usage
 * error may have stopped the parser before it got to them.
 */
function documentsAsked(spec: CommandSpec, args: readonly string[]): { json: boolean; junit?: string } {
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  const json = Object.hasOwn(spec.options, 'json') && flags.some((a) => a === '--json');
  let junit: string | undefined;
  if (Object.hasOwn(spec.options, 'junit')) {
    flags.forEach((a, i) => {
      if (a.startsWith('--junit=')) junit = a.slice('--junit='.length);
      else if (a === '--junit' && flags[i + 1] !== undefined && !flags[i + 1]!.startsWith('-')) junit = flags[i + 1];
    });
  }
  return { json, ...(junit && { junit }) };
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
