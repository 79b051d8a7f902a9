// The public API of every entry point is recorded in api-report/ (api-extractor): the check passes on the reports
// as committed, and fails, naming the report and the command that updates it, when the API differs from one.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, removeTempFolders, run, tempFolder } from '../helpers/npm';

const SCRIPT = join(REPO_ROOT, 'scripts', 'api-report.js');
const apiReport = (...args: string[]) => run(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT, env: process.env, timeoutMs: 120_000 });

jest.setTimeout(120_000);
afterAll(removeTempFolders);

test('the exported API matches the committed reports, one per entry point', () => {
  const result = apiReport();
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('the public API matches api-report/ (3 entry points)\n');
  expect(result.status).toBe(0);
});

test('an API that differs from its report fails, naming the report and `npm run api`', () => {
  const reports = tempFolder('email-auth-api-report-');
  cpSync(join(REPO_ROOT, 'api-report'), reports, { recursive: true });
  // As if splitTxt had been added to the root entry point without updating its report.
  const file = join(reports, 'email-auth-dns.api.md');
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(/^\/\/ @public\nexport function splitTxt\(.*\n\n/m, '');
  expect(edited).not.toBe(text);
  writeFileSync(file, edited);
  const result = apiReport('--reports', reports);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('The public API changed and api-report/ was not updated: email-auth-dns.api.md.');
  expect(result.stderr).toContain('Run `npm run api`');
  expect(readFileSync(file, 'utf8')).toBe(edited);
});
