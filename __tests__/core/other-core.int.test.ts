/**
 * This package on the other CDK core, CDK Terrain (the tested cdktn and @cdktn/provider-aws, installed from npm into
 * node_modules/.cache on first use, then reused), beside this repository's cdktf:
 * - the construct, escaping and app tests again, in a child jest that resolves `cdktn`, `@cdktn/*` and `constructs`
 *   from that install and cannot see `cdktf`, its app being a copy of this package installed beside CDK Terrain;
 * - the same Terraform: every test config synthesized by this repository's app on cdktf and by the copy on CDK
 *   Terrain, every file the same byte for byte but the core's version;
 * - why CDK Terrain with `@cdktf/provider-aws` is refused (core/packages.ts): CDK Terrain cannot synthesize its resources.
 * Skipped, saying so, when the packages are not installed yet and the registry is unreachable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Consumer, installBeside, installCore, packagesIn, progress } from '../helpers/core-install';
import { textWithoutCoreVersion } from '../helpers/core-version';
import { describeUnless } from '../helpers/describe-unless';
import { registryUnreachableReason, REPO_ROOT } from '../helpers/npm';
import { AppRun, runApp } from '../helpers/run-app';
import { cleanupTerraformDirs } from '../helpers/terraform';
import { CLOUD_BACKEND, CLOUDFLARE, ROUTE53_BY_ID, ROUTE53_VARIANTS, S3_BACKEND } from '../terraform/test-configs';

jest.setTimeout(900_000);

/** Institutions offboarded both ways on both providers: no records, or `removed` blocks. */
const RETIRED = {
  institutions: [
    { code: 'gone', domain: 'gone.example', provider: 'route53', zoneId: 'Z0GONE00000000000001', mx: [{ priority: 10, host: 'mx.gone.example' }], retired: true },
    { code: 'left', domain: 'left.example', provider: 'route53', zoneName: 'left.example', retired: 'forget' },
    { code: 'cfgone', domain: 'cfgone.example', provider: 'cloudflare', zoneId: '0123456789abcdef0123456789abcdef', retired: true },
    { code: 'cfleft', domain: 'mail.cfleft.example', provider: 'cloudflare', zoneName: 'cfleft.example', retired: 'forget' },
  ],
};

const CONFIGS: Record<string, string | object | { path: string }> = {
  'the example (Route53 and Cloudflare)': { path: join(REPO_ROOT, 'institutions.yaml') },
  'retired and forgotten, on both providers': RETIRED,
  'adopted (import blocks), a zone looked up by name': ROUTE53_VARIANTS,
  'a zone by id, protect, a long SPF, two MX': ROUTE53_BY_ID,
  'Cloudflare by id and by name': CLOUDFLARE,
  'the s3 backend': S3_BACKEND,
  'the cloud backend': CLOUD_BACKEND,
};

/** The test files run again on CDK Terrain. */
const AGAIN = ['__tests__/core/core-in-use.test.ts', '__tests__/constructs/', '__tests__/escaping/terraform-template.test.ts', '__tests__/app/', '__tests__/terraform/cloudflare-schema.int.test.ts'];

const cached = existsSync(join(REPO_ROOT, 'node_modules', '.cache', 'email-auth-dns', 'cores')) && readdirSync(join(REPO_ROOT, 'node_modules', '.cache', 'email-auth-dns', 'cores')).some((d) => d.startsWith('cdktn-') && !d.includes('staging'));
const skip = cached ? undefined : registryUnreachableReason();

afterAll(cleanupTerraformDirs);

