// What `email-auth init` makes the new repository depend on, and the next steps it prints (issue 16 item 1): both
// must work as printed, from a registry version and from a release tarball before the first publish.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedSpec } from '../../io/installed-from';
import { PACKAGE_NAME, releaseTarballUrl, REPOSITORY_URL } from '../../io/package-json';
import { nextSteps, scaffoldDependency } from '../../cli/scaffold';
import { shellWord } from '../../cli/shell-word';
import { cli } from '../helpers/run-cli';

const ROOT = join(__dirname, '..', '..');
const OWN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const TARBALL = 'https://github.com/email-auth-dns/email-auth-dns/releases/download/v0.2.0/email-auth-dns-0.2.0.tgz';

describe('scaffoldDependency: the new repository depends on what init came from, when a CI runner can fetch it', () => {
  it.each([
    ['run from a clone (unknown)', undefined],
    ['npx email-auth-dns@0.2.0 (npm saves ^0.2.0)', '^0.2.0'],
    ['an exact version', '0.2.0'],
    ['a dist-tag', 'latest'],
    ['an npm alias', 'npm:email-auth-dns@^0.2.0'],
    ['an empty spec', ''],
  ])('%s → ^<version> from the registry, no note', (_, spec) => {
    expect(scaffoldDependency('0.2.0', spec)).toEqual({ spec: '^0.2.0' });
  });

  it.each([
    ['a release tarball URL', TARBALL],
    ['a tarball on any http(s) server', 'http://127.0.0.1:4873/email-auth-dns/-/email-auth-dns-0.2.0.tgz'],
    ['a GitHub shorthand', 'github:email-auth-dns/email-auth-dns#v0.2.0'],
    ['git over https', 'git+https://github.com/email-auth-dns/email-auth-dns.git#v0.2.0'],
    ['git over ssh', 'git+ssh://git@github.com/email-auth-dns/email-auth-dns.git#v0.2.0'],
  ])('%s is carried over as it is', (_, spec) => {
    expect(scaffoldDependency('0.2.0', spec)).toEqual({ spec });
  });

  it.each([
    ['file: tarball', 'file:../email-auth-dns-0.2.0.tgz'],
    ['file: folder', 'file:/home/me/email-auth-dns'],
    ['git on this disk', 'git+file:///home/me/email-auth-dns#v0.2.0'],
    ['a relative path', './email-auth-dns-0.2.0.tgz'],
    ['a parent path', '../email-auth-dns-0.2.0.tgz'],
    ['an absolute path', '/tmp/email-auth-dns-0.2.0.tgz'],
    ['a home path', '~/email-auth-dns-0.2.0.tgz'],
    ['a Windows path', 'C:\\packages\\email-auth-dns-0.2.0.tgz'],
  ])('%s (a file a CI runner lacks) → ^<version>, with a note naming the release tarball to use until it is published', (_, spec) => {
    const result = scaffoldDependency('0.2.0', spec);
    expect(result.spec).toBe('^0.2.0');
    expect(result.note).toContain(`came from ${spec}, a file a CI runner does not have`);
    expect(result.note).toContain(`npm install ${TARBALL}`);
  });

  it('a URL with a space or a control character is not carried over (npm would not have saved it)', () => {
    expect(scaffoldDependency('0.2.0', 'https://example.org/a b.tgz')).toEqual({ spec: '^0.2.0' });
    expect(scaffoldDependency('0.2.0', 'https://example.org/a\n.tgz')).toEqual({ spec: '^0.2.0' });
  });
});

