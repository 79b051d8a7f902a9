// Runs the real app (`node dist/main.js`, what cdktf.json runs) on a config, into a temporary output folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scratchDir } from './terraform';

export const REPO_ROOT = resolve(__dirname, '..', '..');
const APP = join(REPO_ROOT, 'dist', 'main.js');

export interface SynthOutput {
  /** The output folder (what CDKTF_OUTDIR pointed to). */
  readonly outdir: string;
  /** Stack name → its folder, `<outdir>/stacks/<stack>`. */
  readonly stacks: ReadonlyMap<string, string>;
  readonly stderr: string;
}

/**
 * Writes `config` (YAML text, or an object written as JSON) to a temporary file and synthesizes it with the built
 * app; `npm test` builds dist/ before jest runs. Throws with the app's error output when synth fails.
 */
export function synthApp(config: string | object, env: NodeJS.ProcessEnv = {}): SynthOutput {
  if (!existsSync(APP)) throw new Error(`${APP} is missing: run \`npx tsc -p .\` (npm test does) before these tests`);
  const dir = scratchDir('email-auth-synth-');
  const configFile = join(dir, typeof config === 'string' ? 'institutions.yaml' : 'institutions.json');
  writeFileSync(configFile, typeof config === 'string' ? config : JSON.stringify(config));
  const outdir = join(dir, 'cdktf.out');
  const run = spawnSync(process.execPath, [APP], {
    cwd: dir,
    env: { ...process.env, ...env, EMAIL_AUTH_CONFIG: configFile, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`synth failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  const stacksDir = join(outdir, 'stacks');
  const stacks = new Map(readdirSync(stacksDir).sort().map((stack) => [stack, join(stacksDir, stack)] as const));
  return { outdir, stacks, stderr: run.stderr };
}

/** The example config shipped with the repository. */
export function exampleConfig(): string {
  return readFileSync(join(REPO_ROOT, 'institutions.yaml'), 'utf8');
}

/** A synthesized stack's `cdk.tf.json`, parsed. */
export function stackJson(stackDir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
}
