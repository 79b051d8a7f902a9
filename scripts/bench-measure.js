'use strict';
// Runs one child process and measures its wall time and peak RSS; reads back what an app synthesized.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const GNU_TIME = '/usr/bin/time';
const MAXRSS_PRELOAD = join(__dirname, 'bench-maxrss.js');

/** How CPU time and peak RSS are measured: GNU time (the kernel's rusage of the child), else a preload in node. */
// BENCH_NO_GNU_TIME=1 tries the fallback on a machine that has GNU time.
const hasGnuTime = () => existsSync(GNU_TIME) && !process.env.BENCH_NO_GNU_TIME;

function rssMethod() {
  return hasGnuTime() ? 'GNU time (`%M` = ru_maxrss of the child, `%U + %S`)' : '`process.resourceUsage()` recorded at exit by a preload (NODE_OPTIONS --require)';
}

/** Runs argv to completion; returns { wall (s), cpu (user + system s), rssMB, stderr }. Throws when the command fails. */
function measure(argv, { cwd, env }) {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(scratch, 'rss');
  const useTime = hasGnuTime();
  const [cmd, ...args] = useTime ? [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...argv] : argv;
  const childEnv = useTime ? env : { ...env, BENCH_MAXRSS_FILE: rssFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${MAXRSS_PRELOAD}`.trim() };
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const stderr = result.stderr ? result.stderr.toString() : '';
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited with ${result.status}:\n${stderr.slice(-2000)}`);
  // Last line: GNU time may put a "Command exited..." line before it.
  const [kb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(scratch, { recursive: true, force: true });
  return { wall, cpu: user + sys, rssMB: kb / 1024, stderr };
}

/**
 * What an app wrote under outdir: stack and resource counts (resources + data sources), and a fingerprint of each
 * stack's Terraform without logical ids and metadata, to show that two apps declared the same things.
 */
function readSynth(outdir) {
  const stacksDir = join(outdir, 'stacks');
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  let resources = 0;
  const fingerprint = [];
  // References carry the logical id of what they point to, which differs between the two apps.
  const unref = (text) => text.replace(/\$\{(data\.)?([\w]+)\.[\w-]+\./g, '${$1$2.ID.');
  for (const stack of stacks) {
    const { '//': _meta, resource = {}, data = {}, ...rest } = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    const items = [];
    for (const [kind, blocks] of [['resource', resource], ['data', data]]) {
      for (const [type, byId] of Object.entries(blocks)) {
        for (const { '//': _metadata, ...attrs } of Object.values(byId)) items.push(`${kind} ${type} ${unref(JSON.stringify(attrs))}`);
      }
    }
    resources += items.length;
    fingerprint.push(`${stack}\n${items.sort().join('\n')}\n${unref(JSON.stringify(rest))}`);
  }
  return { stacks: stacks.length, resources, fingerprint: fingerprint.join('\n') };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = { measure, readSynth, median, rssMethod };
