import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from '../core';
import { AwsProvider } from '../core/aws-binding';
import { InstitutionConfig } from '../config/load';
import { BackendConfig } from '../config/schema';
import { IamPolicyDocument, route53RecordsPolicy } from '../model/iam-policy';
import { addBackend } from './backend';
import { Route53EmailAuth } from '../constructs/route53-email-auth';
import { retire } from './retire';
import { emailAuthProps, IAM_POLICY_FILE, stackName } from './stack-props';
import { terraformLiterals } from '../constructs/terraform-text';
import { AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION } from './provider-versions';

export { AWS_PROVIDER_VERSION };
export const DEFAULT_AWS_REGION = 'us-east-1';

export { IAM_POLICY_FILE };

/**
 * One institution on Route53: the AWS provider (credentials from the standard chain), its records, its state
 * backend, and the least-privilege IAM policy to apply it (output `iam_policy_json`).
 */
export class Route53InstitutionStack extends TerraformStack {
  /** The records' construct; for a retired institution it was built and taken out again (stacks/retire.ts). */
  public readonly emailAuth: Route53EmailAuth;
  /**
   * The IAM policy as known at synth time, for the file beside the stack: with a zone looked up by name its id is
   * not known yet, so the zone ARN is `hostedzone/*` (names and types are still restricted); the output
   * `iam_policy_json` has the looked-up id.
   */
  public readonly iamPolicy: IamPolicyDocument;

  constructor(scope: Construct, institution: InstitutionConfig, backend?: BackendConfig) {
    super(scope, stackName(institution.code));
    addBackend(this, institution.code, backend);
    const { region = DEFAULT_AWS_REGION, profile, assumeRoleArn } = institution.aws ?? {};
    new AwsProvider(
      this,
      'aws',
      terraformLiterals({
        region,
        ...(profile && { profile }),
        ...(assumeRoleArn && { assumeRole: [{ roleArn: assumeRoleArn, sessionName: stackName(institution.code) }] }),
      }),
    );
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_VERSION);
    // The fully qualified source under both cores: @cdktf/provider-aws writes "aws", @cdktn/provider-aws
    // "hashicorp/aws" (the same provider to Terraform), so that a stack is the same whichever core wrote it.
    this.addOverride('terraform.required_providers.aws.source', AWS_PROVIDER_SOURCE);
    const auth = new Route53EmailAuth(this, 'email-auth', {
      ...emailAuthProps(institution),
      ...(institution.allowOverwrite !== undefined && { allowOverwrite: institution.allowOverwrite }),
      ...(institution.adoptExisting && { adoptExisting: institution.adoptExisting }),
    });
    this.emailAuth = institution.retired ? retire(this, auth, institution.retired) : auth;
    const lookedUpByName = institution.zoneId === undefined;
    // A retired stack still needs to delete its records by name and type; a zone it looked up is no longer looked up.
    const zoneId = institution.retired ? (institution.zoneId ?? '*') : this.emailAuth.zoneId;
    const policy = route53RecordsPolicy({ zoneId, lookedUpByName }, this.emailAuth.records);
    this.iamPolicy = lookedUpByName ? route53RecordsPolicy({ zoneId: '*', lookedUpByName }, this.emailAuth.records) : policy;
    new TerraformOutput(
      this,
      'iam_policy_json',
      terraformLiterals({ description: 'Least-privilege IAM policy for the credentials that apply this stack', value: JSON.stringify(policy) }),
    );
  }
}
