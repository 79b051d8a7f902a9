/**
 * RFC 9989 (May 2026) is the DMARC standard: messages, comments and docs cite it, not the draft name "DMARCbis".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FOLDERS = ['model', 'config', 'summary', 'verify', 'cli', 'constructs', 'docs'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|md)$/.test(name) ? [path] : [];
  });
}

test('no source file, README or doc calls DMARC "DMARCbis"', () => {
  const all = [join(ROOT, 'README.md'), ...FOLDERS.flatMap((f) => files(join(ROOT, f)))];
  expect(all.length).toBeGreaterThan(20);
  expect(all.filter((f) => /DMARCbis/i.test(readFileSync(f, 'utf8'))).map((f) => f.slice(ROOT.length + 1))).toEqual([]);
});
