'use strict';
// What the npm tarball may and must hold: the one list that the release workflow (`scripts/release-check.js files`)
// and the install test (__tests__/package/install.int.test.ts) check a packed file list against.

/**
 * Every file that may ship matches one of these: built code with its declarations and maps, the TypeScript sources
 * the maps point to, the config's JSON Schema, the init templates, the docs and the licence.
 */
const ALLOWED = [
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
  /^dist\/([a-z0-9-]+\/)*[a-z0-9-]+\.(js|d\.ts|d\.ts\.map)$/,
  /^dist\/institutions\.schema\.json$/,
  /^templates\/init\/(institutions\.yaml|gitignore|workflow\.yml|README\.md)$/,
  /^([a-z0-9-]+\/)*[a-z0-9-]+\.ts$/,
];

/** Never, whatever ALLOWED says: tests, fixtures, snapshots, benches, scripts, build state, synth output, installs, API reports. */
const FORBIDDEN = /__tests__|__snapshots__|\.snap$|fixtures?\/|\.test\.|(^|\/)scripts\/|bench|\.tsbuildinfo$|cdktf\.out|\.tfstate|node_modules|api-report/;

/** Files a user reads or the licence requires: every release has them. */
const DOCS = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];

/** The files package.json's "exports" and "bin" point to, without a leading `./`. */
function entryPoints(pkg) {
  const targets = Object.values(pkg.exports ?? {}).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  return [...new Set([...targets, ...bins].map((t) => t.replace(/^\.\//, '')))];
}

/**
 * What is wrong with a packed file list (`npm pack --json`'s `files[].path`) for package.json `pkg`, one sentence
 * each; empty when it holds only allowed files, every entry point with its declarations, map and source, every doc,
 * and the source of every compiled file (so that declaration maps lead somewhere).
 */
function packedFileProblems(files, pkg) {
  const have = new Set(files);
  const problems = [];
  for (const f of files) {
    if (FORBIDDEN.test(f)) problems.push(`${f}: must never ship (tests, fixtures, benches, scripts, build state or synth output)`);
    else if (!ALLOWED.some((re) => re.test(f))) problems.push(`${f}: not a file the package ships (scripts/package-files.js ALLOWED)`);
  }
  const required = [...DOCS, ...entryPoints(pkg)];
  for (const target of entryPoints(pkg).filter((t) => /^dist\/exports\/.*\.js$/.test(t))) {
    const base = target.replace(/\.js$/, '');
    required.push(`${base}.d.ts`, `${base}.d.ts.map`, `${base.replace(/^dist\//, '')}.ts`);
  }
  for (const f of [...new Set(required)]) if (!have.has(f)) problems.push(`${f}: missing`);
  for (const js of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
    const source = js.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    if (!have.has(source)) problems.push(`${js}: its source ${source} is missing`);
  }
  return problems;
}

module.exports = { ALLOWED, FORBIDDEN, DOCS, entryPoints, packedFileProblems };
