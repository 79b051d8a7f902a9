import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { InstitutionConfig } from '../config/load';
import { Route53EmailAuth } from '../constructs/route53-email-auth';
import { emailAuthProps, stackName } from './stack-props';

/** The provider versions the stack accepts: the prebuilt binding pins 6.25.0; route53_record is the same in 5.x. */
export const AWS_PROVIDER_VERSION = '>= 5.100, < 7';
export const DEFAULT_AWS_REGION = 'us-east-1';

/** One institution on Route53: the AWS provider (credentials from the standard chain) and its records. */
export class Route53InstitutionStack extends TerraformStack {
  public readonly emailAuth: Route53EmailAuth;

  constructor(scope: Construct, institution: InstitutionConfig) {
    super(scope, stackName(institution.code));
    const { region = DEFAULT_AWS_REGION, profile, assumeRoleArn } = institution.aws ?? {};
    new AwsProvider(this, 'aws', {
      region,
      ...(profile && { profile }),
      ...(assumeRoleArn && { assumeRole: [{ roleArn: assumeRoleArn, sessionName: stackName(institution.code) }] }),
    });
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_VERSION);
    this.emailAuth = new Route53EmailAuth(this, 'email-auth', {
      ...emailAuthProps(institution),
      ...(institution.allowOverwrite !== undefined && { allowOverwrite: institution.allowOverwrite }),
    });
  }
}
