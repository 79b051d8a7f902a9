/**
 * A server process a test starts (BIND, Dovecot): spawned in the foreground with its stderr kept, stopped by its pid
 * with SIGTERM, its temporary folder removed afterwards. A suite that crashes before its afterAll still leaves no
 * server behind (the exit hook kills what is left). The code is scripts/test-server.js, which the bench uses too.
 */
export interface TestServerProcess {
  /** Whether the process has ended (it failed to start, or was stopped). */
  readonly exited: () => boolean;
  /** What it wrote to stderr so far. */
  readonly stderr: () => string;
  /** SIGTERM, wait for the exit, remove `dir`. */
  readonly stop: () => Promise<void>;
}

export const spawnTestServer: (bin: string, args: readonly string[], dir: string) => TestServerProcess = require('../../scripts/test-server.js').spawnTestServer;
