'use strict';
// Times the unit + snapshot test loop as a developer runs it: `npx jest`, warm transform cache, without the suites
// that drive real terraform, BIND or Dovecot (integration tests with their own budget).
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { median } = require('./bench-measure');

/** Integration suites (real terraform, BIND, Dovecot, npm, child processes of the app) are named `*.int.test.ts`. */
const INTEGRATION = /\.int\.test\.ts$/;

function integrationFiles(root) {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' ? [] : walk(join(dir, e.name))) : [join(dir, e.name)]));
  return walk(join(root, '__tests__'))
    .map((f) => relative(root, f))
    .filter((f) => INTEGRATION.test(f))
    .sort();
}

function npx(root, args) {
  return spawnSync('npx', args, { cwd: root, env: { ...process.env, CI: 'true' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** One untimed warm-up (fills jest's transform cache), then `runs` timed runs; wall times in seconds. */
function timeJest(root, runs, { extraArgs = [], warmUp = true } = {}) {
  const excluded = integrationFiles(root);
  // The same selection as `npm run test:unit`.
  const args = ['jest', ...extraArgs, '--testPathIgnorePatterns', '\\.int\\.test\\.ts$'];
  const files = npx(root, [...args, '--listTests']).stdout.trim().split('\n').filter(Boolean).map((f) => relative(root, f)).sort();
  if (warmUp) npx(root, args);
  const walls = [];
  let passed = true;
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = npx(root, args);
    walls.push(Number(process.hrtime.bigint() - start) / 1e9);
    passed &&= result.status === 0;
    summary = (result.stderr.match(/^Tests:.*$/m) ?? ['?'])[0];
  }
  const command = `npx ${args.map((a) => (/[|()\\$]/.test(a) ? `'${a}'` : a)).join(' ')}`;
  return { command, files, excluded, walls, wall: median(walls), passed, summary };
}

module.exports = { timeJest, integrationFiles };
