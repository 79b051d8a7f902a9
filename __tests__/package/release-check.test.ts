// The release workflow's refusals (scripts/release-check.js): a tag whose version has no dated CHANGELOG section, a
// package.json that disagrees, a repository npm provenance would refuse, a tarball with files that must not ship.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Pkg = Record<string, unknown> & { name: string; version: string };
interface TagResult {
  problems: string[];
  version?: string;
  prerelease?: boolean;
  distTag?: string;
  notes?: string;
}
interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  root: string;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { checkTag, checkPacked, repositoryUrl, main } = require('../../scripts/release-check') as {
  checkTag: (input: { tag: string; pkg: Pkg; changelog: string; repository?: string }) => TagResult;
  checkPacked: (input: { packJson: string; pkg: Pkg }) => string[];
  repositoryUrl: (pkg: Pkg) => string | undefined;
  main: (argv: string[], io: Io) => number;
};
const { changelogSection } = require('../../scripts/changelog') as { changelogSection: (text: string, version: string) => { heading: string; body: string } | undefined };
const { packedFileProblems } = require('../../scripts/package-files') as { packedFileProblems: (files: string[], pkg: Pkg) => string[] };
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = join(__dirname, '..', '..');
const OWN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Pkg;
const REPO = 'email-auth-dns/email-auth-dns';
const pkg = (version: string, extra: Record<string, unknown> = {}): Pkg => ({ ...OWN, version, ...extra });
const CHANGELOG = `# Changelog

Intro text.

## 0.3.0-rc.1 (2026-12-20)

- Release candidate.

## 0.2.0 (2026-12-01)

- **init** prints next steps that work.
- A release workflow.

## 0.1.0 (2026-11-01)

First release.
`;

describe('changelogSection', () => {
  it('finds the section of exactly that version, up to the next one', () => {
    expect(changelogSection(CHANGELOG, '0.2.0')).toEqual({ heading: '## 0.2.0 (2026-12-01)', body: '- **init** prints next steps that work.\n- A release workflow.' });
    expect(changelogSection(CHANGELOG, '0.1.0')).toEqual({ heading: '## 0.1.0 (2026-11-01)', body: 'First release.' });
    expect(changelogSection(CHANGELOG, '0.3.0-rc.1')!.body).toBe('- Release candidate.');
  });

  it.each([
    ['a version without a section', '0.4.0'],
    ['the release of a candidate\'s section', '0.3.0'],
    ['a prefix of a version', '0.1'],
    ['a regex that would match any heading', '0.2.0|.*'],
  ])('none for %s', (_, version) => {
    expect(changelogSection(CHANGELOG, version)).toBeUndefined();
  });

  it('reads keep-a-changelog headings and CRLF files', () => {
    expect(changelogSection('## [1.0.0] - 2027-01-01\r\n\r\n- Stable.\r\n', '1.0.0')).toEqual({ heading: '## [1.0.0] - 2027-01-01', body: '- Stable.' });
  });
});

