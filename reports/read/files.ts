/**
 * Report files and folders of them, read one file at a time (an async generator), so that 10,000 reports cost the
 * memory of one. A folder is walked in name order, without following symbolic links; in a folder only `.xml`,
 * `.gz` and `.zip` names are read (the rest are skipped and counted), a file named on the command line is always
 * read.
 */
import { lstat, opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileErrorText } from '../../io/file-error';
import { REPORT_LIMITS, ReportLimits, showBytes } from '../limits';
import { problem, ReadItem, ReportInputError, skipped } from './read-item';
import { unpack } from './unpack';

const REPORT_NAME = /\.(xml|gz|gzip|zip)$/i;

export async function* readReportFiles(paths: readonly string[], limits: ReportLimits = REPORT_LIMITS): AsyncGenerator<ReadItem> {
  // Every path is checked first: a typo must stop the run (exit 2) before anything is reported.
  for (const path of paths) {
    try {
      await stat(path);
    } catch (e) {
      throw new ReportInputError(`${JSON.stringify(path)} ${fileErrorText(e)}`);
    }
  }
  const budget = { files: 0 };
  for (const path of paths) yield* readPath(path, true, 0, budget, limits);
}

async function* readPath(path: string, named: boolean, depth: number, budget: { files: number }, limits: ReportLimits): AsyncGenerator<ReadItem> {
  const info = named ? await stat(path) : await lstat(path);
  if (info.isSymbolicLink()) {
    yield skipped(path, 'symbolic link inside a folder (not followed)');
    return;
  }
  if (info.isDirectory()) {
    if (depth >= limits.folderDepth) {
      yield problem(path, `is nested more than ${limits.folderDepth} folders deep; not read`);
      return;
    }
    const names: string[] = [];
    for await (const entry of await opendir(path)) names.push(entry.name);
    for (const name of names.sort()) yield* readPath(join(path, name), false, depth + 1, budget, limits);
    return;
  }
  if (!info.isFile()) {
    yield skipped(path, 'not a regular file');
    return;
  }
  if (!named && !REPORT_NAME.test(path)) {
    yield skipped(path, 'not named .xml, .gz or .zip');
    return;
  }
  if (++budget.files > limits.files) {
    if (budget.files === limits.files + 1) yield problem(path, `more than ${limits.files.toLocaleString('en')} files: this one and the rest are not read (the limit per run)`);
    return;
  }
  if (info.size > limits.fileBytes) {
    yield problem(path, `is ${showBytes(info.size)}, over the limit of ${showBytes(limits.fileBytes)} per file`);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    yield problem(path, fileErrorText(e));
    return;
  }
  yield* unpack(bytes, path, limits);
}
