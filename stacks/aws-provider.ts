import { TerraformOutput, TerraformStack } from '../core';
import { AwsProvider } from '../core/aws-binding';
import { IamPolicyDocument, route53RecordsPolicy } from '../model/iam-policy';
import { DnsRecord } from '../model/records';
import { terraformLiterals } from '../constructs/terraform-text';
import { AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION } from './provider-versions';

export const DEFAULT_AWS_REGION = 'us-east-1';

/** The `aws` keys of an institution or a `reportAuthorizations` entry. */
export interface AwsOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly assumeRoleArn?: string;
}

/** The AWS provider of a Route53 stack (credentials from the standard chain), and the versions the stack accepts. */
export function addAwsProvider(stack: TerraformStack, aws: AwsOptions = {}): void {
  const { region = DEFAULT_AWS_REGION, profile, assumeRoleArn } = aws;
  new AwsProvider(
    stack,
    'aws',
    terraformLiterals({
      region,
      ...(profile && { profile }),
      ...(assumeRoleArn && { assumeRole: [{ roleArn: assumeRoleArn, sessionName: stack.node.id }] }),
    }),
  );
  stack.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_VERSION);
  // The fully qualified source under both cores: @cdktf/provider-aws writes "aws", @cdktn/provider-aws
  // "hashicorp/aws" (the same provider to Terraform), so that a stack is the same whichever core wrote it.
  stack.addOverride('terraform.required_providers.aws.source', AWS_PROVIDER_SOURCE);
}

/**
 * The least-privilege IAM policy to apply a Route53 stack: the output `iam_policy_json` names the zone (a looked-up id
 * is known at apply time only), and the returned document, for the file beside the stack, has `hostedzone/*` then
 * (names and types are still restricted).
 */
export function addIamPolicy(stack: TerraformStack, zone: { readonly zoneId: string; readonly lookedUpByName: boolean }, records: readonly DnsRecord[]): IamPolicyDocument {
  const policy = route53RecordsPolicy(zone, records);
  new TerraformOutput(stack, 'iam_policy_json', terraformLiterals({ description: 'Least-privilege IAM policy for the credentials that apply this stack', value: JSON.stringify(policy) }));
  return zone.lookedUpByName ? route53RecordsPolicy({ ...zone, zoneId: '*' }, records) : policy;
}