describe('checkTag', () => {
  it('a tag, package.json and a dated section that agree: the version, latest, and the section as release notes', () => {
    expect(checkTag({ tag: 'v0.2.0', pkg: pkg('0.2.0'), changelog: CHANGELOG, repository: REPO })).toEqual({
      problems: [],
      version: '0.2.0',
      prerelease: false,
      distTag: 'latest',
      notes: '- **init** prints next steps that work.\n- A release workflow.',
    });
  });

  it('a pre-release goes to the next dist-tag, never latest', () => {
    expect(checkTag({ tag: 'v0.3.0-rc.1', pkg: pkg('0.3.0-rc.1'), changelog: CHANGELOG })).toMatchObject({ problems: [], prerelease: true, distTag: 'next' });
  });

  it.each([
    ['no v', '0.2.0'],
    ['a partial version', 'v0.2'],
    ['a leading zero', 'v0.02.0'],
    ['build metadata (npm drops it)', 'v0.2.0+build.1'],
    ['shell syntax', 'v0.2.0;rm -rf ~'],
    ['a newline (a forged GITHUB_OUTPUT line)', 'v0.2.0\ndist-tag=latest'],
    ['an empty pre-release', 'v0.2.0-'],
  ])('refuses a tag with %s', (_, tag) => {
    const result = checkTag({ tag, pkg: pkg('0.2.0'), changelog: CHANGELOG });
    expect(result.problems).toEqual([`tag ${JSON.stringify(tag)} is not v<major>.<minor>.<patch>[-<pre-release>] (semver, no build metadata)`]);
    expect(result.version).toBeUndefined();
  });

  it('refuses a tag that package.json does not carry', () => {
    expect(checkTag({ tag: 'v0.2.0', pkg: pkg('0.1.0'), changelog: CHANGELOG }).problems).toEqual([
      'package.json\'s version is "0.1.0", the tag says 0.2.0: bump package.json (npm version 0.2.0 --no-git-tag-version) and tag that commit',
    ]);
  });

  it('refuses a version with no CHANGELOG section, one still "unreleased", and an empty one', () => {
    expect(checkTag({ tag: 'v0.4.0', pkg: pkg('0.4.0'), changelog: CHANGELOG }).problems).toEqual(['CHANGELOG.md has no "## 0.4.0" section: add what changed for users, with the release date']);
    expect(checkTag({ tag: 'v0.4.0', pkg: pkg('0.4.0'), changelog: '## 0.4.0 (Unreleased)\n\n- x\n' }).problems).toEqual([
      'CHANGELOG.md\'s section says "## 0.4.0 (Unreleased)": replace "unreleased" with the release date',
    ]);
    expect(checkTag({ tag: 'v0.4.0', pkg: pkg('0.4.0'), changelog: '## 0.4.0 (2027-01-01)\n\n## 0.3.0\n\n- x\n' }).problems).toEqual([
      'CHANGELOG.md\'s section "## 0.4.0 (2027-01-01)" is empty: say what changed for users',
    ]);
  });

  it('refuses a repository other than the one the workflow runs in (npm rejects such a provenance statement)', () => {
    expect(checkTag({ tag: 'v0.2.0', pkg: pkg('0.2.0'), changelog: CHANGELOG, repository: 'someone/fork' }).problems).toEqual([
      'package.json\'s repository is "https://github.com/email-auth-dns/email-auth-dns", but this runs in https://github.com/someone/fork: npm refuses provenance from another repository',
    ]);
    expect(checkTag({ tag: 'v0.2.0', pkg: pkg('0.2.0', { repository: undefined }), changelog: CHANGELOG, repository: REPO }).problems).toEqual([
      'package.json\'s repository is null, but this runs in https://github.com/email-auth-dns/email-auth-dns: npm refuses provenance from another repository',
    ]);
  });

  it('reads the repository in every form npm writes it', () => {
    expect(repositoryUrl(OWN)).toBe(`https://github.com/${REPO}`);
    expect(repositoryUrl(pkg('1.0.0', { repository: 'https://github.com/a/b' }))).toBe('https://github.com/a/b');
    expect(repositoryUrl(pkg('1.0.0', { repository: { url: 'git+https://github.com/a/b.git' } }))).toBe('https://github.com/a/b');
    expect(repositoryUrl(pkg('1.0.0', { repository: { url: 7 } }))).toBeUndefined();
  });

  it('this repository\'s own CHANGELOG.md has a section for its version', () => {
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(changelogSection(changelog, OWN.version)).toBeDefined();
  });
});

