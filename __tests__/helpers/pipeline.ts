// The pipeline commands (changed, plan, apply) as CI runs them: the compiled CLI (`node dist/cli/main.js`) on synth
// outputs of the real app, which runs in a project folder holding the repository's lock file (synth copies it into
// every stack). Terraform runs offline, against the provider mirror.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-app';
import { AWS_PROVIDER, DUMMY_AWS_CREDENTIALS, mirrorDir, OFFLINE_AWS_OVERRIDE, scratchDir } from './terraform';

export const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
export const REPO_LOCK_FILE = join(REPO_ROOT, '.terraform.lock.hcl');

/** A project folder (the app's working folder) holding the repository's lock file, unless `withLock` is false. */
export function projectDir(withLock = true): string {
  const dir = scratchDir('email-auth-project-');
  if (withLock) copyFileSync(REPO_LOCK_FILE, join(dir, '.terraform.lock.hcl'));
  return dir;
}

/**
 * Synthesizes `config` (object, written as JSON, or the path of a config file) with the real app in `project`, into
 * `<project>/<outName>`; throws with the app's output when it fails.
 */
export function synthIn(project: string, config: object | { path: string }, outName = 'cdktf.out'): string {
  const app = join(REPO_ROOT, 'dist', 'main.js');
  if (!existsSync(app)) throw new Error(`${app} is missing: run \`npx tsc -p .\` (npm test does) before these tests`);
  let file: string;
  if ('path' in config && typeof config.path === 'string') file = config.path;
  else {
    file = join(project, `${outName}.json`);
    writeFileSync(file, JSON.stringify(config));
  }
  const outdir = join(project, outName);
  const run = spawnSync(process.execPath, [app], { cwd: project, env: { ...process.env, EMAIL_AUTH_CONFIG: file, CDKTF_OUTDIR: outdir }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`synth failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  return outdir;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `email-auth <args>` in `cwd` with `env` added to this process's environment (without blocking jest). */
export function emailAuth(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Route53 institutions by zone id (plannable offline), `inst00`…: `count` of them. */
export function route53Config(count: number, prefix = 'inst'): { institutions: object[] } {
  return {
    institutions: Array.from({ length: count }, (_, i) => {
      const n = String(i).padStart(2, '0');
      return { code: `${prefix}${n}`, domain: `${prefix}${n}.example.org`, provider: 'route53', zoneId: `Z0${prefix.toUpperCase()}${n}000000000001`.slice(0, 21) };
    }),
  };
}

/** Puts the test-only provider override (offline plan, dummy keys) beside a synthesized stack's cdk.tf.json, where terraform (run there) reads it. */
export function addOfflineOverride(stackDir: string): void {
  writeFileSync(join(stackDir, 'test_offline_override.tf.json'), JSON.stringify(OFFLINE_AWS_OVERRIDE));
}

/**
 * The test-only provider override for a stack applied against a fake Route53 API on loopback (helpers/fake-route53.ts):
 * the offline switches, plus the Route53 endpoint. Written under the same name as the offline override, which it
 * replaces.
 */
export function addFakeRoute53Override(stackDir: string, url: string): void {
  const [aws] = OFFLINE_AWS_OVERRIDE.provider.aws;
  writeFileSync(join(stackDir, 'test_offline_override.tf.json'), JSON.stringify({ provider: { aws: [{ ...aws, endpoints: [{ route53: url }] }] } }));
}

/**
 * The environment for `plan` and `apply` in tests: a CLI config whose only installation method is `mirror` (the
 * provider mirror by default; a packed copy of it for the cache test), the plugin cache given, dummy AWS credentials.
 */
export function pipelineEnv(pluginCache: string, mirror = mirrorDir()): NodeJS.ProcessEnv {
  const rc = join(scratchDir('email-auth-tfrc-'), 'terraform.tfrc');
  writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${JSON.stringify(AWS_PROVIDER)}]\n  }\n}\n`);
  return { TF_CLI_CONFIG_FILE: rc, TF_PLUGIN_CACHE_DIR: pluginCache, ...DUMMY_AWS_CREDENTIALS };
}
