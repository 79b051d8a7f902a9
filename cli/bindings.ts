import { AppConfig } from '../config/load';
import { missingBindings } from '../stacks';
import { Io } from './command';

/**
 * Whether what the config's institutions need is installed: a CDK core and constructs, and the core's AWS binding
 * for Route53 (each an optional peer dependency; Cloudflare needs no binding); prints the one error naming the
 * packages to install. `synth` and `check` ask before anything else, so that nothing is written.
 */
export function bindingsInstalled(config: AppConfig, io: Io): boolean {
  const missing = missingBindings(config);
  for (const e of missing) io.err(e.message);
  const count = missing.reduce((n, e) => n + e.packages.length, 0);
  if (missing.length > 0) io.err(`${count} package${count === 1 ? '' : 's'} missing: this config cannot be synthesized here; nothing was written.`);
  return missing.length === 0;
}
