import { dirname, join } from 'node:path';
import { BoundedFileError, readBoundedFile } from '../io/bounded-file';
import { parseJsonText } from '../io/json-text';
import { readSynthFile, readSynthManifest } from '../tfjson/synth-manifest';
import { StackState } from './change-set';
import { LOCK_FILE, MAX_LOCK_FILE_BYTES } from './lock-file';
import { stackTerraform } from './stack-digest';

/** A synth output (or one of its files) cannot be read as one; the message names the file and the rule. */
export class PipelineInputError extends Error {}

/** One synthesized stack, read and in comparable form. */
export interface SynthStack extends StackState {
  /** The folder terraform runs in. */
  readonly dir: string;
  /** Its `cdk.tf.json`. */
  readonly file: string;
  /** `cdk.tf.json`, parsed. */
  readonly tf: Record<string, unknown>;
}

/**
 * A stack name becomes a folder name in a plans folder and an argument: letters, digits, `.`, `_`, `-`, not starting
 * with a dot (so never `.` or `..`). cdktf's own stack names (construct ids) and ours (`email-auth-<code>`) fit.
 */
export const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * The stacks of a synth output folder as its manifest lists them (see {@link readSynthManifest}), each read whole and
 * bounded: `cdk.tf.json` (a JSON object) and its lock file, when it has one. Throws {@link PipelineInputError}.
 */
export function readSynthStacks(outdir: string, only?: ReadonlySet<string>): SynthStack[] {
  let listed;
  try {
    listed = readSynthManifest(outdir);
  } catch (e) {
    throw new PipelineInputError((e as Error).message);
  }
  return listed.filter((s) => !only || only.has(s.name)).map(({ name, dir, file }) => {
    if (!STACK_NAME.test(name)) throw new PipelineInputError(`${join(outdir, 'manifest.json')}: ${JSON.stringify(name)} is not a stack name (letters, digits, ".", "_", "-")`);
    if (dirname(file) !== dir) throw new PipelineInputError(`${join(outdir, 'manifest.json')}: stack ${name}'s Terraform file is not in its working folder, where terraform runs`);
    const tf = readJsonObject(file);
    const lockText = readLockFile(join(dir, LOCK_FILE));
    return { name, dir, file, tf, lockText, terraform: withPath(file, () => stackTerraform(tf, lockText)) };
  });
}

/** A regular JSON file holding an object, bounded like every synth file. */
function readJsonObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readSynthFile(file);
  } catch (e) {
    throw new PipelineInputError((e as Error).message);
  }
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (e) {
    throw new PipelineInputError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PipelineInputError(`${file} is not a Terraform JSON configuration: it must hold an object`);
  return value as Record<string, unknown>;
}

/** The text of a stack's lock file; undefined when it has none. */
export function readLockFile(path: string): string | undefined {
  try {
    return readBoundedFile(path, MAX_LOCK_FILE_BYTES).toString('utf8');
  } catch (e) {
    if (e instanceof BoundedFileError && e.code === 'ENOENT') return undefined;
    throw new PipelineInputError(`${path} ${(e as Error).message}`);
  }
}

function withPath<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new PipelineInputError(`${file}: ${(e as Error).message}`);
  }
}
