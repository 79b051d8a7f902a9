import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { addInstitutionStacks, stackSideFiles } from '../stacks';
import { STACKS_FOLDER } from '../stacks/stack-props';
import { Command, EXIT, loadConfig, parseFlags } from './command';

export const synth: Command = {
  run(args, io) {
    const { values } = parseFlags(args, { config: { type: 'string' } });
    const config = loadConfig(values.config, io);
    if (!config) return EXIT.failed;
    // No outdir here: App takes CDKTF_OUTDIR, which cdktf-cli sets from cdktf.json (and --output).
    // Stack traces in construct metadata cost time at every synth and are of no use in the output.
    const app = new App({ stackTraces: false });
    const stacks = withoutStackTraceText(() => {
      const built = addInstitutionStacks(app, config);
      app.synth();
      return built;
    });
    // After synth, so the stack folders exist; cdktf's own synthesizer has no hook for extra files.
    for (const stack of stacks) {
      for (const [file, text] of Object.entries(stackSideFiles(stack))) writeFileSync(join(app.outdir, STACKS_FOLDER, stack.node.id, file), text);
    }
    return EXIT.ok;
  },
};

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
