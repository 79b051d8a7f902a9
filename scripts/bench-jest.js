'use strict';
// Times the unit + snapshot test loop as a developer runs it: `npx jest`, warm transform cache, without the suites
// that drive real terraform or BIND (they are integration tests with their own budget).
const { spawnSync } = require('node:child_process');
const { relative } = require('node:path');
const { median } = require('./bench-measure');

/** Test folders left out of the unit loop: real terraform (issue 4) and live-DNS verification against BIND (issue 5). */
const JEST_IGNORE = '/__tests__/(terraform|verify)/';
const JEST_ARGS = ['jest', '--testPathIgnorePatterns', JEST_IGNORE];

function npx(root, args) {
  return spawnSync('npx', args, { cwd: root, env: { ...process.env, CI: 'true' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** One untimed warm-up (fills jest's transform cache), then `runs` timed runs; wall times in seconds. */
function timeJest(root, runs) {
  const files = npx(root, [...JEST_ARGS, '--listTests']).stdout.trim().split('\n').filter(Boolean).map((f) => relative(root, f)).sort();
  npx(root, JEST_ARGS);
  const walls = [];
  let passed = true;
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = npx(root, JEST_ARGS);
    walls.push(Number(process.hrtime.bigint() - start) / 1e9);
    passed &&= result.status === 0;
    summary = (result.stderr.match(/^Tests:.*$/m) ?? ['?'])[0];
  }
  return { command: `npx ${JEST_ARGS.map((a) => (/[|()]/.test(a) ? `'${a}'` : a)).join(' ')}`, files, walls, wall: median(walls), passed, summary };
}

module.exports = { timeJest, JEST_IGNORE };
