/**
 * Timeouts of the hooks that start or stop something slow. Jest's default of 5 s is far too short when the machine
 * is busy (issue 20: four hostile-dns tests failed because BIND took longer than that to start while other suites
 * ran). The hooks still wait for readiness (a query that BIND answers, a port Dovecot accepts), never for a fixed
 * time: these are upper bounds that a healthy run never comes near.
 */

/** Starting BIND (helpers/bind.ts: three attempts of up to 60 s) or Dovecot (up to 60 s), with the zones or mail written first. */
export const SERVER_HOOK_TIMEOUT_MS = 240_000;

/** Hooks that run the app or the CLI (synth of a few configs, a summary) once for a whole file. */
export const APP_HOOK_TIMEOUT_MS = 120_000;

/** Stopping a server (SIGTERM, wait for the exit) or removing the folders of many synthesized stacks. */
export const CLEANUP_HOOK_TIMEOUT_MS = 60_000;

/**
 * Tests that talk to a server at length (an IMAP session over TLS per command run): under load a single test took
 * more than 5 s (issue 20, measured with two full test runs at once).
 */
export const SERVER_TEST_TIMEOUT_MS = 60_000;
