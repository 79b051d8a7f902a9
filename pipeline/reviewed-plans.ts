// The one reader of plans folders for `apply`. A plans folder is a CI artifact: whoever controlled the job that made
// it (a pull request's code, a fork's workflow, any action of that job) decided every byte of it. Nothing here is
// trusted: the manifest, plan.json and plan.tfplan are read as regular files inside the folder (never through a link),
// bounded in size and nesting, and errors name files and positions, never content. What they claim is then checked
// against the merged commit's own synth (apply-plans.ts).
import { lstatSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BoundedFileError } from '../io/bounded-file';
import { fileErrorText } from '../io/file-error';
import { readContainedFile } from '../io/contained-file';
import { nestingBeyond, parseJsonText } from '../io/json-text';
import { PLANS_MANIFEST, PlannedStack, PlansManifest, readPlansManifest } from './plans-manifest';
import { PipelineInputError } from './read-synth';

/** One plans folder: `DIR/manifest.json` and the plans beside it. */
export interface PlansFolder {
  readonly dir: string;
  readonly manifest: PlansManifest;
}

/** Bounds on what is read from a plans folder: a plan of one of our stacks is kilobytes, and nests about 10 levels. */
export const REVIEWED_PLAN_LIMITS = {
  /** `plan.json` (and terraform's own `show -json` output, read back the same way). */
  planJsonBytes: 32 * 1024 * 1024,
  planJsonDepth: 128,
  /** `plan.tfplan`, read whole into memory once (it is copied, never used in place). */
  planFileBytes: 64 * 1024 * 1024,
} as const;

/** A file of a plans folder that cannot be used; the message names it and says why. */
export class ArtifactError extends Error {}

/**
 * The plans folders under `dir`: `dir` itself when it holds a manifest, else each sub-folder that does (one level:
 * CI downloads each plan job's artifact into a folder of its own). A link among the sub-folders is refused, not
 * followed. An empty `dir` has no plans folder: `[]`. Throws {@link PipelineInputError} when `dir` cannot be read or a
 * manifest is not one.
 */
export function readPlansFolders(dir: string): PlansFolder[] {
  let own;
  try {
    own = lstatSync(join(dir, PLANS_MANIFEST), { throwIfNoEntry: false });
  } catch (e) {
    throw new PipelineInputError(`the plans folder ${dir} ${fileErrorText(e)}`);
  }
  if (own) return [{ dir: resolve(dir), manifest: readPlansManifest(dir) }];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new PipelineInputError(`the plans folder ${dir} ${fileErrorText(e)}`);
  }
  const links = entries.filter((e) => e.isSymbolicLink()).map((e) => e.name);
  if (links.length > 0) throw new PipelineInputError(`${dir} holds symbolic links (${links.slice(0, 5).map((l) => JSON.stringify(l)).join(', ')}): plans folders are not followed through links`);
  const folders = entries.filter((e) => e.isDirectory() && lstatSync(join(dir, e.name, PLANS_MANIFEST), { throwIfNoEntry: false }) !== undefined).map((e) => join(dir, e.name));
  return folders.sort().map((f) => ({ dir: resolve(f), manifest: readPlansManifest(f) }));
}

/** The reviewed `plan.json` of a planned stack, parsed; throws {@link ArtifactError}. */
export function readReviewedPlanJson(folder: PlansFolder, planned: PlannedStack): unknown {
  return readPlanJsonFile(folder.dir, planned.planJson!);
}

/**
 * A `terraform show -json` document from `root/rel`, bounded in bytes and nesting; throws {@link ArtifactError}
 * naming the file (and the position where it stops being JSON).
 */
export function readPlanJsonFile(root: string, rel: string): unknown {
  const path = join(root, rel);
  const bytes = read(root, rel, REVIEWED_PLAN_LIMITS.planJsonBytes);
  const deep = nestingBeyond(bytes, REVIEWED_PLAN_LIMITS.planJsonDepth);
  if (deep !== undefined) throw new ArtifactError(`${path} nests deeper than ${REVIEWED_PLAN_LIMITS.planJsonDepth} levels (at byte ${deep}): not a Terraform plan`);
  try {
    return parseJsonText(bytes.toString('utf8'));
  } catch (e) {
    throw new ArtifactError(`${path} is not JSON (${(e as Error).message})`);
  }
}

/** The bytes of a planned stack's saved plan (`plan.tfplan`); throws {@link ArtifactError}. */
export function readSavedPlan(folder: PlansFolder, planned: PlannedStack): Buffer {
  return read(folder.dir, planned.planFile!, REVIEWED_PLAN_LIMITS.planFileBytes);
}

function read(root: string, rel: string, limit: number): Buffer {
  try {
    return readContainedFile(root, rel, limit);
  } catch (e) {
    if (e instanceof BoundedFileError) throw new ArtifactError(`${join(root, rel)} ${e.code === 'ENOENT' ? 'is missing' : e.message}`);
    throw e;
  }
}
