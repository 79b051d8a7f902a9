import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { BoundedFileError, readBoundedFile } from './bounded-file';

/**
 * The bytes of the regular file `rel` inside the folder `root`, for folders that someone else wrote (a CI artifact:
 * a plans folder). `root` itself is what the user named and may be reached through a link; below it nothing is
 * followed: a symbolic link at any component, a path that leaves `root` (`..`, absolute) or that resolves outside it,
 * and anything that is not a regular file of at most `limit` bytes are refused with a {@link BoundedFileError}
 * (`symlink`, `outside`, `not-a-file`, `too-large`, or a node:fs code such as `ENOENT`).
 */
export function readContainedFile(root: string, rel: string, limit: number): Buffer {
  const path = containedPath(root, rel);
  return readBoundedFile(path, limit, { noFollow: true });
}

/**
 * `root/rel` once every component below `root` has been checked (no link, folders are folders) and its real path is
 * inside the real path of `root`. The last component may be missing (then reading it fails with ENOENT).
 */
export function containedPath(root: string, rel: string): string {
  const clean = normalize(rel);
  if (rel.length === 0 || rel.includes('\0') || isAbsolute(rel) || clean === '.' || clean === '..' || clean.startsWith(`..${sep}`)) {
    throw new BoundedFileError('outside', 'is not a path inside the folder');
  }
  const parts = clean.split(sep).filter((p) => p !== '' && p !== '.');
  let at = root;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    let stat;
    try {
      stat = lstatSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      if (code === 'ENOENT') return at; // reading it says "no such file"
      throw new BoundedFileError(code, code);
    }
    if (stat.isSymbolicLink()) throw new BoundedFileError('symlink', `has a symbolic link on its path (${parts.slice(0, i + 1).join('/')}): not followed`);
    if (i < parts.length - 1 && !stat.isDirectory()) throw new BoundedFileError('ENOTDIR', `${parts.slice(0, i + 1).join('/')} on its path is not a folder`);
  }
  // No link below root was seen; the real paths still decide (a link could have been swapped in meanwhile, or root's
  // own path may hold one): what is read must lie inside root.
  let real: string;
  try {
    real = realpathSync(at);
  } catch {
    return at;
  }
  const up = relative(realpathSync(root), real);
  if (up === '' || up === '..' || up.startsWith(`..${sep}`) || isAbsolute(up)) throw new BoundedFileError('outside', 'resolves outside the folder');
  return at;
}
