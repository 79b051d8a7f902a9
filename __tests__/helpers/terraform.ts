// Runs the real terraform binary against synthesized stacks, offline: providers come from a local filesystem mirror
// (never the registry), every run happens in a temporary copy of the stack, never in the repository.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Env variable naming another provider mirror folder (unpacked or packed layout). */
export const MIRROR_ENV = 'EMAIL_AUTH_TF_MIRROR';
export const DEFAULT_MIRROR = '/opt/tf-plugins';
/** The only provider the mirror must hold: Cloudflare stacks are checked at JSON level, never initialised. */
export const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

export function mirrorDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[MIRROR_ENV] || DEFAULT_MIRROR;
}

/** Why terraform tests cannot run here (names what is missing), or undefined when they can. */
export function terraformSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const version = spawnSync('terraform', ['version'], { encoding: 'utf8', env: { ...env, CHECKPOINT_DISABLE: '1' } });
  if (version.error || version.status !== 0) return `terraform binary not found on PATH (${version.error?.message ?? version.stderr.trim()})`;
  const providerDir = join(mirrorDir(env), AWS_PROVIDER);
  if (!existsSync(providerDir) || readdirSync(providerDir).length === 0) {
    return `provider mirror has no ${AWS_PROVIDER} at ${providerDir} (set ${MIRROR_ENV} to a folder holding it)`;
  }
  return undefined;
}

/**
 * `describe` when terraform and the mirror are there; otherwise `describe.skip`, after printing why, so a skipped
 * suite is visible in the output rather than silently green.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  const reason = terraformSkipReason();
  if (reason === undefined) return describe(name, body);
  console.warn(`SKIPPED "${name}": ${reason}`);
  describe.skip(name, body);
}

let cliEnv: NodeJS.ProcessEnv | undefined;
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * The environment to run terraform with: a CLI config whose only installation method is the filesystem mirror (so
 * init never reaches the network), no upgrade checks, automation output. Written once per test file. No plugin
 * cache: from an unpacked mirror terraform symlinks the provider into .terraform, which is already as cheap as it gets.
 */
export function terraformEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (cliEnv) return cliEnv;
  const file = join(tempDir('email-auth-tfrc-'), 'terraform.tfrc');
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirrorDir(env))}\n    include = [${JSON.stringify(AWS_PROVIDER)}]\n  }\n}\n`,
  );
  cliEnv = { ...env, TF_CLI_CONFIG_FILE: file, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
  return cliEnv;
}

export interface TerraformResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform <args>` in `cwd`; rejects with terraform's own error text when it fails. */
export function terraform(args: readonly string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'terraform',
      [...args],
      { cwd, env: { ...terraformEnv(), ...extraEnv }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`terraform ${args.join(' ')} failed in ${cwd}:\n${stderr || stdout || error.message}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * Keeps whatever backend the stack declares (s3, cloud...) out of the test: state and locks go to the temporary
 * copy. A `*_override.tf.json` backend block replaces the configuration's backend (Terraform override files).
 */
const LOCAL_BACKEND_OVERRIDE = { terraform: { backend: { local: { path: 'terraform.tfstate' } } } };

/** Test-only provider settings for an offline plan with dummy credentials; never part of the product. */
export const OFFLINE_AWS_OVERRIDE = {
  provider: { aws: [{ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true }] },
};
export const DUMMY_AWS_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAOFFLINETESTONLY00', AWS_SECRET_ACCESS_KEY: 'offline-test-only', AWS_EC2_METADATA_DISABLED: 'true' };

const initialised = new Map<string, Promise<string>>();

/**
 * Copies a synthesized stack folder (`cdktf.out/stacks/<stack>`) to a temporary folder and runs `terraform init`
 * there against the mirror. One init per stack folder per test file: later calls share it.
 * @returns the temporary working folder
 */
export function initStack(stackDir: string): Promise<string> {
  let work = initialised.get(stackDir);
  if (!work) {
    work = (async () => {
      const dir = tempDir('email-auth-tf-');
      cpSync(stackDir, dir, { recursive: true });
      writeFileSync(join(dir, 'test_backend_override.tf.json'), JSON.stringify(LOCAL_BACKEND_OVERRIDE));
      await terraform(['init', '-input=false', '-no-color'], dir);
      return dir;
    })();
    initialised.set(stackDir, work);
  }
  return work;
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly { severity: string; summary: string; detail?: string }[];
}

/** init (shared) + `terraform validate -json`. */
export async function initValidate(stackDir: string): Promise<ValidateResult & { dir: string }> {
  const dir = await initStack(stackDir);
  // validate -json exits 1 on an invalid configuration but still prints the JSON: read it either way.
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile('terraform', ['validate', '-json', '-no-color'], { cwd: dir, env: terraformEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, out, err) =>
      out ? resolve(out) : reject(new Error(`terraform validate printed nothing in ${dir}: ${err || error?.message}`)),
    ),
  );
  return { ...(JSON.parse(stdout) as ValidateResult), dir };
}

/** The parts of `terraform show -json <planfile>` the tests read. */
export interface PlanJson {
  readonly format_version: string;
  readonly planned_values: { root_module: { resources?: PlannedResource[] } };
  readonly resource_changes?: { address: string; type: string; change: { actions: string[]; before: unknown; after: unknown }; importing?: { id: string } }[];
  readonly output_changes?: Record<string, { actions: string[]; after: unknown; after_unknown?: unknown }>;
  readonly configuration: unknown;
}
export interface PlannedResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
}

/**
 * init (shared) + the offline override + `terraform plan -refresh=false -out` with dummy AWS credentials +
 * `terraform show -json`. Works for stacks whose zone is given by id (a zone lookup or an import needs the API).
 * @returns the parsed plan, and the path of the JSON file written next to the plan in the temporary folder
 */
export async function planJson(stackDir: string): Promise<{ plan: PlanJson; file: string; dir: string }> {
  const dir = await initStack(stackDir);
  writeFileSync(join(dir, 'test_offline_override.tf.json'), JSON.stringify(OFFLINE_AWS_OVERRIDE));
  await terraform(['plan', '-refresh=false', '-input=false', '-no-color', '-lock=false', '-out=plan.tfplan'], dir, DUMMY_AWS_CREDENTIALS);
  const { stdout } = await terraform(['show', '-json', 'plan.tfplan'], dir, DUMMY_AWS_CREDENTIALS);
  const file = join(dir, 'plan.json');
  writeFileSync(file, stdout);
  return { plan: JSON.parse(stdout) as PlanJson, file, dir };
}

/** Maps `items` with at most two calls running at once (terraform is CPU-bound; CI machines have 2 cores). */
export async function inPairs<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** A fresh temporary folder that {@link cleanupTerraformDirs} removes (for synth outputs, config files...). */
export function scratchDir(prefix = 'email-auth-test-'): string {
  const dir = tempDir(prefix);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes every temporary folder this file created; call from `afterAll`. */
export function cleanupTerraformDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  initialised.clear();
  cliEnv = undefined;
}