describe('the release tarball URL and the repository', () => {
  it('is the GitHub release asset that npm pack names email-auth-dns-<version>.tgz', () => {
    expect(releaseTarballUrl('0.2.0')).toBe(TARBALL);
    expect(releaseTarballUrl('1.0.0-rc.1')).toBe(`${REPOSITORY_URL}/releases/download/v1.0.0-rc.1/${PACKAGE_NAME}-1.0.0-rc.1.tgz`);
  });

  it('package.json names the same repository in repository, homepage and bugs', () => {
    expect(OWN.repository).toEqual({ type: 'git', url: `git+${REPOSITORY_URL}.git` });
    expect(OWN.homepage).toBe(`${REPOSITORY_URL}#readme`);
    expect(OWN.bugs).toEqual({ url: `${REPOSITORY_URL}/issues` });
  });

  it('the scaffolded README links the repository, not an npm page, and every link it has goes there', () => {
    const readme = readFileSync(join(ROOT, 'templates', 'init', 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\((https?:[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !l.startsWith(REPOSITORY_URL))).toEqual([]);
    expect(readme).not.toContain('npmjs.com');
  });

  it('LICENSE is the MIT licence of the email-auth-dns contributors, and ships', () => {
    const licence = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(OWN.license).toBe('MIT');
    expect(licence.split('\n').slice(0, 3)).toEqual(['MIT License', '', 'Copyright (c) 2026 email-auth-dns contributors']);
    expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
    expect(OWN.files).toContain('LICENSE');
  });
});

describe('nextSteps: commands that work as printed', () => {
  it('without a folder: install, check, synth, then what comes after in README.md', () => {
    expect(nextSteps(undefined)).toEqual([
      'next:',
      '  npm install',
      '  npx email-auth check',
      '  npx email-auth synth',
      'then commit everything (package-lock.json too); README.md says what the workflow needs: `npx email-auth lock`, the credentials.',
    ]);
  });

  it.each([
    ['demo', 'cd demo'],
    ['dns/config-2', 'cd dns/config-2'],
    ['/tmp/our dns', "cd '/tmp/our dns'"],
    ["it's", "cd 'it'\\''s'"],
    ['$(touch pwned)', "cd '$(touch pwned)'"],
    ['-demo', 'cd ./-demo'],
    ['~demo', "cd '~demo'"],
  ])('folder %j: %s', (folder, cd) => {
    expect(nextSteps(folder)[1]).toBe(`  ${cd}`);
  });

  it('the quoted cd reaches the folder in a real shell', () => {
    const work = mkdtempSync(join(tmpdir(), 'email-auth-next-'));
    try {
      for (const folder of ["our dns", "it's", '$(touch pwned)', '-x', 'a;b|c&d', 'tab\tname']) {
        mkdirSync(join(work, folder));
        const cd = nextSteps(folder)[1]!.trim();
        const result = spawnSync('sh', ['-c', `${cd} && pwd`], { cwd: work, encoding: 'utf8' });
        expect(result.stdout.trim()).toBe(join(work, folder));
      }
      expect(() => readFileSync(join(work, 'pwned'))).toThrow();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('shellWord keeps plain words and single-quotes the rest', () => {
    expect(shellWord('email-auth-dns@0.2.0')).toBe('email-auth-dns@0.2.0');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('')).toBe("''");
    expect(shellWord("'")).toBe("''\\'''");
  });
});

describe('installedSpec: the spec the installing project (or npx) saved for this package', () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'email-auth-installed-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const install = (packageJson: string | object) => {
    const root = join(work, 'node_modules', PACKAGE_NAME);
    mkdirSync(root, { recursive: true });
    writeFileSync(join(work, 'package.json'), typeof packageJson === 'string' ? packageJson : JSON.stringify(packageJson));
    return root;
  };

  it('reads npx\'s package.json: the URL for a tarball, ^version for the registry', () => {
    expect(installedSpec(install({ dependencies: { [PACKAGE_NAME]: TARBALL }, _npx: { packages: [TARBALL] } }))).toBe(TARBALL);
    expect(installedSpec(install({ dependencies: { [PACKAGE_NAME]: '^0.2.0' } }))).toBe('^0.2.0');
    expect(installedSpec(install({ devDependencies: { [PACKAGE_NAME]: 'file:../x.tgz' } }))).toBe('file:../x.tgz');
  });

  it('unknown (undefined) outside node_modules, or for a missing, malformed, oversized or hostile package.json', () => {
    expect(installedSpec(ROOT)).toBeUndefined();
    expect(installedSpec(join(work, 'node_modules', PACKAGE_NAME))).toBeUndefined();
    expect(installedSpec(install('{ not json'))).toBeUndefined();
    expect(installedSpec(install('null'))).toBeUndefined();
    expect(installedSpec(install({ dependencies: 'x' }))).toBeUndefined();
    expect(installedSpec(install({ dependencies: { [PACKAGE_NAME]: 42 } }))).toBeUndefined();
    expect(installedSpec(install({ dependencies: { [PACKAGE_NAME]: `https://x/${'a'.repeat(3000)}.tgz` } }))).toBeUndefined();
    expect(installedSpec(install(`{"dependencies":{"${PACKAGE_NAME}":"^1.0.0"},"pad":"${'x'.repeat(1024 * 1024)}"}`))).toBeUndefined();
    // A prototype key is data, not a path to the package's spec.
    expect(installedSpec(install(`{"dependencies":{"__proto__":{"${PACKAGE_NAME}":"https://evil/x.tgz"}}}`))).toBeUndefined();
    expect(installedSpec(install({ dependencies: { other: '1.0.0' } }))).toBeUndefined();
  });

  it('a package.json that is a folder or a device is not read', () => {
    const root = join(work, 'node_modules', PACKAGE_NAME);
    mkdirSync(root, { recursive: true });
    mkdirSync(join(work, 'package.json'));
    expect(installedSpec(root)).toBeUndefined();
    rmSync(join(work, 'package.json'), { recursive: true });
    symlinkSync('/dev/zero', join(work, 'package.json'));
    expect(installedSpec(root)).toBeUndefined();
  });
});

describe('email-auth init prints the next steps', () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'email-auth-init-steps-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('after the files it wrote: cd (quoted), install, check, synth; run from this clone, it depends on ^<version>', async () => {
    const dir = join(work, 'our dns');
    const result = await cli('init', dir);
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    expect(result.out.split('\n').slice(1)).toEqual(['next:', `  cd '${dir}'`, '  npm install', '  npx email-auth check', '  npx email-auth synth', expect.stringMatching(/^then commit everything/)]);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies[PACKAGE_NAME]).toBe(`^${OWN.version}`);
  });

  it('a control character in the folder is shown escaped, never printed raw', async () => {
    const result = await cli('init', join(work, 'a\x1b[31mb'));
    expect(result.code).toBe(0);
    expect(result.out).not.toContain('\x1b');
    expect(result.out).toContain("cd '");
  });
});
