import { BoundedFileError, readBoundedFile } from '../io/bounded-file';
import { fileErrorText } from '../io/file-error';
import { show } from '../model/problems';

/** Far above any real config (1,000 institutions take ~300 KB): a bound, so that `/dev/zero` or a huge file cannot hang us. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * The text of a config file, or why it cannot be read: only a regular file of at most {@link MAX_CONFIG_BYTES}, in
 * UTF-8 (a byte-order mark is dropped). UTF-16 and UTF-32 files are named as such, so the fix is obvious.
 */
export function readConfigText(path: string): { text: string } | { error: string } {
  try {
    return decodeConfigBytes(readBoundedFile(path, MAX_CONFIG_BYTES), path);
  } catch (e) {
    if (!(e instanceof BoundedFileError)) throw e;
    if (e.code === 'not-a-file' || e.code === 'EISDIR') return { error: `config file ${show(path)} ${e.message}: give the path of a YAML or JSON file` };
    return { error: e.code === 'too-large' ? `cannot read config file ${show(path)}: ${e.message}` : `config file ${show(path)} ${fileErrorText(e.code)}` };
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** UTF-8 text of the bytes without a leading BOM; other encodings (told by their BOM or their NUL bytes) are refused. */
export function decodeConfigBytes(bytes: Buffer, path: string): { text: string } | { error: string } {
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  const other = otherEncoding(body);
  if (other) return { error: `config file ${show(path)} is ${other}; save it as UTF-8` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { error: `config file ${show(path)} is not valid UTF-8 text; save it as UTF-8` };
  }
}

/** The encoding of a UTF-16 or UTF-32 file (by BOM, else by where its NUL bytes are), undefined for anything else. */
function otherEncoding(b: Buffer): string | undefined {
  const at = (i: number) => b[i];
  if (at(0) === 0xff && at(1) === 0xfe && at(2) === 0 && at(3) === 0) return 'UTF-32LE (it starts with a UTF-32 byte-order mark)';
  if (at(0) === 0 && at(1) === 0 && at(2) === 0xfe && at(3) === 0xff) return 'UTF-32BE (it starts with a UTF-32 byte-order mark)';
  if (at(0) === 0xff && at(1) === 0xfe) return 'UTF-16LE (it starts with a UTF-16 byte-order mark)';
  if (at(0) === 0xfe && at(1) === 0xff) return 'UTF-16BE (it starts with a UTF-16 byte-order mark)';
  if (b.length >= 4 && at(0) !== 0 && at(1) === 0 && at(2) === 0 && at(3) === 0) return 'UTF-32LE (without byte-order mark)';
  if (b.length >= 4 && at(0) === 0 && at(1) === 0 && at(2) === 0 && at(3) !== 0) return 'UTF-32BE (without byte-order mark)';
  if (b.length >= 2 && at(0) !== 0 && at(1) === 0) return 'UTF-16LE (without byte-order mark)';
  if (b.length >= 2 && at(0) === 0 && at(1) !== 0) return 'UTF-16BE (without byte-order mark)';
  if (b.includes(0)) return 'binary (it holds NUL bytes), not text';
  return undefined;
}
