import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fileErrorText } from '../io/file-error';

/** A saved plan of one of our stacks is kilobytes; a bound, so that a device or a huge file is refused at once. */
export const MAX_PLAN_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * `sha256:<hex>` of a regular file of at most `limit` bytes, read as a stream. Rejects with an Error whose message says
 * why (missing, not a regular file, too large), checked on the open descriptor.
 */
export async function sha256File(path: string, limit = MAX_PLAN_FILE_BYTES): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${path} is missing` : `${path} ${fileErrorText(e)}`);
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new Error(`${path} is not a regular file`);
  }
  if (stat.size > limit) {
    await handle.close();
    throw new Error(`${path} has ${stat.size} bytes, more than the ${limit} allowed`);
  }
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    handle
      .createReadStream({ autoClose: true, end: limit })
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(`sha256:${hash.digest('hex')}`));
  });
}
