import { Construct } from 'constructs';
import { TerraformStack } from '../core';
import { CloudflareProvider } from '../core/cloudflare-binding';
import { InstitutionConfig } from '../config/load';
import { BackendConfig } from '../config/schema';
import { addBackend } from './backend';
import { CloudflareEmailAuth } from '../constructs/cloudflare-email-auth';
import { retire } from './retire';
import { emailAuthProps, stackName } from './stack-props';
import { CLOUDFLARE_PROVIDER_VERSION } from './provider-versions';

export { CLOUDFLARE_PROVIDER_VERSION };

/** One institution on Cloudflare. The provider reads its token from CLOUDFLARE_API_TOKEN, never from config. */
export class CloudflareInstitutionStack extends TerraformStack {
  /** The records' construct; for a retired institution it was built and taken out again (stacks/retire.ts). */
  public readonly emailAuth: CloudflareEmailAuth;

  constructor(scope: Construct, institution: InstitutionConfig, backend?: BackendConfig) {
    super(scope, stackName(institution.code));
    addBackend(this, institution.code, backend);
    new CloudflareProvider(this, 'cloudflare');
    this.addOverride('terraform.required_providers.cloudflare.version', CLOUDFLARE_PROVIDER_VERSION);
    const auth = new CloudflareEmailAuth(this, 'email-auth', emailAuthProps(institution));
    this.emailAuth = institution.retired ? retire(this, auth, institution.retired) : auth;
  }
}
