import { TerraformStack } from '../core';
import { Construct } from 'constructs';
import { ReportCollectorConfig, reportCollectorCode } from '../config/report-authorizations';
import { BackendConfig } from '../config/schema';
import { CloudflareReportAuthorizations } from '../constructs/cloudflare-report-authorizations';
import { addBackend } from './backend';
import { addCloudflareProvider } from './cloudflare-stack';
import { forgetRecords } from './retire';
import { collectorProps, forgottenKeys, stackName } from './stack-props';

/** A `reportAuthorizations` entry on Cloudflare: see {@link Route53ReportStack}. */
export class CloudflareReportStack extends TerraformStack {
  public readonly reportAuthorizations: CloudflareReportAuthorizations;

  constructor(scope: Construct, collector: ReportCollectorConfig, backend?: BackendConfig) {
    const code = reportCollectorCode(collector.name);
    super(scope, stackName(code));
    addBackend(this, code, backend);
    addCloudflareProvider(this);
    this.reportAuthorizations = new CloudflareReportAuthorizations(this, 'report-auth', collectorProps(collector));
    forgetRecords(this, this.reportAuthorizations, forgottenKeys(collector.authorizations));
  }
}
