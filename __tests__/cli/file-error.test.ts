// A missing or unreadable file is named in words, never by node's error code alone (issue 16: "no raw ENOENT").
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileErrorText, writeErrorText } from '../../io/file-error';

const dir = mkdtempSync(join(tmpdir(), 'email-auth-file-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

test.each([
  ['a file that does not exist', () => readFileSync(join(dir, 'nope')), 'does not exist'],
  ['a folder read as a file', () => readFileSync(dir), 'is a folder, not a file'],
  ['a path through a file', () => (writeFileSync(join(dir, 'f'), ''), readFileSync(join(dir, 'f', 'x'))), 'does not exist (a folder on its path is a file)'],
])('%s', (_what, fail, words) => {
  expect(fileErrorText(thrown(fail))).toBe(words);
});

test('a write into a folder that does not exist says the folder is missing', () => {
  expect(writeErrorText(thrown(() => writeFileSync(join(dir, 'no', 'such', 'x.xml'), '')))).toBe('cannot be written: its folder does not exist');
});

test('codes by name, and an unusual one keeps its code after words', () => {
  expect(fileErrorText('EACCES')).toBe('cannot be accessed: permission denied');
  expect(fileErrorText('EROFS')).toBe('cannot be written: the file system is read-only');
  expect(fileErrorText('EXDEV')).toBe('cannot be accessed (system error EXDEV)');
  expect(fileErrorText(new Error('odd'))).toBe('cannot be accessed: odd');
});
