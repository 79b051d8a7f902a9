import { Construct } from 'constructs';
import { TerraformStack } from '../core';
import { CloudflareProvider } from '../core/cloudflare-binding';
import { InstitutionConfig } from '../config/load';
import { BackendConfig } from '../config/schema';
import { addBackend } from './backend';
import { CloudflareEmailAuth } from '../constructs/cloudflare-email-auth';
import { CloudflareReportAuthorizations } from '../constructs/cloudflare-report-authorizations';
import { forgetRecords, retire } from './retire';
import { emailAuthProps, forgottenKeys, reportAuthorizationProps, stackName } from './stack-props';
import { CLOUDFLARE_PROVIDER_VERSION } from './provider-versions';

export { CLOUDFLARE_PROVIDER_VERSION };

/** The Cloudflare provider of a stack: it reads its token from CLOUDFLARE_API_TOKEN, never from config. */
export function addCloudflareProvider(stack: TerraformStack): void {
  new CloudflareProvider(stack, 'cloudflare');
  stack.addOverride('terraform.required_providers.cloudflare.version', CLOUDFLARE_PROVIDER_VERSION);
}

/** One institution on Cloudflare: its records and the report authorisations its zone publishes. */
export class CloudflareInstitutionStack extends TerraformStack {
  /** The records' construct; for a retired institution it was built and taken out again (stacks/retire.ts). */
  public readonly emailAuth: CloudflareEmailAuth;
  /** The report authorisations the zone publishes (for this institution or others), when there are any. */
  public readonly reportAuthorizations?: CloudflareReportAuthorizations;

  constructor(scope: Construct, institution: InstitutionConfig, backend?: BackendConfig) {
    super(scope, stackName(institution.code));
    addBackend(this, institution.code, backend);
    addCloudflareProvider(this);
    const auth = new CloudflareEmailAuth(this, 'email-auth', emailAuthProps(institution));
    const hosted = reportAuthorizationProps(institution.reportAuthorizations, auth.zoneId, institution);
    const reports = hosted && new CloudflareReportAuthorizations(this, 'report-auth', hosted);
    if (institution.retired) retire(this, auth, institution.retired, [reports]);
    else if (reports) forgetRecords(this, reports, forgottenKeys(institution.reportAuthorizations));
    this.emailAuth = auth;
    this.reportAuthorizations = reports;
  }
}
