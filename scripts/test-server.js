'use strict';
// A server process a test or the bench starts (BIND, Dovecot): spawned in the foreground with its stderr kept,
// stopped by its pid with SIGTERM, its temporary folder removed afterwards. A process that ends before stopping its
// servers still leaves none behind (the exit hook kills what is left). Typed for the tests in __tests__/helpers.
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Returns { exited(), stderr(), stop() }: stop sends SIGTERM, waits for the exit and removes `dir`. */
function spawnTestServer(bin, args, dir) {
  const child = spawn(bin, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let log = '';
  child.stderr.on('data', (d) => (log += d.toString()));
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  return {
    exited: () => exited,
    stderr: () => log,
    stop: async () => {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { spawnTestServer };
