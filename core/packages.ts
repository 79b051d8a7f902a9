// Which CDK core, and which AWS binding, this package runs on: a pure choice from what is installed, so that every
// combination is tested without installing it (core/index.ts makes the choice with the real `isInstalled`).

/** The two CDK cores: CDK Terrain (`cdktn`, the maintained fork) and CDK for Terraform (`cdktf`, archived 2025-12-10). */
export const CORES = ['cdktn', 'cdktf'] as const;
export type CoreName = (typeof CORES)[number];

/**
 * A core and the prebuilt AWS binding built on it. A binding loads its own core (`require('cdktf')` in
 * `@cdktf/provider-aws`), and only a matching pair is known to synthesize: cdktn 0.24 cannot synthesize a resource of
 * `@cdktf/provider-aws` (its stack calls `_resetResolveDiscoveredProviderFeatureUsage`, which cdktf 0.21's resources do
 * not have: a TypeError at synth, tried here). Cloudflare needs no binding: its two types are this package's own
 * (core/cloudflare-binding.ts).
 */
export interface CoreFamily {
  readonly core: CoreName;
  /** The prebuilt AWS provider binding of this core, loaded by deep imports (`<aws>/lib/route53-record`). */
  readonly aws: string;
}

/** In order of preference: CDK Terrain first, the maintained one. */
export const CORE_FAMILIES: readonly CoreFamily[] = [
  { core: 'cdktn', aws: '@cdktn/provider-aws' },
  { core: 'cdktf', aws: '@cdktf/provider-aws' },
];

/** Every package name this package may load from a core family, for the check that no other file imports one. */
export const CORE_PACKAGE_PATTERN = /^(cdktf|cdktn|@cdktf\/[a-z0-9-]+|@cdktn\/[a-z0-9-]+)(\/|$)/;

/**
 * The family to run on, from what is installed:
 * 1. the first family (cdktn, then cdktf) whose core and AWS binding are both installed: an app with both cores and
 *    only `@cdktf/provider-aws` (npm installs cdktf beside it, as its peer) runs on cdktf, the only core that can
 *    synthesize that binding's resources;
 * 2. else the first family whose core is installed (a Cloudflare-only install needs no binding);
 * 3. else none: {@link coreProblem} says what to install.
 */
export function chooseFamily(installed: (packageName: string) => boolean): CoreFamily | undefined {
  return CORE_FAMILIES.find((f) => installed(f.core) && installed(f.aws)) ?? CORE_FAMILIES.find((f) => installed(f.core));
}

/** What is missing for a config or an entry point: the packages to install, and why. */
export interface CoreProblem {
  /** The packages to install, the missing one that stops us first. */
  readonly install: readonly string[];
  /** Why, when more than "not installed" needs saying. */
  readonly reason?: string;
  /** The other way out, when there is one: its packages and what it is for. */
  readonly otherwise?: { readonly install: readonly string[]; readonly why: string };
}

/**
 * What must be installed before `family` (what {@link chooseFamily} returned) can run, with or without the AWS
 * binding (`needsAws`): a core, constructs, and for Route53 the AWS binding of the same core. Undefined when nothing.
 */
export function coreProblem(family: CoreFamily | undefined, needsAws: boolean, installed: (packageName: string) => boolean): CoreProblem | undefined {
  const missing = (names: readonly string[]) => names.filter((name) => !installed(name));
  if (!family) {
    const [preferred, other] = CORE_FAMILIES as [CoreFamily, CoreFamily];
    const aws = (f: CoreFamily) => (needsAws ? [f.aws] : []);
    return {
      install: missing([preferred.core, 'constructs', ...aws(preferred)]),
      reason: `nor is ${other.core}`,
      otherwise: { install: missing([other.core, 'constructs', ...aws(other)]), why: `to stay on the archived ${other.core}` },
    };
  }
  if (!installed('constructs')) return { install: ['constructs'] };
  if (!needsAws || installed(family.aws)) return undefined;
  const foreign = CORE_FAMILIES.find((f) => f !== family && installed(f.aws));
  if (!foreign) return { install: [family.aws] };
  return {
    install: [family.aws],
    reason: `${foreign.aws} is, but it runs only with ${foreign.core}, which is not installed`,
    otherwise: { install: [foreign.core], why: `to keep ${foreign.aws}` },
  };
}