describeUnless(skip, 'this package on CDK Terrain (cdktn)', () => {
  let modules: string;
  let consumer: Consumer;
  const temporary: string[] = [];

  beforeAll(async () => {
    modules = await installCore('cdktn');
    consumer = installBeside(modules, 'email-auth-on-cdktn-');
    temporary.push(consumer.dir);
  }, 900_000);
  afterAll(() => {
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  it('the install holds CDK Terrain, its AWS binding and a constructs both accept, and no cdktf', () => {
    const version = (name: string) => (JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as { version: string }).version;
    expect({ cdktn: version('cdktn'), aws: version('@cdktn/provider-aws') }).toEqual({ cdktn: '0.24.0', aws: '25.7.0' });
    expect(version('constructs')).toMatch(/^10\.[67]\./);
    expect(packagesIn(modules).filter((name) => /^(cdktf|@cdktf\/)/.test(name))).toEqual([]);
    expect(packagesIn(join(consumer.dir, 'node_modules')).filter((name) => /^(cdktf|@cdktf\/)/.test(name))).toEqual([]);
  });

  it('the construct, escaping and app tests pass again on CDK Terrain', () => {
    const base = require(join(REPO_ROOT, 'jest.config.js')) as Record<string, unknown>;
    const hidden = join(REPO_ROOT, 'node_modules', '.cache', 'email-auth-dns', 'cdktf-is-not-installed-here');
    const config = {
      ...base,
      rootDir: REPO_ROOT,
      reporters: ['default'],
      moduleNameMapper: {
        // One copy of each, the one npm installed beside CDK Terrain; cdktf and its bindings cannot be found.
        '^(cdktn|@cdktn/provider-aws|constructs)(/.*)?$': `${modules}/$1$2`,
        '^(cdktf|@cdktf/[a-z0-9-]+)(/.*)?$': hidden,
      },
    };
    const results = join(mkdtempSync(join(tmpdir(), 'email-auth-jest-cdktn-')), 'results.json');
    temporary.push(join(results, '..'));
    progress(`running ${AGAIN.join(' ')} on CDK Terrain (a child jest)`);
    const { JEST_WORKER_ID: _, ...env } = process.env;
    const child = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(config), '--ci', '--json', `--outputFile=${results}`, ...AGAIN], {
      cwd: REPO_ROOT,
      env: { ...env, EMAIL_AUTH_TEST_CORE: 'cdktn', EMAIL_AUTH_TEST_PACKAGE: consumer.packageRoot },
      encoding: 'utf8',
      timeout: 840_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const report = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as JestReport) : undefined;
    const summary = report && { suites: report.numTotalTestSuites, tests: report.numTotalTests, passed: report.numPassedTests, failed: report.numFailedTests, pending: report.numPendingTests };
    progress(`on CDK Terrain: ${JSON.stringify(summary)}`);
    // On failure the child's own output shows which test and why.
    expect({ status: child.status, summary, output: child.status === 0 ? '' : child.stderr.slice(-20_000) }).toEqual({ status: 0, summary: expect.objectContaining({ failed: 0, pending: 0 }), output: '' });
    const files = report!.testResults.map((r) => relative(REPO_ROOT, r.name)).sort();
    expect(files).toEqual([
      '__tests__/app/app.int.test.ts',
      '__tests__/app/example-snapshot.int.test.ts',
      '__tests__/app/nothing-written.int.test.ts',
      '__tests__/constructs/cloudflare.test.ts',
      '__tests__/constructs/report-authorizations.test.ts',
      '__tests__/constructs/route53.test.ts',
      '__tests__/core/core-in-use.test.ts',
      '__tests__/escaping/terraform-template.test.ts',
      '__tests__/terraform/cloudflare-schema.int.test.ts',
    ]);
    expect(report!.numTotalTests).toBeGreaterThan(60);
  });

  describe('the same Terraform on both cores', () => {
    const cdktnRuns = new Map<string, AppRun>();
    const synthOnCdktn = (label: string) => cdktnRuns.get(label) ?? cdktnRuns.set(label, runApp(CONFIGS[label]!, {}, consumer.packageRoot)).get(label)!;

    it.each(Object.keys(CONFIGS))('%s: every stack the same, byte for byte, but the core version', (label) => {
      const onCdktf = runApp(CONFIGS[label]!);
      const onCdktn = synthOnCdktn(label);
      expect({ status: onCdktn.status, stderr: onCdktn.stderr }).toEqual({ status: 0, stderr: onCdktf.stderr });
      expect(onCdktf.status).toBe(0);
      const files = filesIn(onCdktf.outdir);
      expect(filesIn(onCdktn.outdir)).toEqual(files);
      expect(files.filter((f) => f.endsWith('cdk.tf.json')).length).toBeGreaterThan(0);
      for (const file of files) {
        const [tf, tn] = [readFileSync(join(onCdktf.outdir, file), 'utf8'), readFileSync(join(onCdktn.outdir, file), 'utf8')];
        if (file === 'manifest.json') {
          // The core's own index of the stacks, read as JSON by the pipeline: CDK Terrain writes an empty list as `[]`,
          // cdktf on two lines; the content is the same.
          expect(JSON.parse(textWithoutCoreVersion(tn, '0.24.0'))).toEqual(JSON.parse(textWithoutCoreVersion(tf, '0.21.0')));
        } else {
          const stack = file.endsWith('cdk.tf.json');
          expect({ file, text: stack ? textWithoutCoreVersion(tn, '0.24.0') : tn }).toEqual({ file, text: stack ? textWithoutCoreVersion(tf, '0.21.0') : tf });
        }
      }
    });

    it('the configs cover import blocks, removed blocks, retired stacks, both providers, every backend', () => {
      const text = Object.keys(CONFIGS)
        .map((label) => synthOnCdktn(label).outdir)
        .flatMap((outdir) => filesIn(outdir).filter((f) => f.endsWith('cdk.tf.json')).map((f) => readFileSync(join(outdir, f), 'utf8')))
        .join('\n');
      for (const needle of ['"import"', '"removed"', '"destroy": false', '"aws_route53_record"', '"cloudflare_dns_record"', '"cloudflare_zone"', '"aws_route53_zone"', '"s3"', '"cloud"', '"local"', '"prevent_destroy": true', '"source": "hashicorp/aws"']) {
        expect({ needle, found: text.includes(needle) }).toEqual({ needle, found: true });
      }
    });
  });

  it('CDK Terrain cannot synthesize a resource of @cdktf/provider-aws (so that mix is refused), though it loads it', () => {
    // npm's layout for cdktn, cdktf and @cdktf/provider-aws side by side (one constructs, the one cdktn accepts),
    // links resolved where they are (--preserve-symlinks) so that cdktf's binding sees that constructs too.
    const dir = mkdtempSync(join(tmpdir(), 'email-auth-mix-'));
    temporary.push(dir);
    const link = (from: string, name: string) => {
      mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(from, join(dir, 'node_modules', name), 'dir');
    };
    for (const name of packagesIn(modules)) link(join(modules, name), name);
    for (const name of ['cdktf', '@cdktf/provider-aws']) link(join(REPO_ROOT, 'node_modules', name), name);
    writeFileSync(
      join(dir, 'mix.js'),
      `const { App, TerraformStack } = require('cdktn');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { Route53Record } = require('@cdktf/provider-aws/lib/route53-record');
const app = new App({ outdir: ${JSON.stringify(join(dir, 'out'))} });
const stack = new TerraformStack(app, 's');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new Route53Record(stack, 'r', { zoneId: 'Z', name: 'a.example', type: 'TXT', ttl: 300, records: ['x'] });
console.log('built');
app.synth();
console.log('synthesized');
`,
    );
    const mix = spawnSync(process.execPath, ['--preserve-symlinks', 'mix.js'], { cwd: dir, encoding: 'utf8' });
    expect(mix.stdout.trim()).toBe('built');
    expect(mix.stderr).toContain("TypeError: e._resetResolveDiscoveredProviderFeatureUsage is not a function");
    expect(mix.status).not.toBe(0);
  });
});

interface JestReport {
  numTotalTestSuites: number;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string }[];
}

/** Every file under `dir`, relative, sorted. */
function filesIn(dir: string): string[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  return existsSync(dir) ? walk(dir).map((f) => relative(dir, f)).sort() : [];
}
