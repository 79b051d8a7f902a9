// The configuration guard that `apply` runs over the trusted stack before any terraform process starts: every stack
// the real constructs synthesize passes (each provider, each backend, imports, removed blocks, lifecycle), and each
// element synth never writes is refused with its place and its reason.
import { Testing } from '../../core';
import { validateConfig } from '../../config/load';
import { configurationProblems } from '../../pipeline/configuration-guard';
import { addInstitutionStacks } from '../../stacks';

/** The stacks of a config, synthesized in process (no app process, no terraform). */
function synthesized(raw: object): Record<string, unknown>[] {
  const { config, problems } = validateConfig(raw);
  if (!config) throw new Error(JSON.stringify(problems));
  const app = Testing.app();
  return addInstitutionStacks(app, config).map((stack) => JSON.parse(Testing.synth(stack)) as Record<string, unknown>);
}

const ROUTE53 = { code: 'a', domain: 'a.example.org', provider: 'route53', zoneId: 'Z0A00000000000000001' };
const BY_NAME = { code: 'b', domain: 'b.example.org', provider: 'route53', zoneName: 'example.org' };
const CLOUDFLARE = { code: 'c', domain: 'c.example.org', provider: 'cloudflare', zoneName: 'example.org', mx: [{ priority: 10, host: 'mx.example.org' }] };

/** One stack as the guard sees it: a minimal Route53 stack, in cdktf's shape. */
const stack = () =>
  ({
    '//': { metadata: { stackName: 'email-auth-a' } },
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: { aws_route53_record: { spf: { '//': { metadata: {} }, zone_id: 'Z1', name: 'a.example.org', type: 'TXT', ttl: 3600, records: ['v=spf1 ~all'] } } },
    output: { iam_policy_json: { value: '{}', description: 'policy' } },
    terraform: { backend: { local: { path: '../../../terraform.email-auth-a.tfstate' } }, required_providers: { aws: { source: 'aws', version: '>= 5.100, < 7' } } },
  }) as Record<string, any>;

describe('configurationProblems: what synth writes passes', () => {
  it.each([
    ['local state, zone by id, by name, Cloudflare', { institutions: [ROUTE53, BY_NAME, CLOUDFLARE] }],
    ['S3 state with the lock file, imports (adoptExisting), protect, an assumed role', {
      backend: { type: 's3', bucket: 'my-state', region: 'eu-central-1' },
      institutions: [{ ...ROUTE53, adoptExisting: true, protect: true, allowOverwrite: false, aws: { region: 'eu-west-1', profile: 'p', assumeRoleArn: 'arn:aws:iam::123456789012:role/dns' } }],
    }],
    ['HCP Terraform, removed blocks (retired: forget), a retired stack', {
      backend: { type: 'cloud', organization: 'org', project: 'dns', hostname: 'tfe.example.org' },
      institutions: [{ ...ROUTE53, retired: 'forget' }, { ...BY_NAME, retired: true }, { ...CLOUDFLARE, retired: 'forget' }],
    }],
    ['config text that looks like Terraform (escaped by synth)', { institutions: [{ ...ROUTE53, keepTxt: ['${path.cwd}', 'a %{ d } e', '$${already}'] }] }],
  ])('%s', (_what, config) => {
    const stacks = synthesized(config);
    expect(stacks.length).toBeGreaterThan(0);
    for (const tf of stacks) expect(configurationProblems('cdk.tf.json', tf)).toEqual([]);
  });

  it('the test suite\'s override file: offline switches and a loopback endpoint', () => {
    const override = { provider: { aws: [{ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, endpoints: [{ route53: 'http://127.0.0.1:4566' }] }] } };
    expect(configurationProblems('test_override.tf.json', override)).toEqual([]);
    expect(configurationProblems('test_backend_override.tf.json', { terraform: { backend: { local: { path: 'terraform.tfstate' } } } })).toEqual([]);
  });
});

