// Issue 16 item 3: when terraform fails for missing credentials or an unreachable registry, a hint says what to set.
// The texts below are terraform's own output (terraform 1.11.4, -no-color, wrapped at 78 columns as it prints them):
// the AWS ones captured here with hashicorp/aws 5.100.0 from the mirror; the registry ones from this machine, which
// cannot reach registry.terraform.io; the Cloudflare ones as the v5 provider reports an API error ("failed to make
// http request" with the Cloudflare SDK's `METHOD "URL": STATUS BODY`; codes from cloudflare/terraform-provider-cloudflare
// #5014, #5403 and cloudflare/cf-terraforming #790).
import { terraformHints } from '../../pipeline/terraform-hints';

const AWS_NO_CREDENTIALS = `
Planning failed. Terraform encountered an error while generating this plan.


Error: No valid credential sources found

  with provider["registry.terraform.io/hashicorp/aws"],
  on cdk.tf.json line 24, in provider.aws[0]:
  24:     "aws": [

Please see https://registry.terraform.io/providers/hashicorp/aws
for more information about providing credentials.

Error: failed to refresh cached credentials, no EC2 IMDS role found,
operation error ec2imds: GetMetadata, access disabled to EC2 IMDS via client
option, or "AWS_EC2_METADATA_DISABLED" environment variable
`;

const AWS_UNKNOWN_PROFILE = `
Planning failed. Terraform encountered an error while generating this plan.


Error: failed to get shared config profile, museum-dns

  with provider["registry.terraform.io/hashicorp/aws"],
  on cdk.tf.json line 24, in provider.aws[0]:
  24:     "aws": [
`;

const AWS_EXPIRED = `
Error: Retrieving AWS account details: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: 0f6a, api error ExpiredToken: The security token included in the request is expired
`;

const AWS_NETWORK = `
Error: Retrieving AWS account details: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 0, RequestID: , request send failed, Post "https://sts.eu-west-1.amazonaws.com/": dial tcp: lookup sts.eu-west-1.amazonaws.com on 10.255.255.53:53: no such host
`;

const CLOUDFLARE_NO_TOKEN = `
Error: failed to make http request

  with data.cloudflare_zone.zone,
  on cdk.tf.json line 12, in data.cloudflare_zone.zone:
  12:       "zone": {

GET "https://api.cloudflare.com/client/v4/zones?name=opera-bern.ch": 400 Bad
Request {"success":false,"errors":[{"code":9106,"message":"Missing X-Auth-Key,
X-Auth-Email or Authorization headers"}]}
`;

const CLOUDFLARE_REFUSED = `
Error: failed to make http request

  with cloudflare_dns_record.spf,
  on cdk.tf.json line 40, in resource.cloudflare_dns_record.spf:
  40:       "spf": {

POST "https://api.cloudflare.com/client/v4/zones/0123456789abcdef0123456789abcdef/dns_records":
403 Forbidden {"success":false,"errors":[{"code":10000,"message":"Authentication
error"}],"messages":[],"result":null}
`;

const INIT_NO_REGISTRY = `terraform init failed:
Initializing provider plugins...
- Finding hashicorp/aws versions matching "5.100.0"...

Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider hashicorp/aws:
could not connect to registry.terraform.io: failed to request discovery
document: Get "https://registry.terraform.io/.well-known/terraform.json":
dial tcp: lookup registry.terraform.io on 10.255.255.53:53: no such host
`;

const LOCK_NO_REGISTRY = `
Error: Could not retrieve providers for locking

Terraform failed to fetch the requested providers for linux_amd64 in order to
calculate their checksums: some providers could not be installed:
- registry.terraform.io/hashicorp/aws: could not connect to
registry.terraform.io: failed to request discovery document: Get
"https://registry.terraform.io/.well-known/terraform.json": dial tcp: lookup
registry.terraform.io on 10.255.255.53:53: no such host.
`;

