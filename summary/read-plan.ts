import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { assertPlanJson, TerraformPlanJson } from './from-plan';
import { SummaryInputError } from './input-error';

/** Reads a plan JSON file; every failure is a {@link SummaryInputError} with a one-line reason. */
export function readPlanFile(path: string): TerraformPlanJson {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SummaryInputError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder (give the plan JSON file)' : code ?? String(e)}`);
  }
  // A saved plan (`terraform plan -out`) is a zip archive.
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    throw new SummaryInputError(`${path} is a binary plan file: convert it with \`terraform show -json ${basename(path)} > plan.json\``);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new SummaryInputError(`${path} is not JSON (${(e as Error).message}): expected the output of \`terraform show -json <planfile>\``);
  }
  assertPlanJson(json, path);
  return json;
}

/** File names that say nothing about the stack: the folder names it instead. */
const GENERIC_NAMES = new Set(['plan', 'tfplan', 'terraform', 'show']);

/**
 * The stack a plan file belongs to: the folder when it is a synthesized stack (holds cdk.tf.json) or the file name
 * is generic (`cdktf.out/stacks/email-auth-mosa/plan.json`), else the file name (`plans/email-auth-mosa.json`).
 */
export function stackNameForPlanFile(path: string): string {
  const folder = basename(dirname(resolve(path)));
  const name = basename(path).replace(/(\.plan)?\.json$/i, '').replace(/\.tfplan$/i, '');
  if (existsSync(join(dirname(path), 'cdk.tf.json')) || GENERIC_NAMES.has(name.toLowerCase())) return folder;
  return name;
}
