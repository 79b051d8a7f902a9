// The fast loop (`npm run test:unit`) runs every `*.test.ts` except `*.int.test.ts`. A suite that starts terraform,
// BIND, Dovecot, a registry or the app in a child process is an integration suite: this test keeps it out of the
// fast loop by its name.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './helpers/repo-root';

/** What only an integration suite does: the helpers that start servers or processes, or a child process of its own. */
const INTEGRATION_ONLY = /from '\.\.\/helpers\/(terraform|bind|dovecot|run-app|synth-app|pipeline|garbling-proxy|test-server|npm|verdaccio|chromium)'|describeWith(Terraform|Bind|Dovecot|Registry)\(|process\.execPath/;
/** Child processes a unit suite may start: small system tools, never the app, terraform or a server. */
const ALLOWED_CHILDREN = new Map([
  ['__tests__/summary/plan-input.test.ts', 'mkfifo, to make a FIFO the plan reader must refuse'],
  ['__tests__/pipelines/hostile-artifact-files.test.ts', 'mkfifo, to make a FIFO the plans folder reader must refuse'],
  ['__tests__/cli/init-next-steps.test.ts', 'sh, to show that the `cd` init prints reaches folders with spaces and quotes'],
]);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

const unitFiles = testFiles(join(REPO_ROOT, '__tests__'))
  .map((f) => relative(REPO_ROOT, f))
  .filter((f) => !f.endsWith('.int.test.ts') && f !== relative(REPO_ROOT, __filename));

test('the fast loop has suites to run', () => {
  expect(unitFiles.length).toBeGreaterThan(30);
});

test.each(unitFiles)('%s needs no terraform, DNS or IMAP server, registry or app process', (file) => {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  expect(text).not.toMatch(INTEGRATION_ONLY);
  if (!ALLOWED_CHILDREN.has(file)) expect(text).not.toMatch(/node:child_process/);
});
