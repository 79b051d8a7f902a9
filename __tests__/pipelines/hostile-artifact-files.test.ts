// Reading files of a folder someone else wrote (a plans folder from a CI artifact): never through a link, never
// outside the folder, bounded; and a file that is not JSON is named by position, never quoted.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BoundedFileError } from '../../io/bounded-file';
import { readContainedFile } from '../../io/contained-file';
import { jsonErrorOffset, JsonSyntaxError, parseJsonText } from '../../io/json-text';

describe('parseJsonText', () => {
  it.each([
    ['root:x:0:0:root:/root:/bin/bash\n', 1, 1],
    ['{"a": 1,\n  "secret": "hunter2" x}', 2, 23],
    ['{"a":', 1, 6],
    ['[1,]', 1, 4],
    ['{"a":"x\ny"}', 1, 8],
    ['{"a":"\\q"}', 1, 8],
    ['"\\u12G4"', 1, 6],
    ['01', 1, 2],
    ['-', 1, 2],
    ['{"a":1}}', 1, 8],
    ['', 1, 1],
    [`${'['.repeat(100_000)}x`, 1, 100_001],
  ])('%j: names line %i, column %i, and quotes nothing', (text, line, column) => {
    let error: unknown;
    try {
      parseJsonText(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as Error).message).toBe(`syntax error at line ${line}, column ${column}`);
  });

  it('parses JSON as JSON.parse does', () => {
    expect(parseJsonText('{"a":[1,2,{"b":null}],"c":"\\u00e9"}')).toEqual({ a: [1, 2, { b: null }], c: 'é' });
  });

  it('finds the position V8 reports, wherever V8 reports one', () => {
    fc.assert(
      fc.property(fc.json().chain((json) => fc.tuple(fc.constant(json), fc.nat(json.length), fc.constantFrom('x', '}', ']', ',', ':', '"', '\n', '\\'))), ([json, at, junk]) => {
        const text = json.slice(0, at) + junk + json.slice(at);
        let v8: string | undefined;
        try {
          JSON.parse(text);
          return;
        } catch (e) {
          v8 = /at position (\d+)/.exec((e as Error).message)?.[1];
        }
        if (v8 !== undefined) expect(jsonErrorOffset(text)).toBe(Number(v8));
        else expect(jsonErrorOffset(text)).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('readContainedFile', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'email-auth-contained-'));
    outside = mkdtempSync(join(tmpdir(), 'email-auth-outside-'));
    mkdirSync(join(root, 'stack'));
    writeFileSync(join(root, 'stack', 'plan.json'), '{"ok":true}');
    writeFileSync(join(outside, 'secret'), 'root:x:0:0');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const refusal = (rel: string, limit = 1024) => {
    try {
      readContainedFile(root, rel, limit);
    } catch (e) {
      expect(e).toBeInstanceOf(BoundedFileError);
      return `${(e as BoundedFileError).code}: ${(e as Error).message}`;
    }
    throw new Error(`${rel} was read`);
  };

  it('reads a regular file inside the folder; the folder itself may be reached through a link', () => {
    expect(readContainedFile(root, 'stack/plan.json', 1024).toString()).toBe('{"ok":true}');
    const link = join(outside, 'link-to-root');
    symlinkSync(root, link);
    expect(readContainedFile(link, 'stack/plan.json', 1024).toString()).toBe('{"ok":true}');
  });

  it('refuses a link as the file, as a folder on the way, and a link to a device', () => {
    symlinkSync(join(outside, 'secret'), join(root, 'stack', 'manifest.json'));
    expect(refusal('stack/manifest.json')).toBe('symlink: has a symbolic link on its path (stack/manifest.json): not followed');
    symlinkSync(outside, join(root, 'via'));
    expect(refusal('via/secret')).toBe('symlink: has a symbolic link on its path (via): not followed');
    symlinkSync('/dev/zero', join(root, 'zero'));
    expect(refusal('zero')).toMatch(/^symlink: /);
  });

  it.each([['../outside/secret'], ['/etc/passwd'], ['stack/../../x'], ['..'], ['.'], ['']])('refuses %j as a path outside the folder', (rel) => {
    expect(refusal(rel)).toBe('outside: is not a path inside the folder');
  });

  it('refuses a file on the way that is not a folder, a missing file, a folder, a file over the limit', () => {
    expect(refusal('stack/plan.json/x')).toBe('ENOTDIR: stack/plan.json on its path is not a folder');
    expect(refusal('stack/none.json')).toMatch(/^ENOENT: /);
    expect(refusal('stack')).toMatch(/^EISDIR: is a folder/);
    expect(refusal('stack/plan.json', 4)).toBe('too-large: has 11 bytes, more than the 4 allowed');
  });

  it('refuses a named pipe at once (it would wait for a writer forever)', () => {
    execFileSync('mkfifo', [join(root, 'stack', 'fifo')]);
    expect(refusal('stack/fifo')).toMatch(/^not-a-file: /);
  });
});
