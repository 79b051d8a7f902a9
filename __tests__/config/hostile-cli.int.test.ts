// Issue 9 item 3, through the real CLI process: what a hostile config makes the loader print reaches the terminal
// escaped (the in-process cases are in hostile.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/run-app';

const mosa = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ' };
const dir = mkdtempSync(join(tmpdir(), 'email-auth-hostile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('messages never carry control characters to the terminal', () => {
  test('the real CLI prints escapes, not ESC sequences or newlines', () => {
    const path = file('esc.json', JSON.stringify({ institutions: [{ ...mosa, domain: 'x\u001b[2J\u202e.example\n::error::x', keepTxt: ['ok\u0085'] }] }));
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'check', '--config', path], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    expect(run.stderr).toContain('\\x1b[2j'); // domains are lowercased before they are checked
  });
});