describe('packed file list', () => {
  const packed = (files: string[], filename = `${OWN.name}-${OWN.version}.tgz`) => JSON.stringify([{ filename, files: files.map((path) => ({ path })) }]);
  // The smallest list that holds every entry point, doc and source: what the rules require, nothing else.
  const MINIMAL = [
    'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE',
    ...['index', 'route53', 'cloudflare'].flatMap((e) => [`dist/exports/${e}.js`, `dist/exports/${e}.d.ts`, `dist/exports/${e}.d.ts.map`, `exports/${e}.ts`]),
    'dist/institutions.schema.json', 'dist/cli/main.js', 'cli/main.ts',
  ];

  it('the smallest complete list passes', () => {
    expect(checkPacked({ packJson: packed(MINIMAL), pkg: OWN })).toEqual([]);
  });

  it.each([
    ['a test', '__tests__/cli/init.test.ts', 'must never ship'],
    ['a snapshot', 'constructs/__snapshots__/x.snap', 'must never ship'],
    ['a script', 'scripts/release-check.js', 'must never ship'],
    ['build state', 'dist/build.tsbuildinfo', 'must never ship'],
    ['synth output', 'cdktf.out/manifest.json', 'must never ship'],
    ['an install', 'node_modules/x/index.js', 'must never ship'],
    ['an API report', 'api-report/email-auth-dns.api.md', 'must never ship'],
    ['a secret left in the tree', '.npmrc', 'not a file the package ships'],
    ['a stray file', 'notes.txt', 'not a file the package ships'],
  ])('refuses %s', (_, file, why) => {
    expect(checkPacked({ packJson: packed([...MINIMAL, file]), pkg: OWN })).toEqual([expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${why}`))]);
  });

  it.each([['LICENSE'], ['README.md'], ['CHANGELOG.md'], ['dist/cli/main.js'], ['dist/exports/route53.d.ts'], ['dist/exports/cloudflare.d.ts.map'], ['exports/index.ts'], ['dist/institutions.schema.json']])(
    'refuses a tarball without %s',
    (file) => {
      expect(checkPacked({ packJson: packed(MINIMAL.filter((f) => f !== file)), pkg: OWN })).toContain(`${file}: missing`);
    },
  );

  it('refuses compiled code without its source, a tarball named otherwise, and output that is not npm pack\'s', () => {
    expect(packedFileProblems([...MINIMAL, 'dist/model/spf.js'], OWN)).toEqual(['dist/model/spf.js: its source model/spf.ts is missing']);
    expect(checkPacked({ packJson: packed(MINIMAL, 'other-0.0.1.tgz'), pkg: OWN })).toEqual([
      `the tarball is "other-0.0.1.tgz", not ${OWN.name}-${OWN.version}.tgz: the release tarball URL (docs/install.md) names it so`,
    ]);
    expect(checkPacked({ packJson: 'npm ERR!', pkg: OWN })[0]).toMatch(/^the npm pack output is not JSON/);
    expect(checkPacked({ packJson: '{}', pkg: OWN })).toEqual(['the npm pack output is not a list of one tarball with its files']);
  });
});

describe('release-check on the command line (in process)', () => {
  let work: string;
  let out: string[];
  let err: string[];
  const io = () => ({ out: (l: string) => out.push(l), err: (l: string) => err.push(l), root: work });

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'email-auth-release-'));
    out = [];
    err = [];
    writeFileSync(join(work, 'package.json'), JSON.stringify(pkg('0.2.0')));
    writeFileSync(join(work, 'CHANGELOG.md'), CHANGELOG);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('tag: exit 0, the notes file and the step outputs', () => {
    const notes = join(work, 'release', 'notes.md');
    const output = join(work, 'github-output');
    expect(main(['tag', 'v0.2.0', '--repository', REPO, '--notes', notes, '--github-output', output], io())).toBe(0);
    expect(readFileSync(notes, 'utf8')).toBe('- **init** prints next steps that work.\n- A release workflow.\n');
    expect(readFileSync(output, 'utf8')).toBe('version=0.2.0\ndist-tag=latest\nprerelease=false\n');
    expect(out).toEqual(['email-auth-dns 0.2.0: tag, package.json and CHANGELOG.md agree (npm dist-tag latest)']);
    expect(err).toEqual([]);
  });

  it('tag: exit 1 with every reason, and no notes or outputs written', () => {
    const output = join(work, 'github-output');
    expect(main(['tag', 'v0.9.0', '--repository', 'someone/fork', '--github-output', output], io())).toBe(1);
    expect(err).toHaveLength(3);
    expect(err.every((l) => l.startsWith('release refused: '))).toBe(true);
    expect(() => readFileSync(output)).toThrow();
  });

  it('files: exit 0 for a complete list, 1 naming what is wrong', () => {
    const list = join(work, 'pack.json');
    writeFileSync(list, JSON.stringify([{ filename: 'email-auth-dns-0.2.0.tgz', files: [{ path: 'package.json' }] }]));
    expect(main(['files', list], io())).toBe(1);
    expect(err).toContain('release refused: LICENSE: missing');
  });

  it.each([
    [[], 'unknown command ""'],
    [['publish'], 'unknown command "publish"'],
    [['tag'], 'give the tag'],
    [['tag', 'v0.2.0', '--repo', REPO], 'unknown option --repo'],
    [['tag', 'v0.2.0', '--notes'], '--notes needs a value'],
    [['tag', 'v0.2.0', '--repository', '../../etc'], 'is not OWNER/NAME'],
    [['files'], 'give the npm pack --json output'],
  ])('usage error (exit 2): %j', (argv, message) => {
    expect(main(argv, io())).toBe(2);
    expect(err.join('\n')).toContain(message);
  });

  it('a missing file is exit 1 with its name', () => {
    expect(main(['files', join(work, 'nope.json')], io())).toBe(1);
    expect(err.join('\n')).toContain('nope.json');
  });
});
