// The dependency lock file: the grammar terraform writes is read, anything else is refused with file and line; a
// stack's copy holds exactly the providers it requires.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LockedProvider, LockFileError, lockFileText, parseLockFile } from '../../pipeline/lock-file';
import { lockProblems, providerAddress, providersFor, requiredProviders } from '../../pipeline/provider-requirements';
import { satisfies } from '../../pipeline/version-constraint';
import { STACK_PROVIDERS } from '../../stacks/provider-versions';

const AWS_BLOCK = [
  'provider "registry.terraform.io/hashicorp/aws" {',
  '  version     = "5.100.0"',
  '  constraints = ">= 5.100.0, < 7.0.0"',
  '  hashes = [',
  '    "h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=",',
  '    "zh:01a0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e",',
  '  ]',
  '}',
].join('\n');
const CLOUDFLARE_BLOCK = [
  'provider "registry.terraform.io/cloudflare/cloudflare" {',
  '  version     = "5.14.0"',
  '  constraints = "~> 5.14"',
  '  hashes = [',
  '    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",',
  '  ]',
  '}',
].join('\n');
const HEADER = '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n';
const BOTH = `${HEADER}${CLOUDFLARE_BLOCK}\n\n${AWS_BLOCK}\n`;

describe('parseLockFile', () => {
  it('reads what terraform writes: address, version, constraints, hashes and the block text', () => {
    const [cloudflare, aws] = parseLockFile(BOTH, 'x.hcl');
    expect(aws).toEqual({
      address: 'registry.terraform.io/hashicorp/aws',
      version: '5.100.0',
      constraints: '>= 5.100.0, < 7.0.0',
      hashes: ['h1:edXOJWE4ORX8Fm+dpVpICzMZJat4AX0VRCAy/xkcOc0=', 'zh:01a0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e'],
      text: AWS_BLOCK,
    });
    expect(cloudflare!.address).toBe('registry.terraform.io/cloudflare/cloudflare');
  });

  it('reads the committed lock file: hashicorp/aws 5.100.0 with its linux_amd64 h1 hash', () => {
    const locked = parseLockFile(readFileSync(join(__dirname, '..', '..', '.terraform.lock.hcl'), 'utf8'), '.terraform.lock.hcl');
    expect(locked.map((p) => [p.address, p.version])).toEqual([['registry.terraform.io/hashicorp/aws', '5.100.0']]);
    expect(locked[0]!.hashes.some((h) => h.startsWith('h1:'))).toBe(true);
  });

  it('reads Windows line endings and an empty file', () => {
    expect(parseLockFile(BOTH.replace(/\n/g, '\r\n'), 'x')).toHaveLength(2);
    expect(parseLockFile('', 'x')).toEqual([]);
  });

  it.each([
    ['a stray line', `${AWS_BLOCK}\nterraform {}\n`, /x\.hcl:9: expected a `provider "<address>" \{` block/],
    ['an unclosed block', AWS_BLOCK.replace(/\n\}$/, ''), /x\.hcl:1: the hashes? .*not closed|x\.hcl:1: the block .* is not closed/],
    ['an unknown attribute', AWS_BLOCK.replace('  hashes = [', '  source = "x"\n  hashes = ['), /x\.hcl:4: expected `version = "…"`/],
    ['template syntax in a hash', AWS_BLOCK.replace('"h1:edX', '"${file("/etc/passwd")}'), /x\.hcl:5: expected a quoted `h1:` or `zh:` hash/],
    ['a backslash escape in an address', AWS_BLOCK.replace('hashicorp/aws', 'hashicorp/aws\\n'), /x\.hcl:1: expected a `provider/],
    ['an upper-case address', AWS_BLOCK.replace('hashicorp/aws', 'HashiCorp/aws'), /"registry\.terraform\.io\/HashiCorp\/aws" is not a provider address/],
    ['a version that is not one', AWS_BLOCK.replace('"5.100.0"', '"latest"'), /x\.hcl:2: version "latest" is not valid/],
    ['a provider locked twice', `${AWS_BLOCK}\n${AWS_BLOCK}\n`, /provider registry\.terraform\.io\/hashicorp\/aws is locked twice/],
    ['no version', AWS_BLOCK.replace(/ {2}version .*\n/, ''), /has no version/],
    ['no hashes', AWS_BLOCK.replace(/ {2}hashes = \[\n(.*\n)* {2}\]\n/, ''), /has no hashes/],
    ['a hash without its comma', AWS_BLOCK.replace('xkcOc0=",', 'xkcOc0="'), /x\.hcl:5: expected a quoted/],
  ])('refuses %s, naming file and line', (_what, text, message) => {
    expect(() => parseLockFile(text, 'x.hcl')).toThrow(LockFileError);
    expect(() => parseLockFile(text, 'x.hcl')).toThrow(message);
  });
});

describe('a stack\'s lock file', () => {
  const locked = parseLockFile(BOTH, 'x');
  const route53 = { terraform: { required_providers: { aws: { source: 'aws', version: '>= 5.100, < 7' } } }, provider: { aws: [{ region: 'us-east-1' }] } };

  it('holds only the providers the stack requires, as written in the repository\'s file', () => {
    const text = lockFileText(providersFor(requiredProviders(route53), locked))!;
    expect(parseLockFile(text, 'stack')).toEqual([locked[1]]);
    expect(text).toContain(AWS_BLOCK);
    expect(text).not.toContain('cloudflare');
  });

  it('is not written for a stack whose providers the lock file lacks', () => {
    expect(lockFileText(providersFor(requiredProviders(route53), [locked[0]!]))).toBeUndefined();
  });
});

describe('required providers of a synthesized stack', () => {
  it.each([
    ['aws', 'registry.terraform.io/hashicorp/aws'],
    ['cloudflare/cloudflare', 'registry.terraform.io/cloudflare/cloudflare'],
    ['Example.com/Acme/Dns', 'example.com/acme/dns'],
  ])('source %s is %s', (source, address) => expect(providerAddress(source)).toBe(address));

  it('reads required_providers, and provider blocks Terraform implies (hashicorp/<name>)', () => {
    const tf = {
      terraform: { required_providers: { aws: { source: 'aws', version: '>= 5.100, < 7' }, cf: { source: 'cloudflare/cloudflare' } } },
      provider: { aws: [{}], cf: [{}], random: [{}] },
    };
    expect(requiredProviders(tf)).toEqual([
      { address: 'registry.terraform.io/cloudflare/cloudflare' },
      { address: 'registry.terraform.io/hashicorp/aws', constraint: '>= 5.100, < 7' },
      { address: 'registry.terraform.io/hashicorp/random' },
    ]);
    expect(requiredProviders(null)).toEqual([]);
    expect(requiredProviders({ terraform: 'x', provider: [] })).toEqual([]);
  });
});

describe('lockProblems: why init -lockfile=readonly would fail, said before terraform runs', () => {
  const locked: LockedProvider[] = parseLockFile(BOTH, 'x');
  const aws = { address: 'registry.terraform.io/hashicorp/aws', constraint: '>= 5.100, < 7' };

  it('none when every provider is locked inside its range', () => {
    expect(lockProblems([aws], locked)).toEqual([]);
  });

  it('a provider missing from the lock file (or no lock file) says to run `email-auth lock`', () => {
    const [problem] = lockProblems([{ address: 'registry.terraform.io/cloudflare/cloudflare' }], undefined);
    expect(problem).toBe(
      'provider registry.terraform.io/cloudflare/cloudflare is not in the dependency lock file (.terraform.lock.hcl): run `email-auth lock` (with registry access, or --fs-mirror DIR), commit .terraform.lock.hcl and synth again',
    );
  });

  it('a locked version outside the stack\'s range, instead of terraform\'s advice to `init -upgrade`', () => {
    expect(lockProblems([{ ...aws, constraint: '>= 6.0' }], locked)).toEqual([
      expect.stringMatching(/^the dependency lock file pins registry\.terraform\.io\/hashicorp\/aws 5\.100\.0, which the stack's constraint ">= 6\.0" excludes: run `email-auth lock`/),
    ]);
  });
});

describe('the committed lock file pins what the stacks accept', () => {
  const locked = parseLockFile(readFileSync(join(__dirname, '..', '..', '.terraform.lock.hcl'), 'utf8'), '.terraform.lock.hcl');

  it('every locked provider is one the stacks require, at a version inside their range', () => {
    for (const entry of locked) {
      const wanted = STACK_PROVIDERS.find((p) => providerAddress(p.source) === entry.address);
      expect(wanted).toBeDefined();
      expect(satisfies(entry.version, wanted!.version)).toBe(true);
    }
  });

  it('hashicorp/aws is locked (Cloudflare is added by `email-auth lock` with registry access: docs/pipelines.md)', () => {
    expect(locked.map((p) => p.address)).toContain(providerAddress('hashicorp/aws'));
  });
});

describe('lock files in the synth output', () => {
  const { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const { join } = require('node:path') as typeof import('node:path');
  const { writeStackLockFiles } = require('../../pipeline/stack-lock') as typeof import('../../pipeline/stack-lock');

  test('stacks of one provider share one written lock file (hard links); each holds only its providers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'email-auth-lock-links-'));
    try {
      const stacks = ['a', 'b', 'c'].map((name) => {
        mkdirSync(join(dir, name));
        return { name, json: { terraform: { required_providers: { aws: { source: 'aws', version: '>= 5.100, < 7' } } } } };
      });
      writeFileSync(join(dir, 'repo.lock.hcl'), readFileSync(join(__dirname, '..', '..', '.terraform.lock.hcl')));
      expect(writeStackLockFiles(dir, stacks, join(dir, 'repo.lock.hcl'))).toEqual([]);
      const files = stacks.map((s) => join(dir, s.name, '.terraform.lock.hcl'));
      expect(new Set(files.map((f) => statSync(f).ino)).size).toBe(1);
      expect(statSync(files[0]!).nlink).toBe(3);
      expect(readFileSync(files[2]!, 'utf8')).toContain('provider "registry.terraform.io/hashicorp/aws"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
