// The `backend:` key of the config: validation errors, and what each type writes into every stack.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from '../../core';
import { validateConfig } from '../../config/load';
import { formatProblem } from '../../model/problems';
import { localStatePath } from '../../stacks/backend';
import { cleanupTerraformDirs, scratchDir } from '../helpers/terraform';
import { stackJson, synthApp } from '../helpers/synth-app';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const institutions = [
  { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ' },
  { code: 'opera', domain: 'opera.example', provider: 'cloudflare', zoneId: '0123456789abcdef0123456789abcdef' },
];

/** `terraform` block and backend metadata of each stack the config synthesizes. */
function backends(backend?: object): Record<string, { terraform: Record<string, unknown>; metadata: unknown }> {
  const { stacks } = synthApp({ ...(backend && { backend }), institutions });
  return Object.fromEntries(
    [...stacks].map(([name, dir]) => {
      const { required_providers: _, ...terraform } = stackJson(dir).terraform;
      return [name, { terraform, metadata: stackJson(dir)['//'].metadata.backend }];
    }),
  );
}

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

describe('backend from the config', () => {
  it('local by default: cdktf\'s state file in the app folder, as a path relative to the stack folder', () => {
    expect(backends()).toEqual({
      'email-auth-mosa': { terraform: { backend: { local: { path: '../../../terraform.email-auth-mosa.tfstate' } } }, metadata: 'local' },
      'email-auth-opera': { terraform: { backend: { local: { path: '../../../terraform.email-auth-opera.tfstate' } } }, metadata: 'local' },
    });
    expect(backends({ type: 'local' })['email-auth-mosa']!.terraform).toEqual({ backend: { local: { path: '../../../terraform.email-auth-mosa.tfstate' } } });
  });

  it('local: the path reaches the same file wherever CDKTF_OUTDIR points', () => {
    const root = scratchDir();
    const project = join(root, 'project');
    mkdirSync(join(root, 'deep'));
    mkdirSync(project);
    const elsewhere = new TerraformStack(new App({ outdir: join(root, 'deep', 'out'), stackTraces: false }), 'email-auth-x');
    expect(localStatePath(elsewhere, project)).toBe('../../../../project/terraform.email-auth-x.tfstate');
    const inProject = new TerraformStack(new App({ outdir: join(project, 'cdktf.out'), stackTraces: false }), 'email-auth-x');
    expect(localStatePath(inProject, project)).toBe('../../../terraform.email-auth-x.tfstate');
  });

  it('s3: one key per stack under the prefix, encrypted, native lock file', () => {
    expect(backends({ type: 's3', bucket: 'dns-state', region: 'eu-central-1' })['email-auth-mosa']!.terraform).toEqual({
      backend: { s3: { bucket: 'dns-state', region: 'eu-central-1', key: 'email-auth/mosa.tfstate', encrypt: true, use_lockfile: true } },
    });
    expect(backends({ type: 's3', bucket: 'dns-state', region: 'eu-central-1', keyPrefix: 'prod/dns/', useLockfile: false })['email-auth-opera']!.terraform).toEqual({
      backend: { s3: { bucket: 'dns-state', region: 'eu-central-1', key: 'prod/dns/opera.tfstate', encrypt: true } },
    });
  });

  it('cloud: one workspace per stack from the prefix, in the organization (and project, host when given)', () => {
    expect(backends({ type: 'cloud', organization: 'secutix' })['email-auth-mosa']!.terraform).toEqual({
      cloud: { organization: 'secutix', workspaces: { name: 'email-auth-mosa' } },
    });
    expect(backends({ type: 'cloud', organization: 'secutix', workspacePrefix: 'dns-', project: 'mail', hostname: 'tfe.example.com' })['email-auth-opera']!.terraform).toEqual({
      cloud: { organization: 'secutix', hostname: 'tfe.example.com', workspaces: { name: 'dns-opera', project: 'mail' } },
    });
  });
});

describe('backend validation', () => {
  const errors = (backend: unknown) => validateConfig({ backend, institutions }).problems.map(formatProblem);

  it.each([
    ['an unknown type', { type: 's4' }, ['backend.type: expected local|s3|cloud, got "s4"']],
    ['s3 without bucket and region', { type: 's3' }, ['backend.bucket: is required', 'backend.region: is required']],
    ['a bad bucket name', { type: 's3', bucket: 'My_Bucket', region: 'eu-central-1' }, ['backend.bucket: expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-", got "My_Bucket"']],
    ['a bad region', { type: 's3', bucket: 'dns-state', region: 'Frankfurt' }, ['backend.region: expected an AWS region such as "eu-central-1", got "Frankfurt"']],
    ['a key prefix without trailing slash', { type: 's3', bucket: 'dns-state', region: 'eu-central-1', keyPrefix: 'dns' }, ['backend.keyPrefix: expected "" or folder names each ending in "/", such as "email-auth/", got "dns"']],
    ['a key prefix starting with a slash', { type: 's3', bucket: 'dns-state', region: 'eu-central-1', keyPrefix: '/dns/' }, ['backend.keyPrefix: expected "" or folder names each ending in "/", such as "email-auth/", got "/dns/"']],
    ['useLockfile not a boolean', { type: 's3', bucket: 'dns-state', region: 'eu-central-1', useLockfile: 'yes' }, ['backend.useLockfile: expected boolean, got string "yes"']],
    ['cloud without organization', { type: 'cloud' }, ['backend.organization: is required']],
    ['a workspace prefix with a space', { type: 'cloud', organization: 'secutix', workspacePrefix: 'dns ' }, ['backend.workspacePrefix: expected letters, digits, "-" and "_" (a workspace name prefix), got "dns "']],
    ['a key of another type', { type: 'local', bucket: 'dns-state' }, ['backend.bucket: applies to backend type s3 only']],
    ['a misspelt key', { type: 's3', bucket: 'dns-state', region: 'eu-central-1', keyprefix: 'x/' }, ['backend: unknown key "keyprefix" (did you mean "keyPrefix"?)']],
    ['a token in the file', { type: 'cloud', organization: 'secutix', token: 'abc' }, ['backend.token: looks like a credential; config files are committed and must not hold secrets: set the CLOUDFLARE_API_TOKEN environment variable instead']],
    ['not a map', 's3', ['backend: expected object, got string "s3"']],
  ])('refuses %s', (_, backend, messages) => {
    expect(errors(backend)).toEqual(messages);
  });

  it('accepts each type with its defaults filled in', () => {
    expect(validateConfig({ backend: {}, institutions }).config?.backend).toEqual({ type: 'local' });
    expect(validateConfig({ backend: { type: 's3', bucket: 'dns-state', region: 'eu-central-1' }, institutions }).config?.backend).toEqual({
      type: 's3', bucket: 'dns-state', region: 'eu-central-1', keyPrefix: 'email-auth/', useLockfile: true,
    });
    expect(validateConfig({ backend: { type: 'cloud', organization: 'secutix' }, institutions }).config?.backend).toEqual({ type: 'cloud', organization: 'secutix', workspacePrefix: 'email-auth-' });
    expect(validateConfig({ institutions }).config).not.toHaveProperty('backend');
  });
});
