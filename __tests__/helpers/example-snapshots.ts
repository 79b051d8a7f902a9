// Compares a synthesized stack with this repository's snapshot of the example (__tests__/app/__snapshots__), with
// jest's own snapshot comparison, read-only: another suite (an installed package, a scaffolded repository) proves it
// writes exactly what this repository's app writes for the example.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnapshotState } from 'jest-snapshot';
import { withoutCoreVersion } from './core-version';

export const EXAMPLE_SNAPSHOT_FILE = join(__dirname, '..', 'app', '__snapshots__', 'example-snapshot.int.test.ts.snap');

/** The stacks the snapshot file holds (`email-auth-mosa 1` → `email-auth-mosa`). */
export function exampleSnapshotStacks(): string[] {
  const text = readFileSync(EXAMPLE_SNAPSHOT_FILE, 'utf8');
  return [...text.matchAll(/^exports\[`(.+) 1`\]/gm)].map((m) => m[1]!).sort();
}

/**
 * Whether `json` equals the snapshot of `stack`, whichever core wrote it (the snapshots leave its version out);
 * `expected` and `actual` are jest's rendering of both when it does not.
 */
export function matchExampleSnapshot(stack: string, json: unknown): { pass: boolean; expected?: string; actual?: string } {
  const result = exampleState().match({ testName: stack, received: withoutCoreVersion(json), isInline: false });
  return { pass: result.pass, expected: result.expected, actual: result.actual };
}

function exampleState(): SnapshotState {
  // updateSnapshot 'none': never writes; the format is jest 29's default, which wrote the file.
  return new SnapshotState(EXAMPLE_SNAPSHOT_FILE, {
    updateSnapshot: 'none',
    rootDir: join(__dirname, '..', '..'),
    prettierPath: null,
    snapshotFormat: { escapeString: false, printBasicPrototype: false },
  });
}