describe('configurationProblems: what synth never writes is refused, named', () => {
  const refused = (change: (tf: Record<string, any>) => void) => {
    const tf = stack();
    change(tf);
    return configurationProblems('cdk.tf.json', tf).map((p) => `${p.element}: ${p.rule}`);
  };

  it.each<[string, (tf: Record<string, any>) => void, RegExp]>([
    ['a terraform_data with a local-exec provisioner', (tf) => (tf.resource.terraform_data = { run: { provisioner: [{ 'local-exec': { command: 'touch /tmp/x' } }] } }), /^terraform_data: terraform_data exists to run provisioners$/],
    ['a null_resource', (tf) => (tf.resource.null_resource = { x: {} }), /^null_resource: null_resource exists to run provisioners$/],
    ['a provisioner on a record', (tf) => (tf.resource.aws_route53_record.spf.provisioner = { 'local-exec': { command: 'id' } }), /^aws_route53_record\.spf\.provisioner \(local-exec\): a provisioner runs a command on the deploy machine/],
    ['a connection on a record', (tf) => (tf.resource.aws_route53_record.spf.connection = { host: 'x' }), /^aws_route53_record\.spf\.connection: a connection is for provisioners/],
    ['another resource type', (tf) => (tf.resource.aws_iam_user = { u: { name: 'x' } }), /^aws_iam_user: synth writes no resource of type aws_iam_user \(allowed: aws_route53_record, cloudflare_dns_record\)$/],
    ['an external data source', (tf) => (tf.data = { external: { x: { program: ['sh', '-c', 'id'] } } }), /^data\.external: the external data source runs a program at plan time$/],
    ['another data source', (tf) => (tf.data = { http: { x: { url: 'https://example.org' } } }), /^data\.http: synth writes no data source of type http/],
    ['a module', (tf) => (tf.module = { m: { source: 'git::https://example.org/m' } }), /^module: a module brings configuration from outside/],
    ['a locals block', (tf) => (tf.locals = { x: 1 }), /^locals: synth never writes a top-level "locals" block/],
    ['a variable', (tf) => (tf.variable = { x: {} }), /^variable: synth never writes/],
    ['an http backend', (tf) => (tf.terraform.backend = { http: { address: 'https://evil.example' } }), /^terraform\.backend\.http: synth writes only the local, s3 backends/],
    ['an S3 backend with an endpoint', (tf) => (tf.terraform.backend = { s3: { bucket: 'b', key: 'k', region: 'r', endpoint: 'https://evil.example' } }), /^terraform\.backend\.s3\.endpoint: synth never writes "endpoint" here/],
    ['required_version and other settings', (tf) => (tf.terraform.required_version = '>= 1'), /^terraform\.required_version: synth never writes/],
    ['a provider from elsewhere', (tf) => (tf.terraform.required_providers.aws.source = 'evil/aws'), /^terraform\.required_providers\.aws\.source: must be aws or hashicorp\/aws/],
    ['another provider', (tf) => (tf.provider.external = [{}]), /^provider\.external: synth configures only the aws and cloudflare providers$/],
    ['a Route53 endpoint elsewhere', (tf) => (tf.provider.aws[0].endpoints = [{ route53: 'https://evil.example' }]), /^provider\.aws\[0\]\.endpoints\[0\]\.route53: an endpoint other than the loopback interface/],
    ['a loopback look-alike', (tf) => (tf.provider.aws[0].endpoints = [{ sts: 'http://127.0.0.1.evil.example' }]), /^provider\.aws\[0\]\.endpoints\[0\]\.sts: an endpoint other than the loopback/],
    ['static keys in the provider', (tf) => (tf.provider.aws[0].access_key = 'AKIA'), /^provider\.aws\[0\]\.access_key: synth never writes "access_key" here/],
    ['a Cloudflare base URL', (tf) => (tf.provider.cloudflare = [{ base_url: 'https://evil.example' }]), /^provider\.cloudflare\[0\]\.base_url: synth never writes "base_url" here \(allowed: nothing\)$/],
    ['a count on a record', (tf) => (tf.resource.aws_route53_record.spf.count = 2), /^aws_route53_record\.spf\.count: synth never writes "count"/],
    ['a lifecycle hook other than prevent_destroy', (tf) => (tf.resource.aws_route53_record.spf.lifecycle = { replace_triggered_by: ['x'] }), /lifecycle\.replace_triggered_by: synth never writes/],
    ['a function call in a value', (tf) => (tf.resource.aws_route53_record.spf.records = ['${file("/proc/self/environ")}']), /^resource\.aws_route53_record\.spf\.records\[0\]: holds the template expression \$\{file\("\/proc\/self\/environ"\)\}/],
    ['a directive in an output', (tf) => (tf.output.iam_policy_json.value = '%{ for x in y }%{ endfor }'), /^output\.iam_policy_json\.value: holds the template expression %\{ for x in y \}/],
    ['a reference to a zone that is not declared', (tf) => (tf.resource.aws_route53_record.spf.zone_id = '${data.aws_route53_zone.other.zone_id}'), /holds the template expression \$\{data\.aws_route53_zone\.other\.zone_id\}/],
    ['an import into another resource', (tf) => (tf.import = [{ to: 'aws_iam_user.u', id: 'x' }]), /^import\[0\]\.to: an import must go to one of the stack's records$/],
    ['a removed block with a provisioner', (tf) => (tf.removed = [{ from: 'aws_route53_record.spf', provisioner: [{ 'local-exec': { command: 'id' } }] }]), /^removed\[0\]\.provisioner: synth never writes "provisioner" here/],
    ['a check block', (tf) => (tf.check = { c: {} }), /^check: synth never writes a top-level "check" block/],
  ])('%s', (_what, change, message) => {
    const problems = refused(change);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  it('a file that is not an object, and blocks that are not objects', () => {
    expect(configurationProblems('x.tf.json', [])).toEqual([{ file: 'x.tf.json', element: '(file)', rule: 'a Terraform JSON file must hold an object' }]);
    expect(refused((tf) => (tf.resource = 'x'))).toEqual(['resource: must be an object']);
    expect(refused((tf) => (tf.provider.aws = ['x']))).toEqual(['provider.aws[0]: must be an object']);
  });

  it('the minimal stack itself passes (the table above changes one thing each)', () => {
    expect(configurationProblems('cdk.tf.json', stack())).toEqual([]);
  });

  it('prototype keys are named like any other key, never followed', () => {
    const tf = JSON.parse('{"resource":{"__proto__":{"x":{}}},"constructor":{}}');
    expect(configurationProblems('cdk.tf.json', tf).map((p) => p.element).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
