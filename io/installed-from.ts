import { basename, dirname, join } from 'node:path';
import { readBoundedFile } from './bounded-file';
import { PACKAGE_NAME } from './package-json';

/** A project's package.json larger than this is not read: the spec is a hint, never worth a big read. */
const MAX_PACKAGE_JSON_BYTES = 1024 * 1024;
/** npm accepts longer specs, but none that init would carry into a new repository. */
const MAX_SPEC_CHARS = 2048;

/**
 * The dependency spec this copy of the package was installed with, as the installing project's package.json saves
 * it, or undefined when that cannot be known (run from a clone, a global install, an unreadable file).
 *
 * `npx <spec> init` installs into `<npm cache>/_npx/<hash>/node_modules/email-auth-dns` and saves the spec in
 * `<hash>/package.json` like any project does: `^0.2.0` from the registry, the URL itself for a release tarball, a
 * `file:` path for a local one. That is how `init` tells them apart (cli/scaffold.ts scaffoldDependency).
 */
export function installedSpec(packageRoot: string): string | undefined {
  if (basename(dirname(packageRoot)) !== 'node_modules') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readBoundedFile(join(dirname(dirname(packageRoot)), 'package.json'), MAX_PACKAGE_JSON_BYTES).toString('utf8'));
  } catch {
    return undefined; // missing, unreadable, too large or not JSON: the spec is unknown, which is not an error
  }
  if (typeof json !== 'object' || json === null) return undefined;
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = (json as Record<string, unknown>)[field];
    if (typeof deps !== 'object' || deps === null || !Object.prototype.hasOwnProperty.call(deps, PACKAGE_NAME)) continue;
    const spec = (deps as Record<string, unknown>)[PACKAGE_NAME];
    return typeof spec === 'string' && spec.length <= MAX_SPEC_CHARS ? spec : undefined;
  }
  return undefined;
}
