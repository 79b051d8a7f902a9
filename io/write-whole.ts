import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `path` whole: the text goes to a new temporary file beside it (created exclusively, so a link planted at that
 * name is never followed), which is then renamed over `path`. A reader sees the old file or the new one, never half
 * of one; a symbolic link at `path` is replaced, not written through. Throws node's error when it cannot be written.
 */
export function writeFileWhole(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}