describe('AWS', () => {
  test('no credentials: AWS_PROFILE, aws.profile, or the workflow OIDC role (plan and apply name their own)', () => {
    const [plan] = terraformHints(AWS_NO_CREDENTIALS, 'plan');
    expect(terraformHints(AWS_NO_CREDENTIALS, 'plan')).toHaveLength(1);
    expect(plan).toMatch(/^hint: AWS credentials are missing\./);
    expect(plan).toContain('AWS_PROFILE');
    expect(plan).toContain('aws.profile');
    expect(plan).toContain('AWS_PLAN_ROLE_ARN');
    expect(terraformHints(AWS_NO_CREDENTIALS, 'apply')[0]).toContain('AWS_DEPLOY_ROLE_ARN');
  });

  test('a profile that does not exist: named, and only that hint', () => {
    expect(terraformHints(AWS_UNKNOWN_PROFILE, 'plan')).toEqual([
      'hint: the AWS profile "museum-dns" is not in ~/.aws/config (or $AWS_CONFIG_FILE): create it (aws configure --profile museum-dns), or correct AWS_PROFILE or aws.profile in the config.',
    ]);
  });

  test('expired credentials: renew them', () => {
    expect(terraformHints(AWS_EXPIRED, 'apply')).toEqual([expect.stringMatching(/^hint: AWS refused the credentials \(invalid or expired\)/)]);
  });

  test('no hint for what is not about credentials (a network failure, a stack error)', () => {
    expect(terraformHints(AWS_NETWORK, 'plan')).toEqual([]);
    expect(terraformHints('Error: Invalid resource type\n\nThe provider hashicorp/aws does not support resource type "aws_route53_recrd".', 'plan')).toEqual([]);
  });
});

describe('Cloudflare', () => {
  test('no token (API error 9106): CLOUDFLARE_API_TOKEN with DNS Read for plan, Edit for apply, Zone Read for zoneName', () => {
    const [plan] = terraformHints(CLOUDFLARE_NO_TOKEN, 'plan');
    expect(terraformHints(CLOUDFLARE_NO_TOKEN, 'plan')).toHaveLength(1);
    expect(plan).toBe('hint: CLOUDFLARE_API_TOKEN is not set. Create an API token with Zone → DNS → Read for plan (Edit for apply), and Zone → Zone → Read for institutions placed by zoneName, and set it in CLOUDFLARE_API_TOKEN.');
    expect(terraformHints(CLOUDFLARE_NO_TOKEN, 'apply')[0]).toContain('Zone → DNS → Edit, and Zone → Zone → Read');
  });

  test('a refused token (API error 10000): check it and its scopes', () => {
    expect(terraformHints(CLOUDFLARE_REFUSED, 'apply')).toEqual([expect.stringMatching(/^hint: Cloudflare refused the API token in CLOUDFLARE_API_TOKEN: .*Zone → DNS → Edit/)]);
  });
});

describe('an unreachable registry', () => {
  test('plan and apply: --fs-mirror DIR', () => {
    expect(terraformHints(INIT_NO_REGISTRY, 'plan')).toEqual([expect.stringContaining('email-auth plan --fs-mirror DIR')]);
    expect(terraformHints(INIT_NO_REGISTRY, 'apply')).toEqual([expect.stringContaining('email-auth apply --fs-mirror DIR')]);
  });

  test('lock: lock from a mirror', () => {
    expect(terraformHints(LOCK_NO_REGISTRY, 'lock')).toEqual([expect.stringContaining('email-auth lock --fs-mirror DIR')]);
  });
});

test('hostile text: long, nested, control characters; the patterns stay linear', () => {
  const huge = `${'Error: x '.repeat(50_000)}${'{"code":'.repeat(10_000)}`;
  expect(terraformHints(huge, 'plan')).toEqual([]);
  expect(terraformHints(`\x1b[31mError: No valid credential sources found\x1b[0m`, 'plan')).toHaveLength(1);
});
