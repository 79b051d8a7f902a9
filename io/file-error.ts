/**
 * Why a path could not be read or written, in words: what a user sees instead of node's error codes (`ENOENT`,
 * `EACCES`...). Said after the path: `plans/x.json does not exist`, `--junit out/v.xml: its folder does not exist`.
 */
export function fileErrorText(e: unknown): string {
  const code = typeof e === 'string' ? e : (e as NodeJS.ErrnoException | undefined)?.code;
  const known = code === undefined ? undefined : FILE_ERRORS[code];
  if (known) return known;
  const message = e instanceof Error ? e.message : String(e);
  // An unusual error keeps its code, after words that say what kind of thing failed.
  return code === undefined ? `cannot be accessed: ${message}` : `cannot be accessed (system error ${code})`;
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist (a folder on its path is a file)',
  EISDIR: 'is a folder, not a file',
  EACCES: 'cannot be accessed: permission denied',
  EPERM: 'cannot be accessed: operation not permitted',
  EROFS: 'cannot be written: the file system is read-only',
  ENOSPC: 'cannot be written: no space left on the device',
  EDQUOT: 'cannot be written: disk quota exceeded',
  ELOOP: 'cannot be opened: too many symbolic links (a loop?)',
  ENAMETOOLONG: 'cannot be opened: the name is too long',
  EMFILE: 'cannot be opened: too many open files',
  EEXIST: 'already exists',
  EBUSY: 'cannot be accessed: it is busy',
  EIO: 'cannot be read: input/output error',
};

/**
 * `path WHY` for a write that failed: when the folder to write into is missing, it says so (a write names the file,
 * but what is missing is its folder).
 */
export function writeErrorText(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'cannot be written: its folder does not exist' : fileErrorText(e);
}
