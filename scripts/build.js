'use strict';
// Builds dist/ (what the package ships): tsc with tsconfig.build.json, then the config's JSON Schema. Also the
// "build only when needed" step of `npm run synth`, `check`, `test`, the CLI scripts and cdktf.json's app: no install
// hook builds any more (a `prepare` hook runs tsc, which a production install does not have), so these build on
// first use instead, and skip the 2-5 s of tsc when dist/ is up to date (a hash of the sources, checked in ~10 ms).
//
//   node scripts/build.js              build (incremental)
//   node scripts/build.js --clean      remove dist/ and build from scratch (prepack: no file of a deleted source ships)
//   node scripts/build.js --if-stale   build only when a source changed since the last build, or dist/ is missing
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
// Outside dist/: the tarball ships dist/ whole, and a stale tsbuildinfo without its outputs makes tsc emit nothing.
const CACHE = join(ROOT, 'node_modules', '.cache', 'email-auth-dns');
const STAMP = join(CACHE, 'build-stamp.json');
const BUILD_INFO = join(CACHE, 'build.tsbuildinfo');
/** Files whose absence means dist/ is not a complete build. */
const OUTPUTS = ['main.js', 'cli/main.js', 'exports/index.js', 'exports/index.d.ts', 'institutions.schema.json'];
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.js', 'scripts/build-schema.js'];

/** Every .ts file tsconfig.build.json compiles (tsconfig.json's "include" less the tests), relative to the root. */
function sourceFiles() {
  const { include } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
  const files = [];
  const walk = (rel) => {
    const path = join(ROOT, rel);
    if (!existsSync(path)) return;
    if (rel.endsWith('.ts')) return files.push(rel);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(rel, entry.name));
      else if (entry.name.endsWith('.ts')) files.push(join(rel, entry.name));
    }
  };
  for (const rel of include) if (rel !== '__tests__') walk(rel);
  return files.sort();
}

/** A hash of every input's path and content: unchanged content after a checkout is no reason to build. */
function fingerprint(files) {
  const hash = createHash('sha256');
  for (const rel of [...BUILD_FILES, ...files]) hash.update(`${rel}\0`).update(readFileSync(join(ROOT, rel))).update('\0');
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why dist/ must be built, or undefined when it is up to date. */
function staleReason(files, hash) {
  const missing = OUTPUTS.find((file) => !existsSync(join(DIST, file)));
  if (missing) return `dist/${missing} is missing`;
  const stamp = readStamp();
  if (!stamp) return 'no record of the last build';
  if (stamp.hash !== hash) return 'sources changed';
  return undefined;
}

function build({ clean = false, reason = 'build' } = {}) {
  const files = sourceFiles();
  const hash = fingerprint(files);
  const stamp = readStamp();
  // A source added or removed: start from scratch, so dist/ holds no output of a file that is gone.
  // An output missing (dist/ deleted, or a node_modules copied from another checkout): the tsbuildinfo describes a
  // build that is not there, and tsc would trust it and emit nothing.
  const incomplete = OUTPUTS.some((file) => !existsSync(join(DIST, file)));
  if (clean || incomplete || (stamp && JSON.stringify(stamp.files) !== JSON.stringify(files))) {
    rmSync(DIST, { recursive: true, force: true });
    rmSync(BUILD_INFO, { force: true });
  }
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    console.error(`dist/ must be built (${reason}), but typescript is not installed: run npm install (with dev dependencies)`);
    process.exit(1);
  }
  // Under cdktf-cli (cdktf.json's app), everything on stderr is shown as a red [ERROR]: this note goes to stdout there.
  (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined ? console.error : console.log)(`building dist/ (${reason})`);
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    // tsc may have written part of dist/ before failing: forget the build so the next run builds again.
    rmSync(STAMP, { force: true });
    process.exit(result.status ?? 1);
  }
  require('./build-schema').writeSchema(DIST);
  mkdirSync(CACHE, { recursive: true });
  // A new file renamed over the old: a stamp shared by a hard link (a copied node_modules) is never written through.
  writeFileSync(`${STAMP}.${process.pid}`, JSON.stringify({ hash, files }));
  renameSync(`${STAMP}.${process.pid}`, STAMP);
}

/** Builds when dist/ is missing or older than the sources; quiet and quick otherwise. */
function ensureBuilt() {
  const files = sourceFiles();
  const reason = staleReason(files, fingerprint(files));
  if (reason) build({ reason });
}

module.exports = { ensureBuilt, build, sourceFiles, DIST };

if (require.main === module) {
  const args = process.argv.slice(2);
  const unknown = args.find((a) => a !== '--clean' && a !== '--if-stale');
  if (unknown) {
    console.error(`unknown option ${unknown}; usage: node scripts/build.js [--clean | --if-stale]`);
    process.exit(2);
  }
  if (args.includes('--if-stale')) ensureBuilt();
  else build({ clean: args.includes('--clean'), reason: args.includes('--clean') ? 'clean build' : 'build' });
}
