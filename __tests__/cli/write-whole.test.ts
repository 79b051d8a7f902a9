// The files a command writes for a pipeline (--junit, --full) are written whole and never through a planted link.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileWhole } from '../../io/write-whole';

const dir = mkdtempSync(join(tmpdir(), 'email-auth-write-whole-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a new file, then a replaced one; no temporary file is left', () => {
  const file = join(dir, 'report.xml');
  writeFileWhole(file, 'one');
  writeFileWhole(file, 'two');
  expect(readFileSync(file, 'utf8')).toBe('two');
  expect(readdirSync(dir)).toEqual(['report.xml']);
});

test('a symbolic link at the target is replaced, not written through', () => {
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'keep me');
  const link = join(dir, 'link.xml');
  symlinkSync(victim, link);
  writeFileWhole(link, 'report');
  expect(readFileSync(victim, 'utf8')).toBe('keep me');
  expect(lstatSync(link).isFile()).toBe(true);
});

test('a folder that does not exist: node\'s error, and nothing left behind', () => {
  expect(() => writeFileWhole(join(dir, 'missing', 'x.xml'), 'x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
});
