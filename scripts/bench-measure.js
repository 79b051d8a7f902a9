'use strict';
// Runs one child process and measures its wall time and peak RSS; reads back what an app synthesized.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const GNU_TIME = '/usr/bin/time';
const MAXRSS_PRELOAD = join(__dirname, 'bench-maxrss.js');

/**
 * The kernel's rusage of the child, to the microsecond: python3 forks, runs the command and reads `wait4`'s rusage
 * (its own start-up is not counted). GNU time reads the same rusage but prints CPU seconds cut to hundredths: on a
 * 0.3 s run that step is 3 % of the figure, and the median of two such sides moves a ratio by a few hundredths. Written as GNU time's `%M %U %S`, then the wall time from fork to exit (python's own
 * start-up is in neither); the wrapper exits with the command's status.
 */
const WAIT4 = [
  'import os, sys, time',
  'start = time.perf_counter()',
  'pid = os.fork()',
  'if pid == 0:',
  '    try:',
  '        os.execvp(sys.argv[2], sys.argv[2:])',
  '    finally:',
  '        os._exit(127)',
  '_, status, ru = os.wait4(pid, 0)',
  'wall = time.perf_counter() - start',
  "open(sys.argv[1], 'w').write('%d %.6f %.6f %.6f\\n' % (ru.ru_maxrss, ru.ru_utime, ru.ru_stime, wall))",
  // A command killed by a signal exits 128 + its number, as a shell says (waitstatus_to_exitcode is Python 3.9+).
  'sys.exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))',
].join('\n');

/** How CPU time and peak RSS are measured: the child's rusage by python3's wait4, else GNU time, else a preload in node. */
// BENCH_NO_WAIT4=1 and BENCH_NO_GNU_TIME=1 try the fallbacks on a machine that has python3 or GNU time.
let python;
function hasWait4() {
  if (process.env.BENCH_NO_WAIT4) return false;
  python ??= spawnSync('python3', ['-c', 'import os; os.wait4'], { stdio: 'ignore' }).status === 0;
  return python;
}
const hasGnuTime = () => existsSync(GNU_TIME) && !process.env.BENCH_NO_GNU_TIME;

function rssMethod() {
  if (hasWait4()) return "`wait4`'s rusage of the child (python3: `ru_maxrss`, `ru_utime + ru_stime` to the microsecond)";
  return hasGnuTime() ? 'GNU time (`%M` = ru_maxrss of the child, `%U + %S`, in hundredths of a second)' : '`process.resourceUsage()` recorded at exit by a preload (NODE_OPTIONS --require)';
}

/** Runs argv to completion; returns { wall (s), cpu (user + system s), rssMB, stderr }. Throws when the command fails. */
function measure(argv, { cwd, env }) {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(scratch, 'rss');
  const useWait4 = hasWait4();
  const useTime = !useWait4 && hasGnuTime();
  const [cmd, ...args] = useWait4 ? ['python3', '-c', WAIT4, rssFile, ...argv] : useTime ? [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...argv] : argv;
  const childEnv = useWait4 || useTime ? env : { ...env, BENCH_MAXRSS_FILE: rssFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${MAXRSS_PRELOAD}`.trim() };
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  let wall = Number(process.hrtime.bigint() - start) / 1e9;
  const stderr = result.stderr ? result.stderr.toString() : '';
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited with ${result.status}:\n${stderr.slice(-2000)}`);
  // Last line: GNU time may put a "Command exited..." line before it.
  const [kb, user, sys, childWall] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  if (childWall !== undefined) wall = childWall;
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
