#!/usr/bin/env node
import { Command, EXIT, Io, processIo, UsageError } from './command';

/** Subcommands, loaded on use so that each pays only for its own dependencies. */
const COMMANDS: Record<string, () => Command> = {
  synth: () => require('./synth').synth,
  check: () => require('./check').check,
  summary: () => require('./summary').summary,
  verify: () => require('./verify').verify,
};

export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}

export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  const load = name === undefined ? undefined : COMMANDS[name];
  if (!load) {
    io.err(name && name !== 'help' && name !== '--help' ? `unknown command ${JSON.stringify(name)}` : 'email-auth: SPF, DKIM, DMARC and MX records for a sending platform');
    io.err(`usage: email-auth <command> [options]\n\ncommands:`);
    for (const [cmd, get] of Object.entries(COMMANDS)) io.err(`  ${get().usage.padEnd(40)} ${get().summary}`);
    return name && name !== 'help' && name !== '--help' ? EXIT.usage : EXIT.ok;
  }
  const command = load();
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nusage: email-auth ${command.usage}`);
      return EXIT.usage;
    }
    throw e;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
