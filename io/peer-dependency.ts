import { ownPackageJson, PACKAGE_NAME } from './package-json';

/**
 * A peer dependency that is not installed. `cdktf`, `constructs` and the provider bindings are peers: the app that
 * uses this package owns their versions, and installs only the provider bindings it uses (each binding is optional
 * in `peerDependenciesMeta`, because `@cdktf/provider-aws` alone is about 400 MB).
 */
export class MissingPeerDependencyError extends Error {
  /** The npm command that installs it, with the range this package supports. */
  readonly install: string;

  constructor(
    /** The package to install, e.g. `@cdktf/provider-cloudflare`. */
    readonly packageName: string,
    /** What needs it: an entry point (`email-auth-dns/cloudflare`) or a config's institutions. */
    neededBy: string,
  ) {
    const range = ownPackageJson().peerDependencies[packageName];
    const install = `npm install ${range ? `${packageName}@${range}` : packageName}`;
    super(`${neededBy} needs the package ${packageName}, which is not installed: ${install}`);
    this.name = 'MissingPeerDependencyError';
    this.install = install;
  }
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

/** The provider binding each provider's constructs and stacks load. */
export const PROVIDER_BINDINGS = { route53: '@cdktf/provider-aws', cloudflare: '@cdktf/provider-cloudflare' } as const;

/** The peers a provider's entry point needs: cdktf, constructs and the provider's binding. */
export function providerPeers(provider: keyof typeof PROVIDER_BINDINGS): string[] {
  return ['cdktf', 'constructs', PROVIDER_BINDINGS[provider]];
}

export { PACKAGE_NAME };
