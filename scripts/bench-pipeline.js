'use strict';
// The pipeline rows of `npm run bench` (issue 12): what a pull request costs in a fleet of 1,000 institutions with one
// changed (`changed` + `plan` of that stack, against a lone `plan` of it), `plan --parallel 2` of 20 stacks against
// the same stacks one after the other, extrapolations to 1,000 stacks, and the provider install with and without the
// shared plugin cache. Real terraform, offline: the provider mirror (/opt/tf-plugins or EMAIL_AUTH_TF_MIRROR), the
// test-only provider override beside each planned stack, dummy AWS keys (the bench plans, it never applies).
//
//   node scripts/bench.js --pipeline-only      (or as part of a full `npm run bench`)
const { spawnSync } = require('node:child_process');
const { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { loadavg } = require('node:os');
const { join, resolve } = require('node:path');
const { parse, stringify } = require('yaml');
const { writeConfig } = require('./bench-generate');
const { median } = require('./bench-measure');
const { packedMirrorOf } = require('./packed-mirror');

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const AWS = 'registry.terraform.io/hashicorp/aws';
/** The target: the PR cost does not grow with the fleet. */
const PR_TARGET = 1.5;
/** GitHub-hosted runners a plan may use at once (free plan: 20 jobs), and the matrix limit. */
const MATRIX = { jobsAtOnce: 20, maxJobs: 256 };
/** Not measured here: checkout, setup-node, npm ci, synth, artifact upload, per matrix job. An assumption. */
const JOB_OVERHEAD_S = 60;

const OFFLINE_OVERRIDE = { provider: { aws: [{ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true }] } };
const DUMMY_AWS = { AWS_ACCESS_KEY_ID: 'AKIAOFFLINETESTONLY00', AWS_SECRET_ACCESS_KEY: 'offline-test-only', AWS_EC2_METADATA_DISABLED: 'true' };

function mirror() {
  return process.env.EMAIL_AUTH_TF_MIRROR || '/opt/tf-plugins';
}

/** Why the pipeline rows cannot run here, or undefined. */
function skipReason() {
  const v = spawnSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (v.error || v.status !== 0) return 'terraform is not on PATH';
  if (!existsSync(join(mirror(), AWS))) return `no ${AWS} in the provider mirror ${mirror()}`;
  if (!existsSync(join(ROOT, '.terraform.lock.hcl'))) return 'no .terraform.lock.hcl in the repository';
  return undefined;
}

function wall(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

/** Runs `email-auth <args>` in `cwd`; throws with its output when the exit code is not one of `ok`. */
function emailAuth(args, cwd, env, ok = [0, 2]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!ok.includes(run.status)) throw new Error(`email-auth ${args.join(' ')} exited ${run.status}:\n${run.stderr}${run.stdout}`.slice(0, 4000));
  return run;
}

function synth(project, config, out) {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: project, env: { ...process.env, EMAIL_AUTH_CONFIG: config, CDKTF_OUTDIR: out }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`synth failed:\n${run.stderr}`);
}

