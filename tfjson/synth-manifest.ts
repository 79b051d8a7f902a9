import { existsSync } from 'node:fs';
import { BoundedFileError, readBoundedFile } from '../io/bounded-file';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseJsonText } from '../io/json-text';

/** cdktf writes the list of stacks it synthesized here; a synth output is what this file says, nothing else. */
export const MANIFEST_FILE = 'manifest.json';

/** A synthesized stack folder is our own output, but a base or PR branch's output is still input: bound it. */
export const MAX_SYNTH_FILE_BYTES = 64 * 1024 * 1024;

export interface SynthesizedStack {
  /** The stack's name (its folder name), e.g. `email-auth-mosa`. */
  readonly name: string;
  /** Absolute path of the folder terraform runs in. */
  readonly dir: string;
  /** Absolute path of its `cdk.tf.json`. */
  readonly file: string;
}

/**
 * The stacks of a synth output folder (`cdktf.out`), as its `manifest.json` lists them, sorted by name. Stack folders
 * the manifest does not list (left by another tool, or by an older synth) are not part of the output. Throws an
 * Error with a one-line reason when the folder holds no complete synth output.
 */
export function readSynthManifest(outdir: string): SynthesizedStack[] {
  const path = join(outdir, MANIFEST_FILE);
  let manifest: unknown;
  try {
    manifest = parseJsonText(readSynthFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !existsSync(outdir)) throw new Error(`the synth output ${outdir} does not exist (run the synth first)`);
    if (code === 'ENOENT') throw new Error(`no synthesized stacks in ${outdir}: ${MANIFEST_FILE} is missing (run the synth first)`);
    throw new Error(`${path} is not a cdktf manifest: ${(e as Error).message}`);
  }
  const stacks = (manifest as { stacks?: unknown } | null)?.stacks;
  if (stacks === null || typeof stacks !== 'object' || Array.isArray(stacks)) throw new Error(`${path} is not a cdktf manifest: it has no "stacks" map`);
  const root = resolve(outdir);
  return Object.entries(stacks as Record<string, unknown>)
    .map(([name, entry]) => {
      const e = entry as { synthesizedStackPath?: unknown; workingDirectory?: unknown } | null;
      if (typeof e?.synthesizedStackPath !== 'string' || typeof e.workingDirectory !== 'string') {
        throw new Error(`${path}: stack ${JSON.stringify(name)} has no synthesizedStackPath and workingDirectory`);
      }
      return { name, dir: inside(root, e.workingDirectory, path, name), file: inside(root, e.synthesizedStackPath, path, name) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A path from the manifest, which must stay inside the output folder. */
function inside(root: string, rel: string, manifest: string, stack: string): string {
  const full = resolve(root, rel);
  const up = relative(root, full);
  if (isAbsolute(rel) || up === '' || up.startsWith('..') || isAbsolute(up)) throw new Error(`${manifest}: stack ${JSON.stringify(stack)} points outside the output folder (${JSON.stringify(rel)})`);
  return full;
}

/** The text of a regular file of at most {@link MAX_SYNTH_FILE_BYTES}; errors name the file. */
export function readSynthFile(path: string): string {
  try {
    return readBoundedFile(path, MAX_SYNTH_FILE_BYTES).toString('utf8');
  } catch (e) {
    if (e instanceof BoundedFileError) throw Object.assign(new Error(`${path} ${e.message}`), { code: e.code });
    throw e;
  }
}
