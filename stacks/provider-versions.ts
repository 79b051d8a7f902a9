import { CLOUDFLARE_PROVIDER_VERSION } from './cloudflare-stack';
import { AWS_PROVIDER_VERSION } from './route53-stack';

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
  { name: 'aws', source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION },
  { name: 'cloudflare', source: 'cloudflare/cloudflare', version: CLOUDFLARE_PROVIDER_VERSION },
];
