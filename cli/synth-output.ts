import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readBoundedFile } from '../io/bounded-file';

/** cdktf's default output folder; cdktf-cli sets `CDKTF_OUTDIR` from cdktf.json's `output` (and `--output`). */
export const DEFAULT_OUTDIR = 'cdktf.out';

/** The folder a synth writes: what cdktf's `App` would use without an explicit `outdir`. */
export function synthTarget(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CDKTF_OUTDIR || DEFAULT_OUTDIR);
}

/** A bound on the manifest.json read to count removed stacks (10,000 stacks take about 3 MB). */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * The stacks the output folder held before this synth, as its manifest.json lists them (cdktf-cli leaves empty folders
 * of removed stacks, which are not stacks); none when there is no readable manifest.
 */
export function previousStacks(target: string): string[] {
  try {
    const manifest = JSON.parse(readBoundedFile(join(target, 'manifest.json'), MAX_MANIFEST_BYTES).toString('utf8')) as { stacks?: unknown };
    return manifest.stacks !== null && typeof manifest.stacks === 'object' && !Array.isArray(manifest.stacks) ? Object.keys(manifest.stacks) : [];
  } catch {
    return [];
  }
}

/** Another synth holds the lock on the output folder. */
export class OutputBusyError extends Error {}

/**
 * Writes a synth output folder so that readers only ever see a complete one: `write` fills a temporary folder beside
 * `target` (same file system, so the swap is two renames), which then replaces `target` whole. A run that is killed
 * leaves the old output untouched and a temporary folder that the next run removes; stacks that are gone from the
 * config are gone from the output, because nothing of the old folder is kept. A lock file beside the target refuses a
 * second synth into the same folder while one runs (two at once would otherwise mix both configs).
 */
export function writeOutputFolder<T>(target: string, write: (staging: string) => T): T {
  const lock = `${target}.lock`;
  takeLock(lock, target);
  try {
    removeLeftovers(target);
    const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
    chmodSync(staging, 0o755); // mkdtemp makes it private; the output folder is an ordinary one
    let result: T;
    try {
      result = write(staging);
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    if (existsSync(target)) {
      const old = `${staging}-old`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
    return result;
  } finally {
    unlinkSync(lock);
  }
}

/** Temporary folders of earlier runs that were killed: only the lock holder writes them, so they are all stale. */
function removeLeftovers(target: string): void {
  const prefix = `.${basename(target)}.tmp-`;
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true });
}

/** Creates the lock file (O_EXCL); a lock whose process is gone is stale and taken over once. */
function takeLock(lock: string, target: string, retry = true): void {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number(readFileSync(lock, 'utf8').trim());
    // An empty lock file is one being written this instant: busy, unless it is old enough to be a leftover.
    const stale = pid > 0 ? !isRunning(pid) : Date.now() - statSync(lock).mtimeMs > 10_000;
    if (retry && stale) {
      rmSync(lock, { force: true });
      return takeLock(lock, target, false);
    }
    throw new OutputBusyError(`another synth (pid ${Number.isInteger(pid) && pid > 0 ? pid : 'unknown'}) is writing ${target}: wait for it to finish (or remove ${lock} if no synth is running)`);
  }
  writeSync(fd, `${process.pid}\n`);
  closeSync(fd);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
