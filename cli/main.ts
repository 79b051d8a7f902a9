#!/usr/bin/env node
import { ownPackageJson } from '../io/package-json';
import { MissingPeerDependencyError } from '../io/peer-dependency';
import { requireFamily } from '../core/family';
import { terminalText } from '../model/terminal-text';
import { Command, EXIT, Io, processIo, UsageError } from './command';

interface Entry {
  readonly usage: string;
  readonly summary: string;
  /** Loaded on use, so that each command pays only for its own dependencies (synth never loads verify's). */
  readonly load: () => Command;
}

const COMMANDS: Record<string, Entry> = {
  synth: {
    usage: 'synth [--config FILE]',
    summary: 'validate the config and write one Terraform stack per institution (what cdktf.json runs)',
    // The core (cdktn or cdktf) and constructs are peer dependencies: named with the command to install them rather
    // than a stack trace. The AWS binding is asked for by the config's institutions (cli/bindings.ts).
    load: () => (requireFamily('email-auth synth', false), require('./synth').synth),
  },
  check: {
    usage: 'check [--config FILE] [--json]',
    summary: 'validate the config and print the records it would publish, without synthesizing',
    load: () => require('./check').check,
  },
  summary: {
    usage:
      'summary [--config FILE] [--full FILE] [--max-chars N] [--fail-on-risk] [--max-auth-removals N] [--max-touched-percent P] ' +
      '(<plan.json>... [--stack NAME=FILE]... [--plans DIR]... [--changed FILE] | --changed FILE | --base DIR --head DIR)',
    summary: 'Markdown for a pull request: DNS changes of terraform plans, or between two synth outputs',
    load: () => require('./summary').summary,
  },
  verify: {
    usage:
      'verify [--config FILE | --domain D --code C] [--dns-server HOST:PORT] [--ip ADDR] [--planned DIR] [--json] [--junit FILE] ' +
      '[--timeout MS] [--retries N] [--concurrency N]',
    summary: 'check live DNS like a mail receiver: SPF, DKIM, DMARC, MX per institution (--planned: as after deploy)',
    load: () => require('./verify').verify,
  },
  init: {
    usage: 'init [DIR] [--core cdktn|cdktf] [--force]',
    summary: 'write a config-only repository: institutions.yaml, cdktf.json, package.json (--core: the CDK core, default cdktn), .gitignore, workflow, README',
    load: () => require('./init').init,
  },
  reports: {
    usage:
      'reports [--config FILE] [PATH...] [--imap imaps://USER@HOST[:PORT]/MAILBOX [--move-to FOLDER] [--ca FILE]] [--since DAYS] ' +
      '[--days N] [--messages N] [--pass-rate PCT] [--markdown | --json]',
    summary: 'read DMARC aggregate reports (files, folders, IMAP) and say per institution when its policy can tighten',
    load: () => require('./reports').reports,
  },
  changed: {
    usage: 'changed --base DIR --head DIR [--json | --matrix]',
    summary: 'the stacks whose synthesized Terraform differs between two synth outputs (added, changed, removed, why)',
    load: () => require('./changed').changed,
  },
  plan: {
    usage:
      'plan [--synth DIR] (--stacks a,b,... | --changed-from BASE_DIR | --all) --out DIR [--parallel N] [--plugin-cache DIR]',
    summary: 'terraform init, plan and show -json per stack in a bounded pool; saved plans and a manifest (exit 0 none, 2 changes, 1 error)',
    load: () => require('./plan').plan,
  },
  apply: {
    usage: 'apply --plans DIR [--synth DIR] [--parallel N] [--plugin-cache DIR]',
    summary: 'apply exactly the saved plans with changes, refusing any whose stack or plan file no longer matches',
    load: () => require('./apply').apply,
  },
  lock: {
    usage: 'lock [--fs-mirror DIR] [--platform OS_ARCH]...',
    summary: 'refresh the committed .terraform.lock.hcl (terraform providers lock), from the registries or a mirror',
    load: () => require('./lock').lock,
  },
};

function printHelp(io: Io): void {
  io.err('usage: email-auth <command> [options]    (email-auth --version prints the version)\n\ncommands:');
  for (const { usage, summary } of Object.values(COMMANDS)) io.err(`  ${usage}\n      ${summary}`);
}

export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    printHelp(io);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(ownPackageJson().version);
    return EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(terminalText(`unknown command ${JSON.stringify(name)}`));
    printHelp(io);
    return EXIT.usage;
  }
  try {
    return await entry.load().run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      // Usage errors quote what was typed: shown line by line with control characters escaped.
      io.err(`${e.message.split('\n').map(terminalText).join('\n')}\nusage: email-auth ${entry.usage}`);
      return e.exitCode;
    }
    if (e instanceof MissingPeerDependencyError) {
      io.err(e.message);
      return EXIT.failed;
    }
    throw e;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
