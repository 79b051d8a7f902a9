import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fileErrorText } from './file-error';

/**
 * Why {@link readBoundedFile} refused: a node:fs error code (`ENOENT`, `EACCES`...), `not-a-file`, `too-large`, or
 * `symlink` (with `noFollow`).
 */
export class BoundedFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The file's size, for `too-large`. */
    readonly size?: number,
  ) {
    super(message);
  }
}

/**
 * The bytes of a regular file of at most `limit` bytes. Everything this project reads from a path given to it (a
 * config, a synth output, a plan) goes through here, so that `/dev/zero`, a FIFO or a multi-gigabyte file is refused
 * at once instead of hanging or exhausting memory. The size is checked on the open descriptor, not on the path.
 */
export function readBoundedFile(path: string, limit: number, options: { readonly noFollow?: boolean } = {}): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe must not wait for a writer (the type check below refuses it). O_NOFOLLOW: a
    // link as the last component fails with ELOOP instead of being followed.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ELOOP' && options.noFollow) throw new BoundedFileError('symlink', 'is a symbolic link (not followed)');
    throw new BoundedFileError(code, code === 'EISDIR' ? 'is a folder' : fileErrorText(code));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new BoundedFileError('EISDIR', 'is a folder');
    if (!stat.isFile()) throw new BoundedFileError('not-a-file', 'is not a regular file (a device, pipe or socket)');
    if (stat.size > limit) throw new BoundedFileError('too-large', `has ${stat.size} bytes, more than the ${limit} allowed`, stat.size);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break; // the file shrank while we read it
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
