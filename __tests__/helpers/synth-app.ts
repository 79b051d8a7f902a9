import { join } from 'node:path';
import { runApp, stacksIn } from './run-app';

export { exampleConfig, REPO_ROOT, stackJson } from './run-app';

export interface SynthOutput {
  /** The output folder (what CDKTF_OUTDIR pointed to). */
  readonly outdir: string;
  /** Stack name → its folder, `<outdir>/stacks/<stack>`. */
  readonly stacks: ReadonlyMap<string, string>;
  readonly stderr: string;
}

/** Synthesizes a config that must be valid with the real app; throws with the app's error output when it is not. */
export function synthApp(config: string | object, env: NodeJS.ProcessEnv = {}): SynthOutput {
  const run = runApp(config, env);
  if (run.status !== 0) throw new Error(`synth failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  const stacks = new Map(stacksIn(run.outdir).map((stack) => [stack, join(run.outdir, 'stacks', stack)] as const));
  return { outdir: run.outdir, stacks, stderr: run.stderr };
}
