import { fileErrorText } from '../io/file-error';
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { nestingBeyond, parseJsonText } from '../io/json-text';
import { SummaryInputError } from './input-error';
import { assertPlanJson, TerraformPlanJson } from './plan-json';

export { nestingBeyond };

/**
 * Limits on a plan file, so that a hostile or mistaken one cannot exhaust memory or the stack. A plan of one stack of
 * this project is a few kilobytes and nests about 10 levels; a whole workspace's plan with many resources stays far
 * below these.
 */
export const PLAN_LIMITS = {
  /** Bytes read from one plan file. */
  maxBytes: 32 * 1024 * 1024,
  /** Depth of nested objects and arrays. */
  maxDepth: 128,
} as const;

/** Reads a plan JSON file; every failure is a {@link SummaryInputError} with a one-line reason. */
export function readPlanFile(path: string, limits: { maxBytes: number; maxDepth: number } = PLAN_LIMITS): TerraformPlanJson {
  return parsePlanBytes(readBounded(path, limits.maxBytes), path, limits);
}

/**
 * A plan JSON document from its bytes (read by the caller, bounded); `path` names it in errors. A file that is not
 * JSON is named with the position where it stops being JSON, never with its content: a plans folder is a CI artifact,
 * and its files may point anywhere.
 */
export function parsePlanBytes(bytes: Buffer, path: string, limits: { maxDepth: number } = PLAN_LIMITS): TerraformPlanJson {
  // A saved plan (`terraform plan -out`) is a zip archive.
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    throw new SummaryInputError(`${path} is a binary plan file: convert it with \`terraform show -json ${basename(path)} > plan.json\``);
  }
  const depth = nestingBeyond(bytes, limits.maxDepth);
  if (depth !== undefined) throw new SummaryInputError(`${path} nests objects and lists deeper than ${limits.maxDepth} levels (at byte ${depth}): not a Terraform plan`);
  let json: unknown;
  try {
    json = parseJsonText(bytes.toString('utf8'));
  } catch (e) {
    throw new SummaryInputError(`${path} is not JSON (${(e as Error).message}): expected the output of \`terraform show -json <planfile>\``);
  }
  assertPlanJson(json, path);
  return json;
}

/** The file's bytes, refused beyond `max`; only regular files (a FIFO or `/dev/zero` would block or never end). */
function readBounded(path: string, max: number): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe must not wait for a writer; the type check below then refuses it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new SummaryInputError(`${path} ${reason(e)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new SummaryInputError(`${path} is a folder (give the plan JSON file)`);
    if (!stat.isFile()) throw new SummaryInputError(`${path} is not a regular file (a device, pipe or socket)`);
    if (stat.size > max) throw new SummaryInputError(`${path} is ${megabytes(stat.size)}: plan files over ${megabytes(max)} are refused`);
    // Read at most max + 1 bytes: the file may grow after the size check.
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > max) throw new SummaryInputError(`${path} is over ${megabytes(max)}: plan files over ${megabytes(max)} are refused`);
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof SummaryInputError) throw e;
    throw new SummaryInputError(`${path} ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}

/** Why the plan file cannot be read, in words (never node's error code alone). */
function reason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a folder (give the plan JSON file)' : fileErrorText(e);
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
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
