'use strict';
// The package as users install it (`npm run bench`, section "Package"): install time and size of a Route53 app on
// cdktf, one on CDK Terrain, a Cloudflare-only app and the `email-auth init` scaffold, each from the packed tarball with a
// warm npm cache; then the scaffold's app (what its cdktf.json runs: the installed CLI) against this repository's
// app (what this cdktf.json runs) on the example, side by side; and what the npm scripts cost over the app itself.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { measure, readSynth, median } = require('./bench-measure');
const { npmEnv } = require('./npm-env');
const { TESTED_CORES } = require('./tested-cores');

const ROOT = join(__dirname, '..');
const OWN = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const peer = (name) => `${name}@${OWN.peerDependencies[name]}`;

function npm(args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${result.stderr.slice(-3000)}`);
  return { seconds, stdout: result.stdout };
}

/** Disk use (du, KiB blocks as `du -sk` counts them) and file count of a folder. */
function footprint(dir) {
  const kib = Number(spawnSync('du', ['-sk', dir], { encoding: 'utf8' }).stdout.split('\t')[0]);
  let files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files++;
    }
  };
  walk(dir);
  return { mb: kib / 1024, files };
}

function pack(work) {
  const { stdout } = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  const [info] = JSON.parse(stdout);
  return { path: join(work, info.filename), filename: info.filename, size: info.size, unpackedSize: info.unpackedSize, files: info.files.length };
}

/** A folder with a package.json, then `npm install` of `packages`: wall time and footprint. */
function installConsumer(work, label, packages) {
  const dir = join(work, label);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: label, private: true }));
  const { seconds } = npm(['install', '--prefer-offline', ...packages], dir);
  return { label, dir, seconds, ...footprint(join(dir, 'node_modules')) };
}

/** `email-auth init`, then `npm install` of the tarball there (its package.json names the peers). */
function installScaffold(work, tarball) {
  const dir = join(work, 'scaffold');
  const init = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'init', dir], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  const { seconds } = npm(['install', '--prefer-offline', tarball], dir);
  return { label: 'scaffold (`email-auth init`: CDK Terrain, both providers)', dir, seconds, ...footprint(join(dir, 'node_modules')) };
}

const argv = (command) => (/[|&;<>()$`"'*?\\]/.test(command) ? ['sh', '-c', command] : command.trim().split(/\s+/));

/**
 * This repository's app and the scaffold's, each as its cdktf.json runs it, alternating on the example. Each writes
 * `cdktf.out` in a working folder at the same depth (this repository's app by its absolute path), so that the local
 * backend's path, relative to the working folder, is the same in both outputs.
 */
function sideBySide(work, scaffold, runs) {
  const config = join(ROOT, 'institutions.yaml');
  const own = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app;
  const theirs = JSON.parse(readFileSync(join(scaffold, 'cdktf.json'), 'utf8')).app;
  const projectDir = join(work, 'project');
  mkdirSync(projectDir, { recursive: true });
  const ownArgv = argv(own).map((arg) => (existsSync(join(ROOT, arg)) ? join(ROOT, arg) : arg));
  const outA = join(projectDir, 'cdktf.out');
  const outB = join(scaffold, 'cdktf.out');
  const project = () => measure(ownArgv, { cwd: projectDir, env: { ...process.env, EMAIL_AUTH_CONFIG: config, CDKTF_OUTDIR: outA } });
  const consumer = () => measure(argv(theirs), { cwd: scaffold, env: { ...process.env, EMAIL_AUTH_CONFIG: config, CDKTF_OUTDIR: outB } });
  const fresh = () => [outA, outB].forEach((d) => rmSync(d, { recursive: true, force: true }));
  fresh();
  project();
  consumer();
  const a = readSynth(outA);
  const b = readSynth(outB);
  const samples = { project: [], consumer: [] };
  for (let i = 0; i < runs; i++) {
    fresh();
    samples.project.push(project());
    samples.consumer.push(consumer());
  }
  fresh();
  const stat = (list) => ({ wall: median(list.map((s) => s.wall)), cpu: median(list.map((s) => s.cpu)), rssMB: median(list.map((s) => s.rssMB)) });
  const row = { own, theirs, project: stat(samples.project), consumer: stat(samples.consumer), same: a.fingerprint === b.fingerprint && a.stacks === b.stacks, stacks: a.stacks, resources: a.resources };
  row.wallRatio = row.consumer.wall / row.project.wall;
  row.cpuRatio = row.consumer.cpu / row.project.cpu;
  return row;
}

/** `npm run synth` / `npm run check` with dist/ up to date (the build step skipped) against the app itself. */
function npmScripts(runs) {
  const env = { ...npmEnv(), EMAIL_AUTH_CONFIG: join(ROOT, 'institutions.yaml') };
  const time = (args, extraEnv = {}) => {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(measure(args, { cwd: ROOT, env: { ...env, ...extraEnv } }).wall);
    return median(samples);
  };
  const out = join(require('node:os').tmpdir(), `email-auth-bench-scripts-${process.pid}`);
  const rows = [
    { what: '`npm run synth`', wall: time(['npm', 'run', '--silent', 'synth'], { CDKTF_OUTDIR: out }), app: time([process.execPath, 'dist/main.js'], { CDKTF_OUTDIR: out }), appText: '`node dist/main.js`' },
    { what: '`npm run check`', wall: time(['npm', 'run', '--silent', 'check']), app: time([process.execPath, 'dist/cli/main.js', 'check']), appText: '`node dist/cli/main.js check`' },
  ];
  rmSync(out, { recursive: true, force: true });
  return rows;
}

function benchPackage(work, { runs }) {
  const tarball = pack(work);
  console.log(`package: ${tarball.filename}, ${tarball.files} files, ${(tarball.size / 1024).toFixed(1)} kB packed, ${(tarball.unpackedSize / 1024).toFixed(1)} kB unpacked`);
  // The tested versions of each core and its AWS binding (a range may pair a binding with a core it does not fit).
  const [cdktf, cdktn] = [TESTED_CORES.cdktf, TESTED_CORES.cdktn].map((core) => [...core, peer('constructs')]);
  // Untimed: the tarball's own dependencies and every peer are then in the npm cache for the timed installs.
  installConsumer(work, 'warm-up cdktf', [tarball.path, ...cdktf]);
  installConsumer(work, 'warm-up cdktn', [tarball.path, ...cdktn]);
  // The scaffold (both providers) is third: sideBySide below runs its synth. Cloudflare needs no binding.
  const installs = [
    installConsumer(work, 'Route53 app on cdktf (cdktf, constructs, @cdktf/provider-aws)', [tarball.path, ...cdktf]),
    installConsumer(work, 'Route53 app on CDK Terrain (cdktn, constructs, @cdktn/provider-aws)', [tarball.path, ...cdktn]),
    installScaffold(work, tarball.path),
    installConsumer(work, 'Cloudflare-only app on CDK Terrain (cdktn, constructs)', [tarball.path, ...cdktn.filter((spec) => !spec.includes('provider-aws'))]),
  ];
  for (const i of installs) console.log(`install ${i.label}: ${i.seconds.toFixed(1)} s, ${i.mb.toFixed(0)} MB, ${i.files.toLocaleString('en')} files`);
  const synth = sideBySide(work, installs[2].dir, runs);
  console.log(`synth of the example: scaffold ${synth.consumer.wall.toFixed(3)} s / this repository ${synth.project.wall.toFixed(3)} s = ${synth.wallRatio.toFixed(2)} (CPU ${synth.cpuRatio.toFixed(2)})${synth.same ? '' : ' OUTPUTS DIFFER'}`);
  const scripts = npmScripts(runs);
  for (const s of scripts) console.log(`${s.what} (dist/ up to date): ${s.wall.toFixed(3)} s, the app alone ${s.app.toFixed(3)} s = ${(s.wall / s.app).toFixed(2)} ×`);
  return { tarball, installs: installs.map(({ dir, ...rest }) => rest), synth, scripts };
}

module.exports = { benchPackage, sideBySide };