function writeTfrc(dir, mirrorPath) {
  const file = join(dir, `terraform-${Math.random().toString(36).slice(2)}.tfrc`);
  writeFileSync(file, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirrorPath)}\n    include = [${JSON.stringify(AWS)}]\n  }\n}\n`);
  return file;
}

/** Bytes of regular files under `dirs`, each inode once, symbolic links not followed. */
function diskBytes(dirs) {
  const seen = new Set();
  let bytes = 0;
  const walk = (path) => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    if (stat.isDirectory()) return readdirSync(path).forEach((name) => walk(join(path, name)));
    if (seen.has(`${stat.dev}:${stat.ino}`)) return;
    seen.add(`${stat.dev}:${stat.ino}`);
    bytes += stat.size;
  };
  dirs.forEach(walk);
  return bytes;
}

/** A fresh CI job plans in a fresh synth output: no `.terraform` from an earlier run. */
function freshStacks(synthDir, stacks) {
  for (const stack of stacks) rmSync(join(synthDir, 'stacks', stack, '.terraform'), { recursive: true, force: true });
}

/** In a fleet of 1,000 with one institution changed: `changed --matrix` + `plan` of its stack, and a lone `plan`. */
function prCost(work, env, runs, log) {
  const config = writeConfig(work, 1000);
  const base = join(work, 'base.out');
  const head = join(work, 'head.out');
  synth(work, config, base);
  const edited = parse(readFileSync(config, 'utf8'));
  const inst = edited.institutions.find((i) => i.code === 'inst0010');
  inst.dmarc.policy = inst.dmarc.policy === 'reject' ? 'none' : 'reject';
  const headConfig = join(work, 'head.yaml');
  writeFileSync(headConfig, stringify(edited));
  synth(work, headConfig, head);
  const stack = 'email-auth-inst0010';
  writeFileSync(join(head, 'stacks', stack, 'test_offline_override.tf.json'), JSON.stringify(OFFLINE_OVERRIDE));

  // Warm the plugin cache, as CI restores it.
  emailAuth(['plan', '--synth', head, '--stacks', stack, '--out', join(work, 'warm')], work, env);
  const lone = [];
  const changedPlan = [];
  const changedOnly = [];
  for (let i = 0; i < runs; i++) {
    freshStacks(head, [stack]);
    lone.push(wall(() => emailAuth(['plan', '--synth', head, '--stacks', stack, '--out', join(work, `lone-${i}`)], work, env)).seconds);
    freshStacks(head, [stack]);
    const both = wall(() => {
      const c = wall(() => emailAuth(['changed', '--base', base, '--head', head, '--matrix'], work, env));
      changedOnly.push(c.seconds);
      const { include } = JSON.parse(c.result.stdout);
      if (include.length !== 1 || include[0].stacks !== stack) throw new Error(`changed found ${c.result.stdout}, expected ${stack} alone`);
      return emailAuth(['plan', '--synth', head, '--stacks', include[0].stacks, '--out', join(work, `pr-${i}`)], work, env);
    });
    changedPlan.push(both.seconds);
    log(`PR cost run ${i + 1}/${runs}: lone plan ${lone[i].toFixed(2)} s, changed ${changedOnly[i].toFixed(2)} s + plan = ${changedPlan[i].toFixed(2)} s`);
  }
  return { stack, lone, changedPlan, changedOnly, ratio: median(changedPlan) / median(lone), head };
}

/** 20 Route53 stacks of the fleet: `--parallel 2` against one after the other (`--parallel 1`), alternating, `runs` each. */
function parallelPlans(work, head, env, runs, log) {
  const stacks = Array.from({ length: 20 }, (_, i) => `email-auth-inst${String(2 * i).padStart(4, '0')}`); // even: Route53 by zone id
  for (const s of stacks) writeFileSync(join(head, 'stacks', s, 'test_offline_override.tf.json'), JSON.stringify(OFFLINE_OVERRIDE));
  const run = (parallel, i) => {
    freshStacks(head, stacks);
    const out = join(work, `p${parallel}-${i}`);
    const r = wall(() => emailAuth(['plan', '--synth', head, '--stacks', stacks.join(','), '--parallel', String(parallel), '--out', out], work, env));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    if (manifest.stacks.some((s) => s.result === 'error')) throw new Error(`a plan failed: ${JSON.stringify(manifest.stacks.find((s) => s.result === 'error'))}`);
    const load = loadavg()[0].toFixed(1);
    log(`20 stacks, --parallel ${parallel}: ${r.seconds.toFixed(1)} s (load ${load})`);
    return { seconds: r.seconds, perStack: median(manifest.stacks.map((s) => s.seconds)), load };
  };
  const serialRuns = [];
  const parallelRuns = [];
  for (let i = 0; i < runs; i++) {
    serialRuns.push(run(1, i));
    parallelRuns.push(run(2, i));
  }
  const summary = (list) => ({ seconds: median(list.map((r) => r.seconds)), perStack: median(list.map((r) => r.perStack)), runs: list });
  const serial = summary(serialRuns);
  const parallel = summary(parallelRuns);
  return { stacks: stacks.length, serial, parallel, ratio: serial.seconds / parallel.seconds };
}

/**
 * `terraform init` of two stacks from a packed mirror (the provider as a registry serves it), through the pipeline's
 * own terraform runner: with no plugin cache (a plain `terraform init`), with the cache but no lock file (the old
 * workflow: Terraform >= 1.4 does not take a provider from the cache without a lock-file checksum, so each init fetches
 * it again), and with the cache and the lock file synth copies (the first init fills the cache, the next link to it).
 */
async function providerInstall(work, head, stack, log) {
  const { Terraform } = require(join(ROOT, 'dist', 'pipeline', 'terraform.js'));
  const packed = packedMirrorOf(mirror(), join(work, 'packed-mirror'), AWS);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: writeTfrc(work, packed.dir) };
  const cases = [
    { label: 'no plugin cache (the old workflow: plain `terraform init`)', cache: false, lock: false },
    { label: 'plugin cache, no lock file (`TF_PLUGIN_CACHE_DIR` alone)', cache: true, lock: false },
    { label: 'plugin cache and lock file (`email-auth plan`)', cache: true, lock: true },
  ];
  for (const [i, c] of cases.entries()) {
    const cache = join(work, `cache-${i}`);
    const terraform = new Terraform({ env, pluginCacheDir: c.cache ? cache : undefined, parallel: 1 });
    c.times = [];
    c.fetched = [];
    const dirs = [1, 2].map((n) => join(work, `install-${i}-${n}`));
    for (const dir of dirs) {
      cpSync(join(head, 'stacks', stack), dir, { recursive: true, filter: (src) => !/\/\.terraform(\/|$)/.test(src) });
      if (!c.lock) rmSync(join(dir, '.terraform.lock.hcl'), { force: true });
      const r = c.lock ? await terraform.init(dir, readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8')) : await terraform.run(['init', '-input=false', '-no-color'], dir, { timeoutMs: 600_000 });
      if (r.exitCode !== 0) throw new Error(`init failed: ${r.stderr}`);
      c.times.push(r.seconds);
      // "- Installing hashicorp/aws v…" is a fetch from the mirror (a download from a registry); "- Using … from the
      // shared cache directory" is a link to the cache.
      c.fetched.push(/Installing hashicorp\/aws/.test(r.stdout));
    }
    c.stackBytes = dirs.map((d) => diskBytes([join(d, '.terraform')]));
    c.cacheBytes = c.cache ? diskBytes([cache]) : 0;
    log(`provider install, ${c.label}: ${c.times.map((t) => t.toFixed(1)).join(' s, ')} s; fetched ${c.fetched.join(', ')}; disk ${mb(c.stackBytes.reduce((a, b) => a + b, 0) + c.cacheBytes)} MB`);
  }
  return { providerBytes: cases[0].stackBytes[0], cases };
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);

/** Runs every pipeline row; `log` prints progress. Returns undefined (with the reason) when terraform is missing. */
async function benchPipeline({ work, runs = 3, fleetRuns = 2, log = console.log }) {
  const reason = skipReason();
  if (reason) {
    log(`SKIPPED pipeline rows: ${reason}`);
    return { skipped: reason };
  }
  const project = join(work, 'pipeline');
  mkdirSync(project, { recursive: true });
  copyFileSync(join(ROOT, '.terraform.lock.hcl'), join(project, '.terraform.lock.hcl'));
  const env = { TF_CLI_CONFIG_FILE: writeTfrc(project, mirror()), TF_PLUGIN_CACHE_DIR: join(project, 'plugin-cache'), ...DUMMY_AWS };
  const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const pr = prCost(project, env, runs, log);
  const fleet = parallelPlans(project, pr.head, env, fleetRuns, log);
  const install = await providerInstall(project, pr.head, pr.stack, log);
  return { terraform: JSON.parse(version.stdout).terraform_version, runs, fleetRuns, pr, fleet, install, extrapolation: extrapolate(fleet) };
}

/** 1,000 stacks: nightly in one job at --parallel 2, and as a matrix of 256 jobs (4 stacks each, 20 jobs at once). */
function extrapolate(fleet) {
  const perStackParallel = fleet.parallel.seconds / fleet.stacks;
  const nightly = 1000 * perStackParallel;
  const stacksPerJob = Math.ceil(1000 / MATRIX.maxJobs);
  const jobSeconds = JOB_OVERHEAD_S + stacksPerJob * perStackParallel;
  const waves = Math.ceil(MATRIX.maxJobs / MATRIX.jobsAtOnce);
  return { perStackParallel, nightly, serialNightly: (1000 * fleet.serial.seconds) / fleet.stacks, stacksPerJob, jobSeconds, waves, matrix: waves * jobSeconds, ...MATRIX, jobOverhead: JOB_OVERHEAD_S };
}

/** The target rows for BENCHMARKS.md's table and the console. */
function pipelineChecks(result) {
  if (!result || result.skipped) return [];
  return [{ what: `pipeline: \`changed\` + \`plan\` of the one changed stack of 1,000 ≤ ${PR_TARGET} × a lone \`plan\` of it`, value: `${result.pr.ratio.toFixed(2)} ×`, met: result.pr.ratio <= PR_TARGET }];
}

module.exports = { benchPipeline, pipelineChecks, providerInstall, PR_TARGET };
