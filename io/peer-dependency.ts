import { ownPackageJson, PACKAGE_NAME } from './package-json';

/** More to say than "X is not installed": what else to install with it, why, and the other way out. */
export interface MissingPeerDetail {
  /** Packages to install together with the missing one (each named with this package's range). */
  readonly with?: readonly string[];
  /** Why, in a few words, shown in parentheses after "not installed". */
  readonly reason?: string;
  /** Another set of packages that works too, and what it is for ("to stay on the archived cdktf"). */
  readonly otherwise?: { readonly install: readonly string[]; readonly why: string };
}

/**
 * A peer dependency that is not installed. A CDK core (`cdktn` or `cdktf`), `constructs` and the AWS provider
 * binding are peers: the app that uses this package owns their versions, picks the core, and installs the AWS
 * binding only when it publishes to Route53 (each is optional in `peerDependenciesMeta`; a binding is about 400 MB).
 */
export class MissingPeerDependencyError extends Error {
  /** The npm command that installs it, with the range this package supports. */
  readonly install: string;
  /** Every package that command installs: the missing one first, then what must come with it. */
  readonly packages: readonly string[];

  constructor(
    /** The package to install, e.g. `@cdktn/provider-aws`. */
    readonly packageName: string,
    /** What needs it: an entry point (`email-auth-dns/route53`) or a config's institutions. */
    neededBy: string,
    detail: MissingPeerDetail = {},
  ) {
    const packages = [packageName, ...(detail.with ?? [])];
    const install = npmInstall(packages);
    const reason = detail.reason ? ` (${detail.reason})` : '';
    const otherwise = detail.otherwise && detail.otherwise.install.length > 0 ? ` (or, ${detail.otherwise.why}: ${npmInstall(detail.otherwise.install)})` : '';
    super(`${neededBy} needs the package ${packageName}, which is not installed${reason}: ${install}${otherwise}`);
    this.name = 'MissingPeerDependencyError';
    this.install = install;
    this.packages = packages;
  }
}

/** `npm install a@range b@range`, each package with the range this package supports. */
function npmInstall(packageNames: readonly string[]): string {
  const peers = ownPackageJson().peerDependencies;
  return `npm install ${packageNames.map((name) => (peers[name] ? `${name}@${peers[name]}` : name)).join(' ')}`;
}

/** Whether a package can be loaded from this package's folder (where Node looks when our code requires it). */
export function isInstalled(packageName: string): boolean {
  try {
    require.resolve(`${packageName}/package.json`);
    return true;
  } catch (e) {
    // The package is there, but its `exports` do not list package.json.
    return (e as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
  }
}

/** Throws {@link MissingPeerDependencyError} for the first of `packageNames` that is not installed. */
export function requirePeers(neededBy: string, packageNames: readonly string[]): void {
  const missing = packageNames.find((name) => !isInstalled(name));
  if (missing !== undefined) throw new MissingPeerDependencyError(missing, neededBy);
}

export { PACKAGE_NAME };
