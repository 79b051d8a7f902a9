import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BoundedFileError, readBoundedFile } from '../io/bounded-file';
import { MAX_SYNTH_FILE_BYTES } from '../tfjson/synth-manifest';
import { PipelineInputError } from './read-synth';

/**
 * Whether terraform reads `name` as configuration of the folder it runs in: `*.tf` and `*.tf.json` (override files
 * included), except the names its loader skips (starting with `.` or `#`, ending with `~`).
 */
export function isTerraformFile(name: string): boolean {
  return /\.tf(\.json)?$/.test(name) && !/^[.#]/.test(name) && !name.endsWith('~');
}

/**
 * The Terraform files of a synthesized stack's folder (what terraform loads when it runs there), by name, read
 * whole: `cdk.tf.json` and any override file beside it. A link or anything that is not a regular file is refused.
 * Throws {@link PipelineInputError}.
 */
export function stackTerraformFiles(dir: string): Map<string, Buffer> {
  let names: string[];
  try {
    names = readdirSync(dir).filter(isTerraformFile).sort();
  } catch (e) {
    throw new PipelineInputError(`${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const files = new Map<string, Buffer>();
  for (const name of names) {
    try {
      files.set(name, readBoundedFile(join(dir, name), MAX_SYNTH_FILE_BYTES, { noFollow: true }));
    } catch (e) {
      if (e instanceof BoundedFileError) throw new PipelineInputError(`${join(dir, name)} ${e.message}`);
      throw e;
    }
  }
  return files;
}
