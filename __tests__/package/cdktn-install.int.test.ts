/**
 * The packed tarball on CDK Terrain only, installed with real npm (packages from the npm cache, the registry for what
 * it lacks), no cdktf anywhere:
 * - `cdktn`, `@cdktn/provider-aws` and `constructs`: the install pulls in no cdktf package; a TypeScript consumer of
 *   the root and `/route53` compiles under `tsc --strict` and synthesizes the exact records; its stack and the CLI's
 *   validate in terraform offline (provider mirror); the CLI's synth of the example equals this repository's;
 * - `cdktn` and `constructs` only (Cloudflare needs no binding): Cloudflare synthesizes, Route53 is refused naming
 *   `@cdktn/provider-aws`;
 * - no core at all: one error naming what to install.
 * Progress lines show while npm runs. Skipped, saying so, when the registry is unreachable.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileAndSynth, COMPILES_AND_SYNTHESIZES, writeRoute53Consumer } from '../helpers/consumer-app';
import { coreSpecs, npmWithProgress, progress } from '../helpers/core-install';
import { textWithoutCoreVersion } from '../helpers/core-version';
import { matchExampleSnapshot } from '../helpers/example-snapshots';
import { describeWithRegistry, packRepository, Packed, REPO_ROOT, removeTempFolders, run, tempFolder } from '../helpers/npm';
import { runApp } from '../helpers/run-app';
import { cleanupTerraformDirs, initValidate, terraformSkipReason } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const OWN = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; peerDependencies: Record<string, string> };
const node = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) => run(process.execPath, args, { cwd, env: { ...process.env, ...env } });
const EXAMPLE = join(REPO_ROOT, 'institutions.yaml');
const ROUTE53_ONLY = 'institutions:\n  - { code: mosa, domain: mosamuseum.com, provider: route53, zoneId: Z0123456789ABCDEFGHIJ }\n';
const CLOUDFLARE_ONLY = 'institutions:\n  - { code: opera, domain: tickets.opera.example, provider: cloudflare, zoneName: opera.example }\n';
const CDKTF = /^(cdktf|@cdktf\/.+)$/;

jest.setTimeout(900_000);
afterAll(removeTempFolders);
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

/** A fresh folder with `npm install <tarball> ...packages`, npm's progress shown while it runs. */
async function consumer(label: string, packed: Packed, packages: readonly string[], extra: readonly string[] = []): Promise<string> {
  const dir = tempFolder('email-auth-cdktn-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await npmWithProgress(['install', '--prefer-offline', '--no-audit', '--no-fund', ...extra, packed.path, ...packages], dir, label);
  return dir;
}

/** Every package the lock file installed, by name (`node_modules/a/node_modules/@s/b` → `@s/b`). */
function lockedPackages(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages).filter((key) => key !== '').map((key) => key.replace(/^.*node_modules\//, ''));
}

describeWithRegistry('package: the tarball on CDK Terrain only', () => {
  let packed: Packed;
  beforeAll(() => {
    packed = packRepository(tempFolder('email-auth-pack-'));
    progress(`packed ${packed.filename}`);
  });

  describe('cdktn, @cdktn/provider-aws and constructs', () => {
    let app: string;
    beforeAll(async () => {
      app = await consumer('cdktn-only consumer', packed, coreSpecs('cdktn'));
    }, 900_000);

    it('installs without cdktf or any @cdktf package, and without a Cloudflare binding', () => {
      const locked = lockedPackages(app);
      expect(locked).toEqual(expect.arrayContaining(['email-auth-dns', 'cdktn', '@cdktn/provider-aws', 'constructs']));
      expect(locked.filter((name) => CDKTF.test(name) || name.includes('provider-cloudflare'))).toEqual([]);
      expect(existsSync(join(app, 'node_modules', 'cdktf'))).toBe(false);
      expect(existsSync(join(app, 'node_modules', '@cdktf'))).toBe(false);
    });

    it('a TypeScript consumer of the root and /route53 compiles with tsc --strict and synthesizes the exact records', () => {
      writeRoute53Consumer(app, 'cdktn');
      expect(compileAndSynth(app)).toEqual(COMPILES_AND_SYNTHESIZES);
      const stack = JSON.parse(readFileSync(join(app, 'cdktf.out', 'stacks', 'mail', 'cdk.tf.json'), 'utf8'));
      expect(stack['//'].metadata.version).toBe('0.24.0');
      expect(stack.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '>= 5.100, < 7' });
    });

    it('the root loads no core; /route53 and /cloudflare load CDK Terrain', () => {
      const loaded = (entry: string) =>
        JSON.parse(node(['-e', `require(${JSON.stringify(entry)}); console.log(JSON.stringify([...new Set(Object.keys(require.cache).map((k) => (/node_modules[\\\\/](cdktn|cdktf|constructs|@cdktn[\\\\/][^\\\\/]+|@cdktf[\\\\/][^\\\\/]+)[\\\\/]/.exec(k) || [])[1]).filter(Boolean))].sort()))`], app).stdout);
      expect(loaded('email-auth-dns')).toEqual([]);
      expect(loaded('email-auth-dns/route53')).toEqual(['@cdktn/provider-aws', 'cdktn', 'constructs']);
      expect(loaded('email-auth-dns/cloudflare')).toEqual(['cdktn', 'constructs']);
    });

    it('email-auth synth of the example writes what this repository\'s synth writes, byte for byte but the core version', () => {
      const cli = join(app, 'node_modules', '.bin', 'email-auth');
      // The same working-folder layout as runApp's: the local backend's path is relative to it.
      const work = tempFolder('email-auth-cdktn-synth-');
      const synth = run(cli, ['synth', '--config', EXAMPLE], { cwd: work, env: { ...process.env, CDKTF_OUTDIR: join(work, 'cdktf.out') } });
      expect(synth.status).toBe(0);
      const ours = runApp({ path: EXAMPLE });
      expect(ours.status).toBe(0);
      const stacks = readdirSync(join(work, 'cdktf.out', 'stacks')).sort();
      expect(stacks).toEqual(['email-auth-mosa', 'email-auth-operabern']);
      for (const stack of stacks) {
        const file = join('stacks', stack, 'cdk.tf.json');
        const installed = readFileSync(join(work, 'cdktf.out', file), 'utf8');
        expect(textWithoutCoreVersion(installed, '0.24.0')).toBe(textWithoutCoreVersion(readFileSync(join(ours.outdir, file), 'utf8'), '0.21.0'));
        expect(matchExampleSnapshot(stack, JSON.parse(installed)).pass).toBe(true);
      }
      expect(readFileSync(join(work, 'cdktf.out', 'stacks', 'email-auth-mosa', 'iam-policy.json'), 'utf8')).toBe(readFileSync(join(ours.outdir, 'stacks', 'email-auth-mosa', 'iam-policy.json'), 'utf8'));
    });

    const noTerraform = terraformSkipReason();
    if (noTerraform) console.warn(`SKIPPED package: terraform validate on CDK Terrain: ${noTerraform}`);
    (noTerraform ? it.skip : it)('the consumer\'s stack and the CLI\'s Route53 stack validate in terraform, offline against the provider mirror', async () => {
      const cli = join(app, 'node_modules', '.bin', 'email-auth');
      writeFileSync(join(app, 'route53.yaml'), ROUTE53_ONLY);
      expect(run(cli, ['synth', '--config', 'route53.yaml'], { cwd: app, env: { ...process.env, CDKTF_OUTDIR: join(app, 'out-route53') } }).status).toBe(0);
      for (const dir of [join(app, 'cdktf.out', 'stacks', 'mail'), join(app, 'out-route53', 'stacks', 'email-auth-mosa')]) {
        const { valid, diagnostics } = await initValidate(dir);
        expect({ dir, valid, diagnostics }).toEqual({ dir, valid: true, diagnostics: [] });
      }
    }, 300_000);
  });

  describe('cdktn and constructs only: Cloudflare needs no binding', () => {
    let app: string;
    let cli: string;
    beforeAll(async () => {
      app = await consumer('cdktn without a binding', packed, coreSpecs('cdktn').filter((spec) => !spec.startsWith('@cdktn/provider-aws@')));
      cli = join(app, 'node_modules', '.bin', 'email-auth');
    }, 900_000);

    it('a Cloudflare config synthesizes', () => {
      expect(lockedPackages(app).filter((name) => CDKTF.test(name) || name.includes('provider'))).toEqual([]);
      writeFileSync(join(app, 'cloudflare.yaml'), CLOUDFLARE_ONLY);
      const synth = run(cli, ['synth', '--config', 'cloudflare.yaml'], { cwd: app, env: { ...process.env, CDKTF_OUTDIR: join(app, 'out') } });
      expect(synth.stderr).toBe('');
      expect(synth.status).toBe(0);
      const stack = JSON.parse(readFileSync(join(app, 'out', 'stacks', 'email-auth-opera', 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(stack.resource.cloudflare_dns_record)).toHaveLength(4);
    });

    it('a Route53 institution gets one error naming @cdktn/provider-aws, for check and synth, and nothing is written', () => {
      writeFileSync(join(app, 'route53.yaml'), ROUTE53_ONLY);
      for (const command of ['check', 'synth']) {
        const result = run(cli, [command, '--config', 'route53.yaml'], { cwd: app, env: { ...process.env, CDKTF_OUTDIR: join(app, `out-${command}`) } });
        // Exit 2, no verdict: the command cannot run here (the one exit-code table). check writes nothing anyway.
        expect({ command, status: result.status, stdout: result.stdout }).toEqual({ command, status: 2, stdout: '' });
        expect(result.stderr.split('\n')).toEqual([
          `provider route53 (institution mosa) needs the package @cdktn/provider-aws, which is not installed: npm install @cdktn/provider-aws@${OWN.peerDependencies['@cdktn/provider-aws']}`,
          `1 package missing: this config cannot be synthesized here${command === 'synth' ? '; nothing was written.' : ''}`,
          '',
        ]);
        expect(existsSync(join(app, `out-${command}`))).toBe(false);
      }
    });

    it('requiring /route53 throws a MissingPeerDependencyError naming @cdktn/provider-aws', () => {
      const result = node(['-e', `try { require('email-auth-dns/route53'); } catch (e) { console.log(JSON.stringify({ name: e.name, packageName: e.packageName, install: e.install })); process.exit(3); }`], app);
      expect(result.status).toBe(3);
      expect(JSON.parse(result.stdout)).toEqual({ name: 'MissingPeerDependencyError', packageName: '@cdktn/provider-aws', install: `npm install @cdktn/provider-aws@${OWN.peerDependencies['@cdktn/provider-aws']}` });
    });
  });

  describe('no core installed', () => {
    let app: string;
    beforeAll(async () => {
      // --legacy-peer-deps: the peers stay out, as with a package manager that does not install them.
      app = await consumer('the tarball alone', packed, [], ['--legacy-peer-deps']);
    }, 900_000);

    it('synth names CDK Terrain and cdktf with what each needs, in one error, and writes nothing', () => {
      const cli = join(app, 'node_modules', '.bin', 'email-auth');
      const peer = (name: string) => `${name}@${OWN.peerDependencies[name]}`;
      const result = run(cli, ['synth', '--config', EXAMPLE], { cwd: app, env: { ...process.env, CDKTF_OUTDIR: join(app, 'out') } });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `email-auth synth needs the package cdktn, which is not installed (nor is cdktf): npm install ${peer('cdktn')} ${peer('constructs')} ` +
          `(or, to stay on the archived cdktf: npm install ${peer('cdktf')} ${peer('constructs')})\n`,
      );
      expect(existsSync(join(app, 'out'))).toBe(false);
    });

    it('check of a config with Route53 names the AWS binding too', () => {
      const cli = join(app, 'node_modules', '.bin', 'email-auth');
      const peer = (name: string) => `${name}@${OWN.peerDependencies[name]}`;
      const result = run(cli, ['check', '--config', EXAMPLE], { cwd: app });
      expect(result.status).toBe(2);
      // After the config's own warnings: the one error, and the count.
      expect(result.stderr.split('\n').slice(-3)).toEqual([
        `this config (institutions mosa, operabern) needs the package cdktn, which is not installed (nor is cdktf): npm install ${peer('cdktn')} ${peer('constructs')} ${peer('@cdktn/provider-aws')} ` +
          `(or, to stay on the archived cdktf: npm install ${peer('cdktf')} ${peer('constructs')} ${peer('@cdktf/provider-aws')})`,
        '3 packages missing: this config cannot be synthesized here',
        '',
      ]);
      expect(result.stdout).toBe('');
    });
  });
});
