import { AppConfig } from '../config/load';
import { missingBindings } from '../stacks';
import { CliError, EXIT, Io } from './command';

/**
 * Throws (dependency-missing, exit 2) unless what the config's institutions need is installed: a CDK core and
 * constructs, and the core's AWS binding for Route53 (each an optional peer dependency; Cloudflare needs no binding);
 * prints the one error naming the packages to install first. `synth` and `check` ask before anything else, so the
 * error comes first and alone, and nothing is written.
 */
export function requireBindings(config: AppConfig, io: Io): void {
  const missing = missingBindings(config);
  for (const e of missing) io.err(e.message);
  const count = missing.reduce((n, e) => n + e.packages.length, 0);
  if (missing.length > 0) throw new CliError('dependency-missing', `${count} package${count === 1 ? '' : 's'} missing: this config cannot be synthesized here`, EXIT.usage, true);
}
