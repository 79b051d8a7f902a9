/**
 * The README is the front door (issue 16 item 5): short, with the two set-up commands on its first screen that CI
 * runs as they are written, the exit-code table, the test timings, the Install section and a map of the docs.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const CI = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
const SCRIPTS = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** The text of a `## Section` of the README, up to the next heading of level 2. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`);
  const next = README.indexOf('\n## ', start + 1);
  return README.slice(start, next < 0 ? undefined : next);
}

/** The commands CI runs: lines of .ci/run that are neither comments nor shell structure. */
const ciCommands = CI.split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => /^npm /.test(line));

describe('README.md', () => {
  test('is at most 20,000 bytes', () => {
    expect(statSync(join(REPO_ROOT, 'README.md')).size).toBeLessThanOrEqual(20_000);
  });

  test('its first screen (before the first section) has the two set-up commands, in a shell block', () => {
    const firstScreen = README.slice(0, README.indexOf('\n## '));
    expect(firstScreen.split('\n').length).toBeLessThanOrEqual(30);
    const block = /```sh\n([\s\S]*?)```/.exec(firstScreen)?.[1] ?? '';
    const commands = block.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm install && npm run synth', 'npm test']);
  });

  test('CI runs those commands as written: npm run synth after the install, then npm test', () => {
    // `npm ci` is `npm install` from the lock file, for a clean checkout. Other steps may come between.
    const install = ciCommands.findIndex((c) => /^npm (ci|install)\b/.test(c));
    const synth = ciCommands.indexOf('npm run synth');
    const test = ciCommands.indexOf('npm test');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(synth).toBeGreaterThan(install);
    expect(test).toBeGreaterThan(synth);
    expect(SCRIPTS.synth).toBeDefined();
    expect(SCRIPTS.test).toMatch(/\bjest\b/);
  });

  test('has the one exit-code table: 0 ok, 1 findings, 2 usage, config or no verdict', () => {
    const rows = section('Exit codes')
      .split('\n')
      .filter((line) => /^\| \d \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()).slice(1, 3));
    expect(rows.map(([code]) => code)).toEqual(['0', '1', '2']);
    expect(rows[0]![1]).toBe('ok');
    expect(rows[1]![1]).toMatch(/^findings/);
    expect(rows[2]![1]).toMatch(/^no verdict: a usage error, a missing or invalid config/);
  });

  test('says how long the fast loop and the whole suite take, and names the scripts that exist', () => {
    const tests = section('Tests');
    for (const script of ['test:unit', 'test:integration']) {
      expect(tests).toContain(`npm run ${script}`);
      expect(SCRIPTS[script]).toBeDefined();
    }
    expect(tests).toMatch(/`npm run test:unit`.*\| about \d+ s \|/);
    expect(tests).toMatch(/`npm test`.*\| about \d+ min \|/);
  });

  test('keeps an Install section under "In your own repository", for the install path of the release', () => {
    const own = section('In your own repository');
    expect(own).toContain('\n### Install\n');
    expect(own).toMatch(/```sh\n[\s\S]*npm install[\s\S]*```/);
  });

  test('names the records it publishes', () => {
    const published = section('What gets published');
    for (const name of ['`mosamuseum.com` | TXT', '`stxsel1._domainkey.mosamuseum.com` | CNAME', '`stxsel2._domainkey.mosamuseum.com` | CNAME', '`_dmarc.mosamuseum.com` | TXT', '`mosamuseum.com` | MX']) {
      expect(published).toContain(name);
    }
  });
});
