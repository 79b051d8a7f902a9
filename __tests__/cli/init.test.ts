// `email-auth init` in process: what it writes, what it refuses, and the templates it writes from.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/run-cli';
import { packageName } from '../../cli/scaffold';
import { isInstalled, MissingPeerDependencyError, requirePeers } from '../../io/peer-dependency';

const ROOT = join(__dirname, '..', '..');
const OWN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const FILES = ['institutions.yaml', 'cdktf.json', 'package.json', '.gitignore', '.github/workflows/dns.yml', 'README.md'];

let work: string;
const pick = (from: Record<string, string>, names: string[]) => Object.fromEntries(names.map((n) => [n, from[n]]));
beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'email-auth-init-'))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('email-auth init', () => {
  it('writes a config-only repository into a new folder and lists the files', async () => {
    const dir = join(work, 'our-dns');
    const result = await cli('init', dir);
    expect(result.code).toBe(0);
    expect(result.out.split('\n')[0]).toBe(`wrote ${FILES.join(', ')} into ${dir}`);
    for (const file of FILES) expect(statSync(join(dir, file)).isFile()).toBe(true);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'our-dns', private: true, scripts: { 'email-auth': 'email-auth' } });
    // CDK Terrain by default, the maintained core; no Cloudflare binding (the Cloudflare types are the package's own).
    expect(pkg.dependencies).toEqual({ 'email-auth-dns': `^${OWN.version}`, ...pick(OWN.peerDependencies, ['@cdktn/provider-aws', 'cdktn', 'constructs']) });
    expect(Object.keys(pkg.dependencies)).toEqual(['@cdktn/provider-aws', 'cdktn', 'constructs', 'email-auth-dns']);
    expect(JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8'))).toMatchObject({ app: 'node node_modules/email-auth-dns/dist/cli/main.js synth', output: 'cdktf.out', projectId: 'our-dns' });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'cdktf.out/', '*.tfstate']));
  });

  it('the scaffolded institutions.yaml names the shipped schema and describes the same institutions as the example', async () => {
    await cli('init', work);
    const text = readFileSync(join(work, 'institutions.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/email-auth-dns/dist/institutions.schema.json');
    expect(OWN.exports['./institutions.schema.json']).toBe('./dist/institutions.schema.json');
    const scaffolded = await cli('check', '--json', '--config', join(work, 'institutions.yaml'));
    const example = await cli('check', '--json', '--config', join(ROOT, 'institutions.yaml'));
    expect(scaffolded.code).toBe(0);
    expect(JSON.parse(scaffolded.out)).toEqual(JSON.parse(example.out));
  });

  it('--core cdktf writes a package.json on cdktf and its AWS binding; the other files are the same', async () => {
    const [tn, tf] = [join(work, 'tn', 'dns'), join(work, 'tf', 'dns')];
    expect((await cli('init', tn, '--core', 'cdktn')).code).toBe(0);
    expect((await cli('init', '--core', 'cdktf', tf)).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(tf, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ 'email-auth-dns': `^${OWN.version}`, ...pick(OWN.peerDependencies, ['@cdktf/provider-aws', 'cdktf', 'constructs']) });
    for (const file of FILES.filter((f) => f !== 'package.json')) expect({ file, text: readFileSync(join(tf, file), 'utf8') }).toEqual({ file, text: readFileSync(join(tn, file), 'utf8') });
    expect(JSON.parse(readFileSync(join(tn, 'package.json'), 'utf8'))).toEqual({ ...pkg, dependencies: { 'email-auth-dns': `^${OWN.version}`, ...pick(OWN.peerDependencies, ['@cdktn/provider-aws', 'cdktn', 'constructs']) } });
  });

  it.each([
    ['cdktx', '--core must be cdktn or cdktf, got "cdktx" (did you mean "cdktn"?)'],
    ['terrain', '--core must be cdktn or cdktf, got "terrain"'],
    ['', '--core needs a value (cdktn|cdktf), got an empty one'],
  ])('--core %j is a usage error (exit 2) and writes nothing', async (core, message) => {
    const result = await cli('init', work, '--core', core);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')[0]).toBe(message);
    expect(result.err).toContain('usage: email-auth init [DIR] [--core cdktn|cdktf] [--force]');
    expect(FILES.filter((f) => existsSync(join(work, f)))).toEqual([]);
  });

  it('refuses to overwrite, naming each file that exists, and writes nothing', async () => {
    writeFileSync(join(work, 'README.md'), 'ours');
    mkdirSync(join(work, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(work, '.github', 'workflows', 'dns.yml'), 'ours');
    const result = await cli('init', work);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')).toEqual([
      '.github/workflows/dns.yml: exists (use --force to replace it)',
      'README.md: exists (use --force to replace it)',
      `2 files in the way in ${work}; nothing was written.`,
    ]);
    expect(FILES.filter((f) => existsSync(join(work, f)))).toEqual(['.github/workflows/dns.yml', 'README.md']);
    expect(readFileSync(join(work, 'README.md'), 'utf8')).toBe('ours');
  });

  it('--force replaces regular files', async () => {
    writeFileSync(join(work, 'README.md'), 'ours');
    expect((await cli('init', work, '--force')).code).toBe(0);
    expect(readFileSync(join(work, 'README.md'), 'utf8')).toMatch(/^# Email-authentication DNS records/);
    expect(readFileSync(join(work, 'package.json'), 'utf8')).toContain('"email-auth-dns"');
  });

  it('never follows a symbolic link or replaces a folder, even with --force', async () => {
    const outside = join(work, 'outside.txt');
    writeFileSync(outside, 'keep me');
    const dir = join(work, 'repo');
    mkdirSync(dir);
    symlinkSync(outside, join(dir, 'README.md'));
    mkdirSync(join(dir, 'cdktf.json'));
    const result = await cli('init', dir, '--force');
    expect(result.code).toBe(2);
    expect(result.err).toContain('README.md: is a symbolic link (not followed, even with --force)');
    expect(result.err).toContain('cdktf.json: exists and is not a regular file (not replaced, even with --force)');
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'institutions.yaml'))).toBe(false);
  });

  it.each([['.github'], ['.github/workflows']])('never writes through %s when it is a symbolic link, even with --force', async (linked) => {
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(join(elsewhere, 'workflows'), { recursive: true });
    writeFileSync(join(elsewhere, 'workflows', 'dns.yml'), 'keep me');
    const dir = join(work, 'repo');
    mkdirSync(join(dir, '.github'), { recursive: true });
    if (linked === '.github') rmSync(join(dir, '.github'), { recursive: true });
    symlinkSync(linked === '.github' ? elsewhere : join(elsewhere, 'workflows'), join(dir, linked));
    for (const force of [[], ['--force']]) {
      const result = await cli('init', dir, ...force);
      expect(result.code).toBe(2);
      expect(result.err.split('\n')[0]).toBe(`.github/workflows/dns.yml: ${linked} on its path is a symbolic link (not followed, even with --force)`);
      expect(result.err).toMatch(/1 file in the way .*; nothing was written\./);
    }
    expect(readFileSync(join(elsewhere, 'workflows', 'dns.yml'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'institutions.yaml'))).toBe(false);
  });

  it('a file where the folder should be: a clear error, no stack trace', async () => {
    const file = join(work, 'not-a-folder');
    writeFileSync(file, '');
    const result = await cli('init', file);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^institutions\.yaml: a folder on its path is a file$/m);
  });

  it('takes at most one folder', async () => {
    const result = await cli('init', 'a', 'b');
    expect(result.code).toBe(2);
    expect(result.err).toContain('give at most one DIR, got 2');
  });

  it.each([
    ['our-dns', 'our-dns'],
    ['Our DNS', 'our-dns'],
    ['.hidden', 'hidden'],
    ['__', 'email-auth-config'],
    ['node_modules', 'email-auth-config'],
    ['Théâtre Bern', 'th-tre-bern'],
  ])('package name of folder %j: %j', (folder, name) => {
    expect(packageName(folder)).toBe(name);
  });
});

