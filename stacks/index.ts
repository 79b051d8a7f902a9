import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AppConfig } from '../config/load';
import { CloudflareInstitutionStack } from './cloudflare-stack';
import { IAM_POLICY_FILE, Route53InstitutionStack } from './route53-stack';

export { stackName } from './stack-props';
export { Route53InstitutionStack, CloudflareInstitutionStack };

/** One stack per institution, on its provider, each with the config's state backend. */
export function addInstitutionStacks(scope: Construct, config: AppConfig): TerraformStack[] {
  return config.institutions.map((inst) =>
    inst.provider === 'route53' ? new Route53InstitutionStack(scope, inst, config.backend) : new CloudflareInstitutionStack(scope, inst, config.backend),
  );
}

/**
 * Files that belong beside a synthesized stack but are not Terraform (the IAM policy of a Route53 stack), by file
 * name; the synth command writes them into `<outdir>/stacks/<stack>/` after the app has synthesized.
 */
export function stackSideFiles(stack: TerraformStack): Record<string, string> {
  if (stack instanceof Route53InstitutionStack) return { [IAM_POLICY_FILE]: `${JSON.stringify(stack.iamPolicy, null, 2)}\n` };
  return {};
}
