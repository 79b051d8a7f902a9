// Runs the real app (`node dist/main.js`, which cdktf.json runs through scripts/app.js; built by `npm test` before jest) on a config,
// in a temporary folder that is also its working directory and holds its CDKTF_OUTDIR.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scratchDir } from './terraform';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const APP_SCRIPT = 'dist/main.js';
/**
 * The package whose app runs: this repository, or an installed copy of it (`EMAIL_AUTH_TEST_PACKAGE`), which
 * __tests__/core/other-core.int.test.ts sets to run the app tests on CDK Terrain.
 */
export const PACKAGE_ROOT = process.env.EMAIL_AUTH_TEST_PACKAGE ?? REPO_ROOT;

export interface AppRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The output folder (what CDKTF_OUTDIR pointed to); it exists only when something was written. */
  readonly outdir: string;
}

/**
 * Runs the app of `packageRoot` on a config: YAML text, an object (written as JSON), or `{ path }` of an existing
 * file. Temporary folders are removed by `cleanupTerraformDirs` (call it in `afterAll`).
 */
export function runApp(config: string | object | { path: string }, env: NodeJS.ProcessEnv = {}, packageRoot: string = PACKAGE_ROOT): AppRun {
  const app = join(packageRoot, APP_SCRIPT);
  if (!existsSync(app)) throw new Error(`${app} is missing: run \`npm run build\` (npm test does) before these tests`);
  const dir = scratchDir('email-auth-app-');
  let configFile: string;
  if (typeof config === 'object' && 'path' in config) configFile = config.path as string;
  else {
    configFile = join(dir, typeof config === 'string' ? 'institutions.yaml' : 'institutions.json');
    writeFileSync(configFile, typeof config === 'string' ? config : JSON.stringify(config));
  }
  const outdir = join(dir, 'cdktf.out');
  const run = spawnSync(process.execPath, [app], {
    cwd: dir,
    env: { ...process.env, ...env, EMAIL_AUTH_CONFIG: configFile, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outdir };
}

/** The stacks written into an output folder, sorted. */
export function stacksIn(outdir: string): string[] {
  const dir = join(outdir, 'stacks');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** A synthesized stack's `cdk.tf.json`, parsed. */
export function stackJson(stackDir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
}

export function readStack(outdir: string, stack: string): Record<string, any> {
  return stackJson(join(outdir, 'stacks', stack));
}

/** The example config shipped with the repository. */
export function exampleConfig(): string {
  return readFileSync(join(REPO_ROOT, 'institutions.yaml'), 'utf8');
}
