import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AppConfig } from '../config/load';
import { CloudflareInstitutionStack } from './cloudflare-stack';
import { Route53InstitutionStack } from './route53-stack';

export { stackName } from './stack-props';
export { Route53InstitutionStack, CloudflareInstitutionStack };

/** One stack per institution, on its provider. */
export function addInstitutionStacks(scope: Construct, config: AppConfig): TerraformStack[] {
  return config.institutions.map((inst) =>
    inst.provider === 'route53' ? new Route53InstitutionStack(scope, inst) : new CloudflareInstitutionStack(scope, inst),
  );
}
