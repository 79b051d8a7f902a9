import { TerraformStack } from '../core';
import { Construct } from 'constructs';
import { ReportCollectorConfig, reportCollectorCode } from '../config/report-authorizations';
import { BackendConfig } from '../config/schema';
import { IamPolicyDocument } from '../model/iam-policy';
import { Route53ReportAuthorizations } from '../constructs/route53-report-authorizations';
import { addAwsProvider, addIamPolicy } from './aws-provider';
import { addBackend } from './backend';
import { forgetRecords } from './retire';
import { collectorProps, forgottenKeys, liveRecords, stackName } from './stack-props';

/**
 * A `reportAuthorizations` entry on Route53: a zone the config manages only to authorise DMARC reports, one record per
 * institution whose rua or ruf points into its report domain. Its own state, provider and IAM policy, like an
 * institution's stack.
 */
export class Route53ReportStack extends TerraformStack {
  public readonly reportAuthorizations: Route53ReportAuthorizations;
  /** As {@link Route53InstitutionStack.iamPolicy}. */
  public readonly iamPolicy: IamPolicyDocument;

  constructor(scope: Construct, collector: ReportCollectorConfig, backend?: BackendConfig) {
    const code = reportCollectorCode(collector.name);
    super(scope, stackName(code));
    addBackend(this, code, backend);
    addAwsProvider(this, collector.aws);
    this.reportAuthorizations = new Route53ReportAuthorizations(this, 'report-auth', {
      ...collectorProps(collector),
      ...(collector.allowOverwrite !== undefined && { allowOverwrite: collector.allowOverwrite }),
    });
    forgetRecords(this, this.reportAuthorizations, forgottenKeys(collector.authorizations));
    const zone = { zoneId: this.reportAuthorizations.zoneId, lookedUpByName: collector.zoneId === undefined };
    this.iamPolicy = addIamPolicy(this, zone, liveRecords(this.reportAuthorizations.records, collector.authorizations));
  }
}
