import type { Construct } from 'constructs';
import { AppConfig } from '../config/load';
import type { TerraformStack } from '../core';
import { missingFamily } from '../core/family';
import { MissingPeerDependencyError } from '../io/peer-dependency';
import { ProviderName } from '../model/providers';
import type { CloudflareInstitutionStack } from './cloudflare-stack';
import type { Route53InstitutionStack } from './route53-stack';
import { IAM_POLICY_FILE, stackName } from './stack-props';

export { stackName };

type InstitutionStackClass = typeof Route53InstitutionStack | typeof CloudflareInstitutionStack;

/**
 * Each provider's stack module, loaded on first use: it loads that provider's binding, which is an optional peer
 * dependency, so an install for Route53 only has no Cloudflare binding and must never load the Cloudflare stack.
 */
const STACK_MODULES: Record<ProviderName, () => InstitutionStackClass> = {
  route53: () => require('./route53-stack').Route53InstitutionStack,
  cloudflare: () => require('./cloudflare-stack').CloudflareInstitutionStack,
};

/**
 * What a config needs that is not installed, as at most one error naming the packages to install: a CDK core and
 * constructs for any institution, and for Route53 institutions the AWS binding of that core (Cloudflare needs none:
 * core/cloudflare-binding.ts). Empty when the config can be synthesized here.
 */
export function missingBindings(config: AppConfig): MissingPeerDependencyError[] {
  const route53 = config.institutions.filter((inst) => inst.provider === 'route53').map((inst) => inst.code);
  const needsAws = route53.length > 0;
  const everyone = `this config (${institutions(config.institutions.map((inst) => inst.code))})`;
  // No core (or no constructs): one error for the whole config, naming the AWS binding too when it will be needed.
  if (missingFamily(everyone, false)) return [missingFamily(everyone, needsAws)!];
  const aws = needsAws ? missingFamily(`provider route53 (${institutions(route53)})`, true) : undefined;
  return aws ? [aws] : [];
}

/** `institution a` / `institutions a, b, c and 7 more`: a bounded list for one line of an error. */
export function institutions(codes: readonly string[]): string {
  const shown = codes.length > 5 ? `${codes.slice(0, 3).join(', ')} and ${codes.length - 3} more` : codes.join(', ');
  return `institution${codes.length === 1 ? '' : 's'} ${shown}`;
}

/** One stack per institution, on its provider, each with the config's state backend. See {@link missingBindings}. */
export function addInstitutionStacks(scope: Construct, config: AppConfig): TerraformStack[] {
  return config.institutions.map((inst) => new (STACK_MODULES[inst.provider]())(scope, inst, config.backend));
}

/**
 * Files that belong beside a synthesized stack but are not Terraform (the IAM policy of a Route53 stack), by file
 * name; the synth command writes them into `<outdir>/stacks/<stack>/` after the app has synthesized.
 */
export function stackSideFiles(stack: TerraformStack): Record<string, string> {
  if (isRoute53Stack(stack)) return { [IAM_POLICY_FILE]: `${JSON.stringify(stack.iamPolicy, null, 2)}\n` };
  return {};
}

// Not `instanceof`: that would load the Route53 stack's module, and with it the AWS binding, for every stack.
function isRoute53Stack(stack: TerraformStack): stack is Route53InstitutionStack {
  return 'iamPolicy' in stack;
}
