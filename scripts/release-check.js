'use strict';
// The release workflow's checks (.github/workflows/release.yml), each of which refuses a release before anything is
// published. Node built-ins only: the first one runs before `npm ci`.
//
//   node scripts/release-check.js tag TAG [--repository OWNER/NAME] [--notes FILE] [--github-output FILE]
//     TAG is `v<version>` and equals package.json's version; CHANGELOG.md has a dated section for that version
//     (written to --notes, the GitHub release's text); package.json's repository is OWNER/NAME on GitHub, which npm
//     provenance requires. Writes version, dist-tag (latest, or next for a pre-release) and prerelease to
//     --github-output.
//   node scripts/release-check.js files PACK_JSON
//     the output of `npm pack --json`: the tarball is named as the release links it (email-auth-dns-<version>.tgz)
//     and holds exactly what may ship (scripts/package-files.js).
//
// Exit codes as the CLI's: 0 ok, 1 the release is refused (each reason on stderr), 2 usage error.
const { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { changelogSection } = require('./changelog');
const { packedFileProblems } = require('./package-files');

const ROOT = join(__dirname, '..');
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** A release tag: `v` and a semver version without build metadata (npm drops it, so two tags would be one version). */
const TAG = /^v((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)$/;
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

class UsageError extends Error {}

/** A regular file of at most 16 MiB, as text. */
function readText(path) {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    if (stat.size > MAX_FILE_BYTES) throw new Error(`${path} has ${stat.size} bytes, more than ${MAX_FILE_BYTES}`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    for (let n; read < stat.size && (n = readSync(fd, buffer, read, stat.size - read, read)) > 0; ) read += n;
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** `https://github.com/OWNER/NAME` from package.json's repository (string or `{ url }`, `git+…` and `.git` dropped). */
function repositoryUrl(pkg) {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (typeof raw !== 'string') return undefined;
  return raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
}

/**
 * Why the release of `tag` is refused (one sentence each; empty when it may go ahead), and what it publishes.
 * `repository` is GITHUB_REPOSITORY: npm rejects a provenance statement whose repository differs from package.json's.
 */
function checkTag({ tag, pkg, changelog, repository }) {
  const problems = [];
  const match = TAG.exec(tag);
  if (!match) return { problems: [`tag ${JSON.stringify(tag)} is not v<major>.<minor>.<patch>[-<pre-release>] (semver, no build metadata)`] };
  const version = match[1];
  const prerelease = match[5] !== undefined;
  if (pkg.version !== version) problems.push(`package.json's version is ${JSON.stringify(pkg.version)}, the tag says ${version}: bump package.json (npm version ${version} --no-git-tag-version) and tag that commit`);
  const section = changelogSection(changelog, version);
  if (!section) problems.push(`CHANGELOG.md has no "## ${version}" section: add what changed for users, with the release date`);
  else if (/unreleased/i.test(section.heading)) problems.push(`CHANGELOG.md's section says ${JSON.stringify(section.heading)}: replace "unreleased" with the release date`);
  else if (section.body === '') problems.push(`CHANGELOG.md's section "${section.heading}" is empty: say what changed for users`);
  if (repository !== undefined) {
    const expected = `https://github.com/${repository}`;
    const actual = repositoryUrl(pkg);
    if (actual !== expected) problems.push(`package.json's repository is ${JSON.stringify(actual ?? null)}, but this runs in ${expected}: npm refuses provenance from another repository`);
  }
  return { problems, version, prerelease, distTag: prerelease ? 'next' : 'latest', notes: section?.body };
}

/** Why the packed tarball (`npm pack --json` output) is refused; empty when it may be published. */
function checkPacked({ packJson, pkg }) {
  let info;
  try {
    info = JSON.parse(packJson);
  } catch (e) {
    return [`the npm pack output is not JSON: ${e.message}`];
  }
  if (!Array.isArray(info) || info.length !== 1 || !Array.isArray(info[0]?.files)) return ['the npm pack output is not a list of one tarball with its files'];
  const [tarball] = info;
  const problems = [];
  const expected = `${pkg.name}-${pkg.version}.tgz`;
  if (tarball.filename !== expected) problems.push(`the tarball is ${JSON.stringify(tarball.filename)}, not ${expected}: the release tarball URL (docs/install.md) names it so`);
  return [...problems, ...packedFileProblems(tarball.files.map((f) => f.path), pkg)];
}

/** Reads the value of `--name VALUE` options out of `args`; the rest are positionals. */
function options(args, names) {
  const values = {};
  const positionals = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    if (name === undefined) positionals.push(args[i]);
    else if (!names.includes(name)) throw new UsageError(`unknown option --${name} (known: ${names.map((n) => `--${n}`).join(', ')})`);
    else if (i + 1 >= args.length) throw new UsageError(`--${name} needs a value`);
    else values[name] = args[++i];
  }
  return { values, positionals };
}

/** The command line; `io` is { out, err, root } so tests run it in process. Returns the exit code. */
function main(argv, io = { out: console.log, err: console.error, root: ROOT }) {
  try {
    const [command, ...rest] = argv;
    const pkg = JSON.parse(readText(join(io.root, 'package.json')));
    if (command === 'tag') {
      const { values, positionals } = options(rest, ['repository', 'notes', 'github-output']);
      if (positionals.length !== 1) throw new UsageError('give the tag: release-check tag v1.2.3');
      if (values.repository !== undefined && !REPOSITORY.test(values.repository)) throw new UsageError(`--repository ${JSON.stringify(values.repository)} is not OWNER/NAME`);
      const result = checkTag({ tag: positionals[0], pkg, changelog: readText(join(io.root, 'CHANGELOG.md')), repository: values.repository });
      for (const problem of result.problems) io.err(`release refused: ${problem}`);
      if (result.problems.length > 0) return 1;
      if (values.notes) {
        mkdirSync(dirname(values.notes), { recursive: true });
        writeFileSync(values.notes, `${result.notes}\n`);
      }
      if (values['github-output']) appendFileSync(values['github-output'], `version=${result.version}\ndist-tag=${result.distTag}\nprerelease=${result.prerelease}\n`);
      io.out(`${pkg.name} ${result.version}: tag, package.json and CHANGELOG.md agree (npm dist-tag ${result.distTag})`);
      return 0;
    }
    if (command === 'files') {
      const { positionals } = options(rest, []);
      if (positionals.length !== 1) throw new UsageError('give the npm pack --json output: release-check files pack.json');
      const problems = checkPacked({ packJson: readText(positionals[0]), pkg });
      for (const problem of problems) io.err(`release refused: ${problem}`);
      if (problems.length > 0) return 1;
      io.out(`${pkg.name}-${pkg.version}.tgz holds exactly what may ship`);
      return 0;
    }
    throw new UsageError(`unknown command ${JSON.stringify(command ?? '')}: release-check tag TAG | release-check files PACK_JSON`);
  } catch (e) {
    io.err(`release-check: ${e.message}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { checkTag, checkPacked, repositoryUrl, main };
