// The Route53 stacks that cannot be planned offline (zone looked up by name, import blocks) or that differ only in
// their backend go through the real `terraform init` (against the local provider mirror) and `terraform validate`.
// The stacks planned in route53-plan.int.test.ts (the shipped example, a zone by id) are validated there, on the same
// init: together the two files validate every Route53 stack of every config.
import { cleanupTerraformDirs, describeWithTerraform, initValidate, inPairs } from '../helpers/terraform';
import { stackJson, synthApp } from '../helpers/synth-app';
import { CLOUD_BACKEND, ROUTE53_VARIANTS, S3_BACKEND } from './test-configs';
import { APP_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const CONFIGS: Record<string, string | object> = {
  'a zone by name, adoption': ROUTE53_VARIANTS,
  'the s3 backend': S3_BACKEND,
  'the cloud backend': CLOUD_BACKEND,
};

/** Route53 stacks (those with an AWS provider) of every config, synthesized once for the whole file. */
function route53Stacks(): [string, string][] {
  return Object.entries(CONFIGS).flatMap(([label, config]) =>
    [...synthApp(config).stacks].filter(([, dir]) => 'aws' in (stackJson(dir).provider ?? {})).map(([stack, dir]): [string, string] => [`${label}: ${stack}`, dir]),
  );
}

describeWithTerraform('terraform init + validate of the Route53 stacks that cannot be planned offline', () => {
  let stacks: [string, string][] = [];
  beforeAll(() => {
    stacks = route53Stacks();
  }, APP_HOOK_TIMEOUT_MS);
  afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

  it('finds the Route53 stacks of every config', () => {
    expect(stacks.map(([label]) => label)).toEqual([
      'a zone by name, adoption: email-auth-adopt',
      'a zone by name, adoption: email-auth-adoptall',
      'a zone by name, adoption: email-auth-byname',
      'the s3 backend: email-auth-state',
      'the cloud backend: email-auth-hcp',
    ]);
  });

  it('validates each of them without errors or warnings', async () => {
    // Two at a time: terraform spends most of a validate loading the provider's schema, one core each.
    const results = await inPairs(stacks, async ([label, dir]) => {
      const { valid, diagnostics } = await initValidate(dir);
      return { label, valid, diagnostics };
    });
    expect(results).toEqual(stacks.map(([label]) => ({ label, valid: true, diagnostics: [] })));
  }, 300_000);
});
