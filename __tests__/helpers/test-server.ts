/**
 * A server process a test starts (BIND, Dovecot): spawned in the foreground with its stderr kept, stopped by its pid
 * with SIGTERM, its temporary folder removed afterwards. A suite that crashes before its afterAll still leaves no
 * server behind (the exit hook kills what is left).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface TestServerProcess {
  /** Whether the process has ended (it failed to start, or was stopped). */
  readonly exited: () => boolean;
  /** What it wrote to stderr so far. */
  readonly stderr: () => string;
  /** SIGTERM, wait for the exit, remove `dir`. */
  readonly stop: () => Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function spawnTestServer(bin: string, args: readonly string[], dir: string): TestServerProcess {
  const child = spawn(bin, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
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
