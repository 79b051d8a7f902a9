/**
 * The history folder on disk (`--history DIR`): `DIR/<institution code>/<YYYY-MM>.txt` and `DIR/ptr.txt`. Read before
 * the reports, written after them. It is input like a report (a committed branch, an artifact): below DIR nothing
 * is followed through a symbolic link, every file is bounded, every line is checked (history-text.ts), and a file
 * that fails is named with its line and stops the run before anything is written. Files are written whole (a
 * temporary file renamed over), and only those whose text changed, so the folder's diff is what the run added.
 * Folders of codes the config does not have, and names that are not month files, are left alone.
 */
import { lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BoundedFileError } from '../../io/bounded-file';
import { readContainedFile } from '../../io/contained-file';
import { writeFileWhole } from '../../io/write-whole';
import { HistoryStore } from './history-store';
import { HISTORY_LIMITS, HistoryFormatError, parseHistoryFile } from './history-text';
import { PTR_CACHE_FILE, PtrCacheFile } from './ptr-cache';

const MONTH_FILE = /^(\d{4}-(?:0[1-9]|1[0-2]))\.txt$/;
/** Bytes of ptr.txt: 20,000 lines of at most a few hundred characters. */
const PTR_FILE_BYTES = 8 * 1024 * 1024;

/** A history that cannot be read: the file and line, and the rule. The run stops (exit 2); nothing is written. */
export class HistoryError extends Error {}

export interface HistoryFolder {
  readonly dir: string;
  readonly store: HistoryStore;
  readonly ptr: PtrCacheFile;
  /** Each file read (relative path) and its text, to write only what changed and remove months no longer kept. */
  readonly read: ReadonlyMap<string, string>;
}

/** Reads the history of the institutions `codes` (a folder that does not exist yet is an empty history). */
export function readHistory(dir: string, codes: readonly string[], now: number, keepDays?: number): HistoryFolder {
  const store = new HistoryStore(now, keepDays);
  const ptr = new PtrCacheFile(now);
  const read = new Map<string, string>();
  let root;
  try {
    // The folder named may be reached through a link (the user's choice); nothing below it is.
    root = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    throw new HistoryError(`--history ${JSON.stringify(dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (root === undefined) return { dir, store, ptr, read };
  if (!root.isDirectory()) throw new HistoryError(`--history ${JSON.stringify(dir)} is not a folder`);
  const text = (rel: string, limit: number): string | undefined => {
    let bytes: Buffer;
    try {
      bytes = readContainedFile(dir, rel, limit);
    } catch (e) {
      if (e instanceof BoundedFileError && e.code === 'ENOENT') return undefined;
      if (e instanceof BoundedFileError) throw new HistoryError(`history ${JSON.stringify(join(dir, rel))} ${e.message}`);
      throw e;
    }
    let decoded: string;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new HistoryError(`history ${JSON.stringify(join(dir, rel))} is not UTF-8 text`);
    }
    // A checkout with CRLF line endings (git on Windows) is read alike; the writer writes LF.
    decoded = decoded.replace(/\r\n/g, '\n');
    read.set(rel, decoded);
    return decoded;
  };
  for (const code of codes) {
    const folder = join(dir, code);
    const info = lstatSync(folder, { throwIfNoEntry: false });
    if (info === undefined) continue;
    if (info.isSymbolicLink()) throw new HistoryError(`history ${JSON.stringify(folder)} is a symbolic link (not followed)`);
    if (!info.isDirectory()) throw new HistoryError(`history ${JSON.stringify(folder)} is not a folder`);
    const names = readdirSync(folder);
    if (names.length > HISTORY_LIMITS.filesPerInstitution * 4) throw new HistoryError(`history ${JSON.stringify(folder)} holds ${names.length} entries, more than a history writes`);
    const months = names.map((n) => MONTH_FILE.exec(n)?.[1]).filter((m): m is string => m !== undefined).sort();
    if (months.length > HISTORY_LIMITS.filesPerInstitution) throw new HistoryError(`history ${JSON.stringify(folder)} holds ${months.length} month files, more than the ${HISTORY_LIMITS.filesPerInstitution} allowed`);
    for (const month of months) {
      const rel = join(code, `${month}.txt`);
      const content = text(rel, HISTORY_LIMITS.fileBytes);
      if (content === undefined) continue;
      try {
        store.load(code, parseHistoryFile(content, month));
      } catch (e) {
        if (e instanceof HistoryFormatError) throw new HistoryError(`history ${JSON.stringify(join(dir, rel))} ${e.message}`);
        throw e;
      }
    }
  }
  const cache = text(PTR_CACHE_FILE, PTR_FILE_BYTES);
  if (cache !== undefined) {
    try {
      ptr.load(cache);
    } catch (e) {
      if (e instanceof HistoryFormatError) throw new HistoryError(`history ${JSON.stringify(join(dir, PTR_CACHE_FILE))} ${e.message}`);
      throw e;
    }
  }
  return { dir, store, ptr, read };
}

/** Writes the files whose text changed (each whole) and removes month files whose days are no longer kept. */
export function writeHistory(folder: HistoryFolder): { readonly written: readonly string[]; readonly removed: readonly string[] } {
  const { dir, store, read } = folder;
  const written: string[] = [];
  const removed: string[] = [];
  mkdirSync(dir, { recursive: true });
  const wanted = new Map<string, string>();
  for (const code of store.codes()) for (const [month, text] of store.monthTexts(code)) wanted.set(join(code, `${month}.txt`), text);
  if (folder.ptr.size > 0 || read.has(PTR_CACHE_FILE)) wanted.set(PTR_CACHE_FILE, folder.ptr.text());
  for (const [rel, text] of wanted) {
    if (read.get(rel) === text) continue;
    const sub = rel.includes('/') ? join(dir, rel.split('/')[0]!) : dir;
    mkdirSync(sub, { recursive: true });
    // Checked again before writing: a link planted since the folder was read is never written through.
    if (lstatSync(sub).isSymbolicLink()) throw new HistoryError(`history ${JSON.stringify(sub)} is a symbolic link (not followed)`);
    writeFileWhole(join(dir, rel), text);
    written.push(rel);
  }
  for (const rel of read.keys()) {
    if (wanted.has(rel)) continue;
    rmSync(join(dir, rel), { force: true });
    removed.push(rel);
  }
  return { written, removed };
}
