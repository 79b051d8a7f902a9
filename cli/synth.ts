import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Annotations, App } from '../core';
import { ANNOTATE_WARNINGS_CONTEXT } from '../constructs/email-auth-base';
import { terminalText } from '../model/terminal-text';
import { LOCK_FILE, LockFileError } from '../pipeline/lock-file';
import { writeStackLockFiles } from '../pipeline/stack-lock';
import { addInstitutionStacks, stackSideFiles } from '../stacks';
import { stackName, STACKS_FOLDER } from '../stacks/stack-props';
import { formatWarningGroup } from './warning-groups';
import { unescapedTemplates } from '../tfjson/template-check';
import { requireBindings } from './bindings';
import { CliError, Command, EXIT, loadConfig } from './command';
import { SYNTH } from './commands/synth';
import { OutputBusyError, previousStacks, synthTarget, writeOutputFolder } from './synth-output';

export const synth: Command<typeof SYNTH> = {
  run({ values }, io) {
    // cdktf-cli shows everything the app prints on stderr as a red `[ERROR]`, and its stdout as it is; it prints each
    // stack's annotations after the synth, warnings as `WARN`. Under it, the config's warnings are left to the
    // annotations below, and the other notes go to stdout.
    const underCdktfCli = io.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
    const note = underCdktfCli ? io.out : io.err;
    const config = loadConfig(values.config, io, { quietWarnings: underCdktfCli });
    requireBindings(config, io);
    // The folder App would use (CDKTF_OUTDIR, which cdktf-cli sets from cdktf.json and --output), written whole.
    const target = synthTarget(io.env);
    const before = previousStacks(target);
    let names: string[];
    try {
      names = writeOutputFolder(target, (staging) => {
        // Stack traces in construct metadata cost time at every synth and are of no use in the output.
        // The warnings were printed above, folded across institutions; cdktf-cli shows each stack's annotations, so
        // they go to the stack of the first institution they concern, folded too, rather than once per construct.
        const app = new App({ outdir: staging, stackTraces: false, context: { [ANNOTATE_WARNINGS_CONTEXT]: false } });
        const stacks = withoutStackTraceText(() => {
          const built = addInstitutionStacks(app, config);
          for (const group of config.warnings) {
            const first = built.find((stack) => stack.node.id === stackName(group.codes[0] ?? '')) ?? built[0];
            // cdktf-cli prints it as `WARN [stack]: …`: the line without its own `warning: `.
            if (first) Annotations.of(first).addWarning(formatWarningGroup(group).replace(/^warning: /, ''));
          }
          app.synth();
          return built;
        });
        // After synth, so the stack folders exist; cdktf's own synthesizer has no hook for extra files.
        for (const stack of stacks) {
          for (const [file, text] of Object.entries(stackSideFiles(stack))) writeFileSync(join(staging, STACKS_FOLDER, stack.node.id, file), text);
        }
        // Each stack as written, read once: for the template guard and for the providers its lock file must hold.
        const written = stacks.map((s) => ({ name: s.node.id, json: readStackInOneLayout(join(staging, STACKS_FOLDER, s.node.id, 'cdk.tf.json')) }));
        const found = written.flatMap(({ name, json }) => unescapedTemplates(json).map((t) => ({ stack: name, ...t })));
        if (found.length > 0) throw new TemplateLeak(found);
        // The repository's dependency lock file (in the folder synth runs in), cut to each stack's providers.
        for (const line of writeStackLockFiles(join(staging, STACKS_FOLDER), written, resolve(LOCK_FILE))) note(line);
        if (underCdktfCli) leaveFoldersForCdktfCli(target, staging, stacks.map((s) => s.node.id));
        return stacks.map((s) => s.node.id);
      });
    } catch (e) {
      if (e instanceof OutputBusyError) throw new CliError('busy', e.message, EXIT.usage);
      if (e instanceof LockFileError) throw new CliError('input-unreadable', e.message, EXIT.usage, true);
      if (!(e instanceof TemplateLeak)) throw e;
      for (const t of e.found) io.err(terminalText(`${t.stack}: ${t.path}: Terraform would evaluate ${JSON.stringify(t.sequence)} (a bug: every literal must be escaped)`));
      throw new CliError('internal', `${e.found.length} unescaped Terraform template sequence(s)`, EXIT.usage, true);
    }
    io.out(terminalText(wroteLine(names, before, join(target, STACKS_FOLDER))));
    return EXIT.ok;
  },
};

/** `wrote 3 stacks (1 removed) to cdktf.out/stacks`: the folder relative to the working folder when it is inside it. */
export function wroteLine(written: readonly string[], before: readonly string[], stacksFolder: string): string {
  const now = new Set(written);
  const removed = before.filter((name) => !now.has(name)).length;
  const shown = relative(process.cwd(), stacksFolder);
  const where = shown === '' || shown.startsWith('..') || isAbsolute(shown) ? stacksFolder : shown;
  return `wrote ${written.length} stack${written.length === 1 ? '' : 's'} (${removed === 0 ? 'none' : removed} removed) to ${where}`;
}

/**
 * cdktf-cli (which sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) lists the stack folders before it runs the app and
 * afterwards deletes those whose stack is gone, without `force`: it fails when the folder is already gone, as it is
 * after a whole-folder swap. An empty folder per removed stack lets it finish its own cleanup; readers go by
 * manifest.json, which never lists them.
 */
function leaveFoldersForCdktfCli(target: string, staging: string, stacks: readonly string[]): void {
  const old = join(target, STACKS_FOLDER);
  if (!existsSync(old)) return;
  for (const name of readdirSync(old)) if (!stacks.includes(name)) mkdirSync(join(staging, STACKS_FOLDER, name), { recursive: true });
}

/**
 * An empty object or list written over two lines (`{\n    }`), as cdktf writes them; CDK Terrain writes `{}` and
 * `[]`, as JSON.stringify does. A raw line break is never inside a JSON string (it is escaped there), so joining these
 * changes layout only.
 */
const EMPTY_OVER_TWO_LINES = /([[{])\n *([\]}])/g;

/**
 * A synthesized stack, parsed, its file rewritten with empty objects and lists as `{}` and `[]` when the core wrote
 * them over two lines: the same stack is then the same bytes whichever core wrote it
 * (__tests__/core/other-core.int.test.ts). A regular expression over the text, not a new JSON.stringify: a third of
 * the CPU (8 ms per 1,000 stacks here) and nothing but those line breaks can change.
 */
function readStackInOneLayout(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const oneLayout = text.replace(EMPTY_OVER_TWO_LINES, '$1$2');
  if (oneLayout !== text) writeFileSync(file, oneLayout);
  return JSON.parse(oneLayout) as Record<string, unknown>;
}

/** The synthesized stacks hold template syntax that is not one of their references: refuse to write them. */
class TemplateLeak extends Error {
  constructor(readonly found: readonly { stack: string; path: string; sequence: string }[]) {
    super('unescaped Terraform template syntax in the synthesized stacks');
  }
}

/**
 * Runs `build` with JavaScript stack traces left unformatted. cdktf records the full creation stack of every token
 * it makes (Lazy and intrinsic tokens: cdktf/lib/tokens/private/stack-trace.js), whatever App's `stackTraces` says,
 * and formatting them is about a sixth of the CPU and a quarter of the memory of a 1,000-stack synth (BENCHMARKS.md);
 * cdktf shows that text only in the message of a token that fails to resolve. Errors thrown still get their full
 * stack: V8 formats a stack when it is first read, which is after this returns.
 */
export function withoutStackTraceText<T>(build: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
