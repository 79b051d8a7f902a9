// The provider versions of the institution stacks, apart from the stacks: `email-auth lock` reads them without loading
// a provider binding (optional peer dependencies: a Route53-only install has no Cloudflare binding).

/** The versions a Route53 stack accepts: the prebuilt binding pins 6.25.0; route53_record is the same in 5.x. */
export const AWS_PROVIDER_VERSION = '>= 5.100, < 7';

/** The AWS provider's registry source, fully qualified (`terraform.required_providers.aws.source`). */
export const AWS_PROVIDER_SOURCE = 'hashicorp/aws';

/** The versions a Cloudflare stack accepts: the prebuilt binding pins 5.14.0; its patch and minor updates within v5. */
export const CLOUDFLARE_PROVIDER_VERSION = '~> 5.14';

/** A provider an institution stack may require: its local name, registry source and accepted versions. */
export interface ProviderVersion {
  readonly name: string;
  readonly source: string;
  readonly version: string;
}

/**
 * Every provider an institution stack may require, with the version ranges the stacks accept (the versions our
 * Terraform is known to work with). Which version inside a range is installed is decided by the repository's
 * dependency lock file (`.terraform.lock.hcl`): `email-auth lock` resolves these ranges into it, synth copies it into
 * every stack and `plan` installs it with `terraform init -lockfile=readonly`. Without it each init would take the
 * newest version in range.
 */
export const STACK_PROVIDERS: readonly ProviderVersion[] = [
  { name: 'aws', source: AWS_PROVIDER_SOURCE, version: AWS_PROVIDER_VERSION },
  { name: 'cloudflare', source: 'cloudflare/cloudflare', version: CLOUDFLARE_PROVIDER_VERSION },
];
