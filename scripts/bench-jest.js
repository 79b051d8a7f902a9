'use strict';
// Times the unit + snapshot test loop as a developer runs it: `npx jest`, warm transform cache, without the suites
// that drive real terraform, BIND or Dovecot (integration tests with their own budget).
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { median } = require('./bench-measure');

/** Integration suites: whole folders, plus any test file that declares a terraform or BIND block elsewhere. */
// __tests__/package/: real npm installs and api-extractor runs (their own budget, like terraform's and BIND's).
const INTEGRATION_DIRS = ['__tests__/terraform/', '__tests__/verify/', '__tests__/package/', '__tests__/fleet/'];
const INTEGRATION_MARKERS = /\b(describeWithTerraform|describeWithBind|describeWithDovecot|describeWithRegistry)\(/;

function integrationFiles(root) {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' ? [] : walk(join(dir, e.name))) : [join(dir, e.name)]));
  return walk(join(root, '__tests__'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => relative(root, f))
    .filter((f) => INTEGRATION_DIRS.some((d) => f.startsWith(d)) || INTEGRATION_MARKERS.test(readFileSync(join(root, f), 'utf8')))
    .sort();
}

function npx(root, args) {
  return spawnSync('npx', args, { cwd: root, env: { ...process.env, CI: 'true' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** One untimed warm-up (fills jest's transform cache), then `runs` timed runs; wall times in seconds. */
function timeJest(root, runs, { extraArgs = [], warmUp = true } = {}) {
  const excluded = integrationFiles(root);
  const ignore = [...INTEGRATION_DIRS.map((d) => `/${d}`), ...excluded.filter((f) => !INTEGRATION_DIRS.some((d) => f.startsWith(d))).map((f) => `/${f.replace(/\./g, '\\.')}$`)];
  const args = ['jest', ...extraArgs, '--testPathIgnorePatterns', ...ignore];
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
