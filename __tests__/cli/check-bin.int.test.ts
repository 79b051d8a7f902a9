// The bin runs `check` with its V8 flags (cli/v8-flags.ts): they change when V8 optimizes, never what check prints.
// Its output and exit code equal those of runCli called in this process (no flags), on the shipped example and on a
// generated config of 300 institutions (enough for V8 to optimize the loader and the model under both budgets).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main';
import { v8FlagsFor } from '../../cli/v8-flags';
import { REPO_ROOT } from '../helpers/run-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { institution } = require('../../scripts/bench-generate.js') as { institution: (i: number) => Record<string, unknown> };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'email-auth-check-bin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`), env: {} });
  return { status, stdout, stderr };
}

test.each([
  ['the shipped example', () => join(REPO_ROOT, 'institutions.yaml')],
  [
    '300 generated institutions',
    () => {
      const path = join(dir, 'institutions.json');
      writeFileSync(path, JSON.stringify({ institutions: Array.from({ length: 300 }, (_, i) => institution(i)) }));
      return path;
    },
  ],
])('check through the bin prints what runCli prints: %s', async (_, config) => {
  const path = config();
  for (const extra of [[], ['--json']]) {
    const args = ['check', '--config', path, ...extra];
    const bin = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, maxBuffer: 64 * 1024 * 1024 });
    const own = await inProcess(args);
    expect(own.status).toBe(0);
    expect(own.stdout.length).toBeGreaterThan(1000);
    expect({ status: bin.status, stdout: bin.stdout, stderr: bin.stderr }).toEqual(own);
  }
}, 60_000);

test('each flag the bin sets for check is a whole-number flag this V8 knows (an unknown one would be ignored without a word)', () => {
  const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).stdout;
  const known = new Set([...options.matchAll(/^ {2}(--[\w-]+) .*\n\s+type: int {2}default: /gm)].map((m) => m[1]));
  expect(known.size).toBeGreaterThan(50);
  for (const flag of v8FlagsFor('check')) {
    const [name, value] = flag.split('=');
    expect([name, known.has(name!), Number.isInteger(Number(value))]).toEqual([name, true, true]);
  }
});
