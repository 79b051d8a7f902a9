import { Construct } from 'constructs';
import { TerraformStack } from '../core';
import { InstitutionConfig } from '../config/load';
import { BackendConfig } from '../config/schema';
import { IamPolicyDocument } from '../model/iam-policy';
import { addBackend } from './backend';
import { Route53EmailAuth } from '../constructs/route53-email-auth';
import { Route53ReportAuthorizations } from '../constructs/route53-report-authorizations';
import { addAwsProvider, addIamPolicy, DEFAULT_AWS_REGION } from './aws-provider';
import { forgetRecords, retire } from './retire';
import { emailAuthProps, forgottenKeys, IAM_POLICY_FILE, liveRecords, reportAuthorizationProps, stackName } from './stack-props';
import { AWS_PROVIDER_VERSION } from './provider-versions';

export { AWS_PROVIDER_VERSION, DEFAULT_AWS_REGION };

export { IAM_POLICY_FILE };

/**
 * One institution on Route53: the AWS provider (credentials from the standard chain), its records and the report
 * authorisations its zone publishes, its state backend, and the least-privilege IAM policy to apply it (output
 * `iam_policy_json`).
 */
export class Route53InstitutionStack extends TerraformStack {
  /** The records' construct; for a retired institution it was built and taken out again (stacks/retire.ts). */
  public readonly emailAuth: Route53EmailAuth;
  /** The report authorisations the zone publishes (for this institution or others), when there are any. */
  public readonly reportAuthorizations?: Route53ReportAuthorizations;
  /**
   * The IAM policy as known at synth time, for the file beside the stack: with a zone looked up by name its id is
   * not known yet, so the zone ARN is `hostedzone/*` (names and types are still restricted); the output
   * `iam_policy_json` has the looked-up id.
   */
  public readonly iamPolicy: IamPolicyDocument;

  constructor(scope: Construct, institution: InstitutionConfig, backend?: BackendConfig) {
    super(scope, stackName(institution.code));
    addBackend(this, institution.code, backend);
    addAwsProvider(this, institution.aws);
    const overwrite = institution.allowOverwrite !== undefined ? { allowOverwrite: institution.allowOverwrite } : {};
    const auth = new Route53EmailAuth(this, 'email-auth', {
      ...emailAuthProps(institution),
      ...overwrite,
      ...(institution.adoptExisting && { adoptExisting: institution.adoptExisting }),
    });
    const hosted = reportAuthorizationProps(institution.reportAuthorizations, auth.zoneId, institution);
    const reports = hosted && new Route53ReportAuthorizations(this, 'report-auth', { ...hosted, ...overwrite });
    if (institution.retired) retire(this, auth, institution.retired, [reports]);
    else if (reports) forgetRecords(this, reports, forgottenKeys(institution.reportAuthorizations));
    this.emailAuth = auth;
    this.reportAuthorizations = reports;
    const lookedUpByName = institution.zoneId === undefined;
    // A retired stack still needs to delete its records by name and type; a zone it looked up is no longer looked up.
    const zoneId = institution.retired ? (institution.zoneId ?? '*') : auth.zoneId;
    const records = [...auth.records, ...liveRecords(reports?.records ?? [], institution.retired ? undefined : institution.reportAuthorizations)];
    this.iamPolicy = addIamPolicy(this, { zoneId, lookedUpByName }, records);
  }
}
