'use strict';
// Where the app's time goes: runs it once under `node --cpu-prof` and sums self time by package and by function.
//   node scripts/bench-profile.js [institutions=1000] [--top 15]    (after `npm run build`)
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { tmpdir } = require('node:os');

const ROOT = resolve(__dirname, '..');

/** Who a profile node's code belongs to: a package under node_modules, our dist/ code, node itself, or V8. */
function owner(url, functionName) {
  if (!url) return functionName.startsWith('(') ? `V8 ${functionName}` : 'V8 / native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes(`${ROOT}/dist/`) || url.startsWith(`file://${ROOT}/dist/`)) return 'ours (dist/)';
  return url.replace(/^file:\/\//, '');
}

/** Self time per owner and per function from a .cpuprofile (sample counts × sample interval). */
function summarizeProfile(path, top = 15) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0)));
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const owners = new Map();
  const functions = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const who = owner(url, functionName);
    owners.set(who, (owners.get(who) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}` : ''}`.trim();
    const key = `${who}\t${fn}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const ms = (us) => us / 1000;
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: ms(totalUs),
    ours: sorted(inclusiveOurs(profile.nodes, self)).slice(0, top).map(([fn, us]) => ({ fn, ms: ms(us), share: us / totalUs })),
    owners: sorted(owners).map(([who, us]) => ({ who, ms: ms(us), share: us / totalUs })),
    functions: sorted(functions).slice(0, top).map(([key, us]) => ({ who: key.split('\t')[0], fn: key.split('\t')[1], ms: ms(us), share: us / totalUs })),
  };
}

/** Inclusive time (self + callees) of each of our functions, counted once per sample even when recursive. */
function inclusiveOurs(nodes, self) {
  const parent = new Map();
  for (const n of nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const total = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at).callFrame;
      if (owner(url, functionName) !== 'ours (dist/)') continue;
      const fn = `${functionName || '(anonymous)'} ${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}`;
      if (!seen.has(fn)) total.set(fn, (total.get(fn) ?? 0) + us);
      seen.add(fn);
    }
  }
  return total;
}

/** Runs the app (argv starting with `node`) once under --cpu-prof with the given config; returns the summary. */
function profileApp(argv, configPath, top) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  const [node, ...rest] = argv;
  const result = spawnSync(node === 'node' ? process.execPath : node, ['--cpu-prof', '--cpu-prof-dir', dir, ...rest], {
    cwd: ROOT,
    env: { ...process.env, EMAIL_AUTH_CONFIG: configPath, CDKTF_OUTDIR: join(dir, 'out') },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`profiled app failed: ${result.stderr}`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const summary = summarizeProfile(join(dir, file), top);
  rmSync(dir, { recursive: true, force: true });
  return summary;
}

function printSummary(s, log = console.log) {
  log(`sampled ${s.totalMs.toFixed(0)} ms of CPU`);
  for (const o of s.owners.slice(0, 12)) log(`  ${(o.share * 100).toFixed(1).padStart(5)} %  ${o.ms.toFixed(0).padStart(6)} ms  ${o.who}`);
  log('our functions by inclusive time (self + what they call):');
  for (const f of s.ours) log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}`);
  log('top functions by self time:');
  for (const f of s.functions) log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}  [${f.who}]`);
}

module.exports = { summarizeProfile, profileApp, printSummary };

if (require.main === module) {
  const { parseArgs } = require('node:util');
  const { writeConfig } = require('./bench-generate');
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '15' } }, allowPositionals: true });
  const count = Number(positionals[0] ?? 1000);
  const work = mkdtempSync(join(tmpdir(), 'bench-prof-cfg-'));
  const app = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app.trim().split(/\s+/);
  console.log(`profiling "${app.join(' ')}" with ${count} institutions`);
  printSummary(profileApp(app, writeConfig(work, count), Number(values.top)));
  rmSync(work, { recursive: true, force: true });
}
