// The core family this process runs on, decided once from what is installed, without loading any of it: the entry
// points and the CLI ask here first, so that a missing package is named with the command to install it rather than
// surfacing as a stack trace from `require`.
import { PACKAGE_NAME } from '../io/package-json';
import { isInstalled, MissingPeerDependencyError } from '../io/peer-dependency';
import { chooseFamily, CoreFamily, coreProblem } from './packages';

export type { CoreFamily, CoreName } from './packages';

let chosen: { readonly family: CoreFamily | undefined } | undefined;

/** The family {@link chooseFamily} picks from the packages installed beside this package; undefined when no core is. */
export function installedFamily(): CoreFamily | undefined {
  chosen ??= { family: chooseFamily(isInstalled) };
  return chosen.family;
}

/**
 * The family to run on, or a {@link MissingPeerDependencyError} naming what `neededBy` lacks: a core and
 * `constructs`, and with `needsAws` the AWS binding of that core.
 */
export function requireFamily(neededBy: string, needsAws: boolean): CoreFamily {
  const family = installedFamily();
  const problem = coreProblem(family, needsAws, isInstalled);
  if (problem) {
    const [first, ...rest] = problem.install;
    throw new MissingPeerDependencyError(first!, neededBy, { with: rest, ...(problem.reason && { reason: problem.reason }), ...(problem.otherwise && { otherwise: problem.otherwise }) });
  }
  return family!;
}

/**
 * A module of the core by its path inside the package (`lib/testing/adapters/jest`) without loading the core's root
 * (0.6 s): for the test setup, which every test file runs.
 */
export function coreModule<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`${requireFamily(PACKAGE_NAME, false).core}/${path}`) as T;
}

/** What `neededBy` lacks to run here, as the error {@link requireFamily} would throw; undefined when nothing. */
export function missingFamily(neededBy: string, needsAws: boolean): MissingPeerDependencyError | undefined {
  try {
    requireFamily(neededBy, needsAws);
    return undefined;
  } catch (e) {
    if (e instanceof MissingPeerDependencyError) return e;
    throw e;
  }
}
