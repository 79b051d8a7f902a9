import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileErrorText } from '../io/file-error';
import { mirrorCliConfig } from '../pipeline/mirror-config';
import { defaultParallel, defaultPluginCacheDir, Terraform, terraformText } from '../pipeline/terraform';
import { TerraformStep, terraformHints } from '../pipeline/terraform-hints';
import { terminalText } from '../model/terminal-text';
import { CliError, Io } from './command';

/**
 * The terraform runner of `plan` and `apply`: `--parallel N` (bounded by the command's table; default: the CPUs, at
 * most 8) and the plugin cache (`--plugin-cache DIR`, else `TF_PLUGIN_CACHE_DIR`, else ~/.cache/email-auth/terraform-plugins).
 */
export function terraformFromFlags(flags: { parallel?: number; 'plugin-cache'?: string }, io: Io): Terraform {
  const pluginCacheDir = flags['plugin-cache'] || io.env.TF_PLUGIN_CACHE_DIR || defaultPluginCacheDir(io.env);
  return new Terraform({ env: io.env, pluginCacheDir, parallel: flags.parallel ?? defaultParallel() });
}

/**
 * Runs `run` with terraform set to install providers from the filesystem mirror `dir` only (`--fs-mirror DIR`): a
 * CLI configuration in a temporary folder, named by TF_CLI_CONFIG_FILE in the environment `run` gets, removed after.
 * Without `dir`, `run` gets `io` as it is.
 */
export async function withFsMirror<T>(dir: string | undefined, io: Io, run: (io: Io) => Promise<T>): Promise<T> {
  if (dir === undefined) return run(io);
  const mirror = resolve(dir);
  let isFolder = false;
  try {
    isFolder = statSync(mirror).isDirectory();
  } catch (e) {
    throw new CliError('input-unreadable', `--fs-mirror ${dir} ${fileErrorText(e)}`);
  }
  if (!isFolder) throw new CliError('input-unreadable', `--fs-mirror ${dir} is not a folder (give the folder \`terraform providers mirror\` wrote)`);
  if (io.env.TF_CLI_CONFIG_FILE) io.err(terminalText(`--fs-mirror: terraform uses a CLI configuration with only the mirror ${mirror}, not $TF_CLI_CONFIG_FILE (${io.env.TF_CLI_CONFIG_FILE})`));
  const folder = mkdtempSync(join(tmpdir(), 'email-auth-tfrc-'));
  try {
    const file = join(folder, 'terraform.tfrc');
    writeFileSync(file, mirrorCliConfig(mirror));
    return await run({ ...io, env: { ...io.env, TF_CLI_CONFIG_FILE: file } });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Terraform's error text as indented lines safe for a terminal, then what to do about it when the cause is known. */
export function terraformErrorLines(error: string, step: TerraformStep): string[] {
  return [...terraformText(error), ...terraformHints(error, step).map((hint) => `  ${terminalText(hint)}`)];
}

/** `12.3 s` */
export const secondsText = (seconds: number) => `${seconds.toFixed(1)} s`;
