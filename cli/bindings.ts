import { AppConfig } from '../config/load';
import { missingBindings } from '../stacks';
import { Io } from './command';

/**
 * Whether the provider bindings the config's institutions need are installed (each binding is an optional peer
 * dependency, so an install for Route53 only has no Cloudflare binding); prints one error per missing binding,
 * naming the package to install. `synth` and `check` ask before anything else, so the error comes first and alone.
 */
export function bindingsInstalled(config: AppConfig, io: Io): boolean {
  const missing = missingBindings(config);
  for (const e of missing) io.err(e.message);
  if (missing.length > 0) io.err(`${missing.length} package${missing.length === 1 ? '' : 's'} missing: this config cannot be synthesized here; nothing was written.`);
  return missing.length === 0;
}