describe('the workflow template (templates/init/workflow.yml)', () => {
  type Workflow = { on: unknown; permissions: unknown; concurrency: unknown; env: Record<string, string>; jobs: Record<string, { needs?: unknown; steps: { run?: string }[] }> };
  const read = (...path: string[]) => parse(readFileSync(join(ROOT, ...path), 'utf8')) as Workflow;
  const template = read('templates', 'init', 'workflow.yml');
  const own = read('.github', 'workflows', 'dns.yml');
  const runs = Object.values(template.jobs).flatMap((job) => job.steps.map((s) => s.run ?? '')).join('\n');

  it('is this repository\'s workflow with a config check in place of the tests: every other job identical', () => {
    expect(Object.keys(template.jobs)).toEqual(['check', ...Object.keys(own.jobs).filter((j) => j !== 'test')]);
    const needsCheck = (job: { needs?: unknown }) => (job.needs === 'test' ? { ...job, needs: 'check' } : job);
    for (const name of Object.keys(own.jobs).filter((j) => j !== 'test')) expect(template.jobs[name]).toEqual(needsCheck(own.jobs[name]!));
    expect([template.on, template.permissions, template.concurrency]).toEqual([own.on, own.permissions, own.concurrency]);
    // The provider mirror serves this repository's terraform tests only.
    const { EMAIL_AUTH_TF_MIRROR: _mirror, ...env } = own.env;
    expect(template.env).toEqual(env);
  });

  it('calls the CLI only as `npm run --silent email-auth -- <command>`, a script both repositories define', () => {
    const calls = runs.split('\n').filter((line) => line.includes('email-auth'));
    expect(calls.length).toBeGreaterThanOrEqual(10);
    expect(calls.filter((line) => !/npm run --silent email-auth -- (check|synth|changed|plan|summary|apply|verify)\b/.test(line))).toEqual([]);
    expect(runs).not.toMatch(/node (dist|node_modules)\/|npx email-auth/);
    expect(OWN.scripts['email-auth']).toBeDefined();
  });

  it('deploys the reviewed plans with email-auth apply: no cdktf-cli needed', () => {
    expect(runs).not.toMatch(/cdktf (deploy|synth)/);
    expect(runs).toContain('npm run --silent email-auth -- apply --plans plans --synth cdktf.out --changed-from base/cdktf.out');
  });
});

describe('email-auth --version', () => {
  it('prints the package version', async () => {
    expect(await cli('--version')).toEqual({ code: 0, out: OWN.version, err: '' });
  });
});

describe('peer dependencies', () => {
  it('a missing peer is named with the command that installs it', () => {
    expect(isInstalled('cdktf')).toBe(true);
    expect(isInstalled('email-auth-no-such-package')).toBe(false);
    expect(() => requirePeers('email-auth-dns/route53', ['cdktf', 'email-auth-no-such-package'])).toThrow(
      new MissingPeerDependencyError('email-auth-no-such-package', 'email-auth-dns/route53'),
    );
    expect(new MissingPeerDependencyError('@cdktf/provider-aws', 'x').message).toBe(
      `x needs the package @cdktf/provider-aws, which is not installed: npm install @cdktf/provider-aws@${OWN.peerDependencies['@cdktf/provider-aws']}`,
    );
  });
});
