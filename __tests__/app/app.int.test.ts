import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, readStack, runApp, stackJson, stacksIn } from '../helpers/run-app';
import { cleanupTerraformDirs, scratchDir } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';
import { withoutCoreVersion } from '../helpers/core-version';

// The real app (`node dist/main.js`, which cdktf.json runs through scripts/app.js), on temporary configs.

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

test('cdktf.json runs scripts/app.js, which writes exactly what these tests run (dist/main.js) writes', () => {
  expect(JSON.parse(readFileSync(join(REPO_ROOT, 'cdktf.json'), 'utf8')).app).toBe('node scripts/app.js');
  const example = join(REPO_ROOT, 'institutions.yaml');
  const direct = runApp({ path: example });
  // The same working directory layout as runApp's: the local backend's path is relative to it.
  const dir = scratchDir('email-auth-app-js-');
  const viaApp = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'app.js')], {
    cwd: dir,
    env: { ...process.env, EMAIL_AUTH_CONFIG: example, CDKTF_OUTDIR: join(dir, 'cdktf.out') },
    encoding: 'utf8',
  });
  expect(viaApp.status).toBe(0);
  expect(direct.status).toBe(0);
  const stacks = stacksIn(direct.outdir);
  expect(stacksIn(join(dir, 'cdktf.out'))).toEqual(stacks);
  // The core's version aside: the app may run on CDK Terrain (other-core.int.test.ts), scripts/app.js always on cdktf.
  for (const stack of stacks) expect(withoutCoreVersion(stackJson(join(dir, 'cdktf.out', 'stacks', stack)))).toEqual(withoutCoreVersion(readStack(direct.outdir, stack)));
});

describe('the app on a valid config', () => {
  const run = runApp(`
defaults:
  ttl: 600
  dmarc: { policy: none, rua: ["mailto:dmarc@example.org"] }
institutions:
  - code: MOSA
    domain: mosamuseum.com.
    provider: route53
    zoneId: Z0123456789ABCDEFGHIJ
    aws: { region: eu-central-1, assumeRoleArn: "arn:aws:iam::123456789012:role/dns" }
    spf: { mechanisms: ["include:_spf.google.com"], all: "-all" }
    keepTxt: ["google-site-verification=abc"]
    mx: [{ priority: 10, host: mx1.mosamuseum.com }]
  - code: opera
    domain: tickets.opera.example
    provider: cloudflare
    zoneName: opera.example
    ttl: 1
`);

  test('exits 0 and writes one stack per institution, named from the code', () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(stacksIn(run.outdir)).toEqual(['email-auth-mosa', 'email-auth-opera']);
  });

  test('the Route53 stack: provider from config, version range, records', () => {
    const stack = readStack(run.outdir, 'email-auth-mosa');
    expect(stack.provider.aws).toEqual([{ region: 'eu-central-1', assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/dns', session_name: 'email-auth-mosa' }] }]);
    // Fully qualified under both cores (@cdktf/provider-aws alone writes "aws", @cdktn/provider-aws "hashicorp/aws").
    expect((stack.terraform.required_providers as Record<string, unknown>).aws).toEqual({ source: 'hashicorp/aws', version: '>= 5.100, < 7' });
    const records = Object.values<Record<string, unknown>>(stack.resource.aws_route53_record).map((r) => [r.type, r.name, r.ttl, r.records]);
    expect(records).toEqual(
      expect.arrayContaining([
        ['TXT', 'mosamuseum.com', 600, ['v=spf1 include:spf.secutix.com include:_spf.google.com -all', 'google-site-verification=abc']],
        ['CNAME', 'stxsel1._domainkey.mosamuseum.com', 600, ['sel1-mosa._domainkey.dkim.secutix.com']],
        ['CNAME', 'stxsel2._domainkey.mosamuseum.com', 600, ['sel2-mosa._domainkey.dkim.secutix.com']],
        ['TXT', '_dmarc.mosamuseum.com', 600, ['v=DMARC1; p=none; rua=mailto:dmarc@example.org']],
        ['MX', 'mosamuseum.com', 600, ['10 mx1.mosamuseum.com']],
      ]),
    );
    expect(records).toHaveLength(5);
  });

  test('stacks are written in one layout whichever core wrote them, JSON.stringify\'s (an empty provider block is `{}`)', () => {
    for (const stack of stacksIn(run.outdir)) {
      const text = readFileSync(join(run.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
    }
    expect(readFileSync(join(run.outdir, 'stacks', 'email-auth-opera', 'cdk.tf.json'), 'utf8')).toContain('"cloudflare": [\n      {}\n    ]');
  });

  test('the Cloudflare stack: token not in the config, version range, zone looked up', () => {
    const stack = readStack(run.outdir, 'email-auth-opera');
    expect(stack.provider.cloudflare).toEqual([{}]);
    expect((stack.terraform.required_providers as Record<string, unknown>).cloudflare).toEqual({ source: 'cloudflare/cloudflare', version: '~> 5.14' });
    expect(Object.keys(stack.resource.cloudflare_dns_record!)).toHaveLength(4);
    expect(JSON.stringify(stack.data)).toContain('"filter":{"name":"opera.example"}');
  });
});

describe('the app on a bad config', () => {
  const run = runApp(`
institutions:
  - code: mosa
    domain: mosamuseum.com
    provider: route53
    zoneId: Z0123456789ABCDEFGHIJ
  - code: opera
    domain: opera.example
    provider: cloudflare
    zoneName: opera.example
    dmarc: { policy: rejct }
    apiToken: abc
`);

  test('exits 2 (an invalid config: no verdict)', () => {
    expect(run.status).toBe(2);
  });

  test('prints every error as "path: message", then a count', () => {
    expect(run.stderr.trim().split('\n')).toEqual([
      'institutions[1].apiToken: looks like a credential; config files are committed and must not hold secrets: set the CLOUDFLARE_API_TOKEN environment variable instead',
      'institutions[1].dmarc.policy: expected none|quarantine|reject, got "rejct"',
      expect.stringMatching(/^2 errors in .*institutions\.yaml; nothing was written\.$/),
    ]);
  });

  test('writes nothing, not even the output folder, nor the valid institution', () => {
    expect(existsSync(run.outdir)).toBe(false);
  });
});

test('a missing config file is an error naming the file', () => {
  const run = runApp({ path: join(REPO_ROOT, 'does-not-exist.yaml') });
  expect(run.status).toBe(2);
  expect(run.stderr).toBe(`config file ${JSON.stringify(join(REPO_ROOT, 'does-not-exist.yaml'))} does not exist (named by EMAIL_AUTH_CONFIG); nothing was written.\n`);
  expect(existsSync(run.outdir)).toBe(false);
});

test('warnings are printed and do not stop the synth', () => {
  const run = runApp('institutions: [{ code: a, domain: a.example.org, provider: route53, zoneId: ZA, spf: { mechanisms: [ptr] } }]\n');
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(/^warning: institutions\[0\]\.spf\.mechanisms\[0\]: "ptr" is discouraged/m);
  expect(stacksIn(run.outdir)).toEqual(['email-auth-a']);
});
