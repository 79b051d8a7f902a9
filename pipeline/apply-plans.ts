import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileErrorText } from '../io/file-error';
import { sha256File } from './file-hash';
import { PLANS_MANIFEST, PlannedStack, PlansManifest, readPlansManifest } from './plans-manifest';
import { PipelineInputError, SynthStack } from './read-synth';
import { Terraform, terraformError, TIMEOUTS_MS } from './terraform';

/** One plans folder: `DIR/manifest.json` and the plans beside it. */
export interface PlansFolder {
  readonly dir: string;
  readonly manifest: PlansManifest;
}

/**
 * The plans folders under `dir`: `dir` itself when it holds a manifest, else each sub-folder that does (one level:
 * CI downloads each plan job's artifact into a folder of its own). Throws {@link PipelineInputError}.
 */
export function readPlansFolders(dir: string): PlansFolder[] {
  if (existsSync(join(dir, PLANS_MANIFEST))) return [{ dir: resolve(dir), manifest: readPlansManifest(dir) }];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new PipelineInputError(`the plans folder ${dir} ${fileErrorText(e)}`);
  }
  const folders = entries.filter((e) => e.isDirectory() && existsSync(join(dir, e.name, PLANS_MANIFEST))).map((e) => join(dir, e.name));
  if (folders.length === 0) throw new PipelineInputError(`${dir} holds no plans: neither it nor a folder in it has a ${PLANS_MANIFEST} (written by \`email-auth plan --out\`)`);
  return folders.sort().map((f) => ({ dir: resolve(f), manifest: readPlansManifest(f) }));
}

/** A saved plan that may be applied: its stack and its file. */
export interface ApplyTarget {
  readonly stack: SynthStack;
  readonly planFile: string;
  readonly planned: PlannedStack;
}

export interface Refusal {
  readonly stack: string;
  readonly reason: string;
}

export const REPLAN = 're-plan (`email-auth plan`) and review the new plan';

/**
 * Checks every plan with changes against the synth output and its own manifest before anything is applied: the
 * stack's Terraform must be the one that was planned (same digest), and the plan file must be the one whose hash the
 * manifest holds. A plan that failed, a stack listed twice, or plans of different commits refuse the whole set.
 */
export async function checkPlans(folders: readonly PlansFolder[], synth: readonly SynthStack[], synthDir: string): Promise<{ targets: ApplyTarget[]; refusals: Refusal[] }> {
  const refusals: Refusal[] = [];
  const commits = [...new Set(folders.map((f) => f.manifest.commit))];
  if (commits.length > 1) refusals.push({ stack: '*', reason: `the plans are of different commits (${commits.map((c) => c ?? 'unknown').join(', ')}): plan one commit` });
  const byName = new Map(synth.map((s) => [s.name, s]));
  const seen = new Map<string, string>();
  const targets: ApplyTarget[] = [];
  for (const folder of folders) {
    for (const planned of folder.manifest.stacks) {
      const other = seen.get(planned.stack);
      seen.set(planned.stack, folder.dir);
      if (other !== undefined) {
        refusals.push({ stack: planned.stack, reason: `planned twice (${other} and ${folder.dir}): apply one plan per stack` });
        continue;
      }
      if (planned.result === 'error') {
        refusals.push({ stack: planned.stack, reason: `its plan failed, so it was not reviewed: fix it and ${REPLAN}` });
        continue;
      }
      if (planned.result !== 'changes') continue;
      const stack = byName.get(planned.stack);
      if (!stack) {
        refusals.push({ stack: planned.stack, reason: `it is not in the synth output ${synthDir} any more: ${REPLAN}` });
        continue;
      }
      if (stack.terraform.digest !== planned.synthSha256) {
        refusals.push({
          stack: planned.stack,
          reason: `its synthesized Terraform changed since it was planned (planned ${short(planned.synthSha256)}, now ${short(stack.terraform.digest)}): ${REPLAN}`,
        });
        continue;
      }
      const planFile = join(folder.dir, planned.planFile!);
      let actual: string;
      try {
        actual = await sha256File(planFile);
      } catch (e) {
        refusals.push({ stack: planned.stack, reason: `its saved plan cannot be read: ${(e as Error).message}` });
        continue;
      }
      if (actual !== planned.planSha256) {
        refusals.push({ stack: planned.stack, reason: `${planFile} does not match the manifest (${short(actual)}, manifest ${short(planned.planSha256!)}): it is not the plan that was reviewed` });
        continue;
      }
      targets.push({ stack, planFile, planned });
    }
  }
  return { targets, refusals };
}

export type ApplyOutcome = 'applied' | 'stale' | 'error' | 'skipped';

export interface AppliedStack {
  readonly stack: string;
  readonly outcome: ApplyOutcome;
  readonly error?: string;
  readonly seconds: number;
}

/** Terraform's words for a saved plan made against another state (newer serial, or another lineage). */
const STALE = /Saved plan is stale|Saved plan does not match the given state/;

/**
 * Applies each saved plan (`terraform apply plan.tfplan`, in the stack's synthesized folder, after
 * `init -lockfile=readonly`), at most `terraform.parallel` at once. When terraform rejects a plan as stale, no further
 * apply is started (those already running finish): the remedy is a new plan and a new review, never a silent re-plan.
 */
export async function applyPlans(targets: readonly ApplyTarget[], terraform: Terraform, onResult?: (result: AppliedStack, done: number) => void): Promise<AppliedStack[]> {
  let stop = false;
  let done = 0;
  return terraform.each(targets, async ({ stack, planFile }) => {
    const started = process.hrtime.bigint();
    const seconds = () => Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
    const finish = (outcome: ApplyOutcome, error?: string): AppliedStack => {
      const result = { stack: stack.name, outcome, ...(error !== undefined && { error }), seconds: seconds() };
      onResult?.(result, ++done);
      return result;
    };
    if (stop) return finish('skipped');
    const init = await terraform.init(stack.dir, stack.lockText);
    if (init.exitCode !== 0) return finish('error', `terraform init failed:\n${terraformError(init)}`);
    if (stop) return finish('skipped');
    const apply = await terraform.run(['apply', '-input=false', '-no-color', planFile], stack.dir, { timeoutMs: TIMEOUTS_MS.apply });
    if (apply.exitCode === 0) return finish('applied');
    if (STALE.test(`${apply.stderr}\n${apply.stdout}`)) {
      stop = true;
      return finish('stale', terraformError(apply));
    }
    return finish('error', `terraform apply failed:\n${terraformError(apply)}`);
  });
}

const short = (digest: string) => digest.slice(0, 'sha256:'.length + 12);
