import { defaultParallel, defaultPluginCacheDir, Terraform } from '../pipeline/terraform';
import { Io, UsageError } from './command';

/** The most terraform processes a command runs at once, whatever is asked. */
const MAX_PARALLEL = 64;

/**
 * The terraform runner of `plan` and `apply`: `--parallel N` (default: the CPUs, at most 8) and the plugin cache
 * (`--plugin-cache DIR`, else `TF_PLUGIN_CACHE_DIR`, else ~/.cache/email-auth/terraform-plugins).
 */
export function terraformFromFlags(flags: { parallel?: string; 'plugin-cache'?: string }, io: Io): Terraform {
  const parallel = flags.parallel === undefined ? defaultParallel() : Number(flags.parallel);
  if (flags.parallel !== undefined && (!/^[0-9]+$/.test(flags.parallel) || parallel < 1 || parallel > MAX_PARALLEL)) {
    throw new UsageError(`--parallel must be a whole number from 1 to ${MAX_PARALLEL}, got ${JSON.stringify(flags.parallel)}`);
  }
  const pluginCacheDir = flags['plugin-cache'] || io.env.TF_PLUGIN_CACHE_DIR || defaultPluginCacheDir(io.env);
  return new Terraform({ env: io.env, pluginCacheDir, parallel });
}

/** `12.3 s` */
export const secondsText = (seconds: number) => `${seconds.toFixed(1)} s`;
