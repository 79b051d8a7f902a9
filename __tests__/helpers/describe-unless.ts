/**
 * `describe` when `reason` is undefined, else `describe.skip` with a visible `SKIPPED <name>: <reason>` line, so a
 * suite that needs a tool or a file this machine lacks says why it did not run.
 */
export function describeUnless(reason: string | undefined, name: string, body: () => void): void {
  if (reason) {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED ${name}: ${reason}`);
    describe.skip(`${name} (skipped: ${reason})`, body);
  } else {
    describe(name, body);
  }
}
