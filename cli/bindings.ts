import { AppConfig } from '../config/load';
import { missingBindings } from '../stacks';
import { CliError, EXIT, Io } from './command';

/**
 * Throws (dependency-missing, exit 2) unless the provider bindings the config's institutions need are installed (each
 * binding is an optional peer dependency, so an install for Route53 only has no Cloudflare binding); prints one error
 * per missing binding first, naming the package to install. `synth` and `check` ask before anything else, so the
 * error comes first and alone.
 */
export function requireBindings(config: AppConfig, io: Io): void {
  const missing = missingBindings(config);
  for (const e of missing) io.err(e.message);
  if (missing.length > 0) throw new CliError('dependency-missing', `${missing.length} package${missing.length === 1 ? '' : 's'} missing: this config cannot be synthesized here`, EXIT.usage, true);
}
