import { renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { BoundedFileError } from '../io/bounded-file';
import { readContainedFile } from '../io/contained-file';
import { parseJsonText } from '../io/json-text';
import { PipelineInputError, STACK_NAME } from './read-synth';

/**
 * A plans folder, as `email-auth plan --out DIR` writes it:
 *
 *     DIR/manifest.json              this file
 *     DIR/<stack>/plan.tfplan        the saved plan (`terraform plan -out`), what `apply` applies
 *     DIR/<stack>/plan.json          `terraform show -json` of it, what the summary reads
 */
export const PLANS_MANIFEST = 'manifest.json';
export const PLAN_FILE = 'plan.tfplan';
export const PLAN_JSON = 'plan.json';
const FORMAT = 'email-auth-plans/1';
/** Thousands of stacks take well under a megabyte (error texts are bounded). */
export const MAX_PLANS_MANIFEST_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_CHARS = 64 * 1024;

export type PlanOutcome = 'changes' | 'no-changes' | 'error';

export interface PlannedStack {
  readonly stack: string;
  /** The stack's Terraform when it was planned (`sha256:…` of cdk.tf.json without metadata, plus its lock file). */
  readonly synthSha256: string;
  readonly result: PlanOutcome;
  /** `sha256:…` of the saved plan file; absent when the plan failed. */
  readonly planSha256?: string;
  /** The saved plan and its JSON, relative to the plans folder; absent when the plan failed. */
  readonly planFile?: string;
  readonly planJson?: string;
  /** Terraform's error text, for `error`. */
  readonly error?: string;
  /** Wall time of init, plan and show. */
  readonly seconds: number;
}

export interface PlansManifest {
  readonly format: typeof FORMAT;
  /** The commit the stacks were synthesized from (git HEAD, else GITHUB_SHA); null when neither is known. */
  readonly commit: string | null;
  readonly terraformVersion: string | null;
  readonly stacks: readonly PlannedStack[];
}

export function plansManifest(commit: string | null, terraformVersion: string | null, stacks: readonly PlannedStack[]): PlansManifest {
  return { format: FORMAT, commit, terraformVersion, stacks };
}

/** Writes `DIR/manifest.json` whole (a temporary file renamed over it): a reader never sees half of one. */
export function writePlansManifest(dir: string, manifest: PlansManifest): void {
  const path = join(dir, PLANS_MANIFEST);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temp, path);
}

/**
 * Reads and checks `DIR/manifest.json`; throws {@link PipelineInputError} naming the file and the rule. A plans folder
 * is a CI artifact, written by whoever controlled the job that made it: the manifest is read only as a regular file
 * inside DIR (never through a link), and an error names its position, never its content.
 */
export function readPlansManifest(dir: string): PlansManifest {
  const path = join(dir, PLANS_MANIFEST);
  let text: string;
  try {
    text = readContainedFile(dir, PLANS_MANIFEST, MAX_PLANS_MANIFEST_BYTES).toString('utf8');
  } catch (e) {
    if (e instanceof BoundedFileError && e.code === 'ENOENT') throw new PipelineInputError(`${dir} is not a plans folder: ${PLANS_MANIFEST} is missing (written by \`email-auth plan --out\`)`);
    throw new PipelineInputError(`${path} ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (e) {
    throw new PipelineInputError(`${path} is not JSON: ${(e as Error).message}`);
  }
  return checkManifest(value, path, resolve(dir));
}

function checkManifest(value: unknown, path: string, root: string): PlansManifest {
  const fail = (why: string): never => {
    throw new PipelineInputError(`${path}: ${why}`);
  };
  const m = value as Partial<Record<keyof PlansManifest, unknown>> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m) || m.format !== FORMAT) fail(`not a plans manifest (no "format": "${FORMAT}")`);
  const commit = m!.commit;
  if (commit !== null && (typeof commit !== 'string' || !/^[0-9a-f]{7,64}$/.test(commit))) fail('"commit" must be a commit hash or null');
  const version = m!.terraformVersion;
  if (version !== null && (typeof version !== 'string' || !/^[0-9A-Za-z.+-]{1,64}$/.test(version))) fail('"terraformVersion" must be a version or null');
  if (!Array.isArray(m!.stacks)) fail('"stacks" must be a list');
  const seen = new Set<string>();
  const stacks = (m!.stacks as unknown[]).map((entry, i) => {
    const where = `stacks[${i}]`;
    const s = entry as Record<string, unknown> | null;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return fail(`${where} must be an object`);
    if (typeof s.stack !== 'string' || !STACK_NAME.test(s.stack)) return fail(`${where}.stack must be a stack name (letters, digits, ".", "_", "-")`);
    if (seen.has(s.stack)) fail(`${where}: stack ${s.stack} is listed twice`);
    seen.add(s.stack);
    if (!isHash(s.synthSha256)) fail(`${where}.synthSha256 must be "sha256:" and 64 hex digits`);
    if (s.result !== 'changes' && s.result !== 'no-changes' && s.result !== 'error') fail(`${where}.result must be changes, no-changes or error`);
    if (typeof s.seconds !== 'number' || !Number.isFinite(s.seconds) || s.seconds < 0) fail(`${where}.seconds must be a number`);
    if (s.error !== undefined && (typeof s.error !== 'string' || s.error.length > MAX_ERROR_CHARS)) fail(`${where}.error must be text of at most ${MAX_ERROR_CHARS} characters`);
    const planned = s.result !== 'error';
    if (planned && !isHash(s.planSha256)) fail(`${where}.planSha256 must be "sha256:" and 64 hex digits`);
    const files = planned ? { planFile: inside(s.planFile, `${where}.planFile`), planJson: inside(s.planJson, `${where}.planJson`) } : {};
    return {
      stack: s.stack,
      synthSha256: s.synthSha256 as string,
      result: s.result as PlanOutcome,
      ...(planned && { planSha256: s.planSha256 as string }),
      ...files,
      ...(typeof s.error === 'string' && { error: s.error }),
      seconds: s.seconds as number,
    };
  });
  return { format: FORMAT, commit: commit as string | null, terraformVersion: version as string | null, stacks };

  /** A relative path that stays inside the plans folder. */
  function inside(rel: unknown, where: string): string {
    if (typeof rel !== 'string' || rel.length === 0 || rel.length > 1024 || rel.includes('\0')) return fail(`${where} must be a path inside the plans folder`);
    const up = relative(root, resolve(root, rel));
    if (isAbsolute(rel) || up === '' || up.startsWith('..') || isAbsolute(up)) fail(`${where} points outside the plans folder (${JSON.stringify(rel)})`);
    return rel;
  }
}

const isHash = (v: unknown): v is string => typeof v === 'string' && /^sha256:[0-9a-f]{64}$/.test(v);
