import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { nestingBeyond, parseJsonText } from '../io/json-text';
import { configurationProblems } from './configuration-guard';
import { planDifferences, PlanDifference } from './plan-comparison';
import { planConfigurationFiles, PlanSnapshotError, snapshotDifferences } from './plan-snapshot';
import { PlannedStack } from './plans-manifest';
import { PipelineInputError, SynthStack } from './read-synth';
import { ArtifactError, PlansFolder, readPlanJsonFile, readReviewedPlanJson, readSavedPlan, REVIEWED_PLAN_LIMITS } from './reviewed-plans';
import { MAX_DEPTH } from './stack-digest';
import { stackTerraformFiles } from './stack-files';
import { Terraform, terraformError, TIMEOUTS_MS } from './terraform';

// What `apply` trusts, and what it checks (docs/pipelines.md, "What deploy verifies"): the merged commit's synth
// output, made by the deploy job's own code, is the only trusted input. A plans folder is evidence of what was
// reviewed, never something to run: its plan file is not applied; the stack is planned afresh from the trusted synth,
// and that fresh plan is applied only when its changes are the reviewed plan.json's changes. Every check of every
// stack and every folder comes first, then the applies.

export interface Refusal {
  readonly stack: string;
  readonly reason: string;
}

export const REPLAN = 're-plan (`email-auth plan`) and review the new plan';

/**
 * What to do when a stack that changed has no reviewed plan: it must be planned and reviewed before it can be applied.
 */
export const PLAN_MISSING =
  'it changed, and no reviewed plan covers it: have it planned and reviewed (re-run the pull request\'s run when its ' +
  'plans expired or were never made, or open a pull request from the current main: an empty commit will do)';

/** A reviewed plan that passed every check made without terraform. */
export interface CheckedPlan {
  /** The stack, from the trusted synth output. */
  readonly stack: SynthStack;
  readonly folder: PlansFolder;
  readonly planned: PlannedStack;
  /** The reviewed `plan.json`, parsed (shape unchecked: the comparison checks it). */
  readonly reviewed: unknown;
  /** The reviewed `plan.tfplan`, read once; its configuration snapshot is the trusted stack's, byte for byte. */
  readonly savedPlan: Buffer;
}

export interface CheckOptions {
  /** The trusted synth output folder, to name it. */
  readonly synthDir: string;
  /**
   * Stacks that must each have a reviewed plan: those the commit changes, computed by trusted code from two trusted
   * synth outputs (`apply --changed-from`). Undefined: only the stacks the plans name are checked.
   */
  readonly required?: readonly string[];
}

/**
 * The checks that need no terraform, for every stack of every folder, before anything runs: plans of one commit;
 * each stack planned once, successfully, and still in the trusted synth output; each required stack planned; the
 * trusted stack's Terraform holds only what synth writes (the configuration guard); its plan file is a bounded archive
 * whose configuration snapshot is the trusted stack's files, byte for byte; its plan.json can be read. Nothing the
 * manifest says about itself (hashes, results) is relied upon.
 */
export function checkPlans(folders: readonly PlansFolder[], synth: readonly SynthStack[], options: CheckOptions): { checked: CheckedPlan[]; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const refuse = (stack: string, reason: string) => refusals.push({ stack, reason });
  const commits = [...new Set(folders.map((f) => f.manifest.commit))];
  if (commits.length > 1) refuse('*', `the plans are of different commits (${commits.map((c) => c ?? 'unknown').join(', ')}): plan one commit`);
  const byName = new Map(synth.map((s) => [s.name, s]));
  const seen = new Map<string, string>();
  const checked: CheckedPlan[] = [];
  for (const folder of folders) {
    for (const planned of folder.manifest.stacks) {
      const other = seen.get(planned.stack);
      seen.set(planned.stack, folder.dir);
      if (other !== undefined) {
        refuse(planned.stack, `planned twice (${other} and ${folder.dir}): apply one plan per stack`);
        continue;
      }
      if (planned.result === 'error') {
        refuse(planned.stack, `its plan failed, so it was not reviewed: fix it and ${REPLAN}`);
        continue;
      }
      const stack = byName.get(planned.stack);
      if (!stack) {
        refuse(planned.stack, `it is not in the synth output ${options.synthDir}: ${REPLAN}`);
        continue;
      }
      const files = stackTerraformFiles(stack.dir);
      const problems = guardProblems(files);
      if (problems.length > 0) {
        for (const problem of problems) refuse(stack.name, `configuration guard: ${problem}`);
        continue;
      }
      let reviewed: unknown;
      let savedPlan: Buffer;
      let snapshot: Map<string, Uint8Array>;
      try {
        reviewed = readReviewedPlanJson(folder, planned);
        savedPlan = readSavedPlan(folder, planned);
        snapshot = planConfigurationFiles(savedPlan);
      } catch (e) {
        if (e instanceof PlanSnapshotError) refuse(stack.name, `its plan file ${join(folder.dir, planned.planFile!)} ${e.message}: it is not a plan that \`email-auth plan\` made`);
        else if (e instanceof ArtifactError) refuse(stack.name, `${e.message}: it is not what \`email-auth plan\` wrote`);
        else throw e;
        continue;
      }
      const differences = snapshotDifferences(snapshot, files);
      if (differences.length > 0) {
        refuse(stack.name, `its plan file's configuration is not this commit's synth (${differences.join('; ')}): the stack changed since it was planned, or the plan was made from other Terraform; ${REPLAN}`);
        continue;
      }
      checked.push({ stack, folder, planned, reviewed, savedPlan });
    }
  }
  for (const name of options.required ?? []) if (!seen.has(name)) refuse(name, PLAN_MISSING);
  return { checked, refusals };
}

/** The configuration guard over every Terraform file terraform would load in the stack's folder, as lines. */
function guardProblems(files: ReadonlyMap<string, Buffer>): string[] {
  const lines: string[] = [];
  for (const [name, bytes] of files) {
    if (!name.endsWith('.tf.json')) {
      lines.push(`${name}: synth writes no HCL (.tf) file`);
      continue;
    }
    const deep = nestingBeyond(bytes, MAX_DEPTH);
    if (deep !== undefined) {
      lines.push(`${name}: nested more than ${MAX_DEPTH} levels deep`);
      continue;
    }
    let tf: unknown;
    try {
      tf = parseJsonText(bytes.toString('utf8'));
    } catch (e) {
      lines.push(`${name}: not JSON (${(e as Error).message})`);
      continue;
    }
    for (const p of configurationProblems(name, tf)) lines.push(`${p.file}: ${p.element}: ${p.rule}`);
  }
  return lines;
}

/** A stack whose fresh plan (made here, from the trusted synth) has the reviewed changes. */
export interface VerifiedPlan {
  readonly stack: SynthStack;
  /** The fresh saved plan, in the work folder: what `applyPlans` applies. */
  readonly planFile: string;
  /** Whether it changes anything (terraform plan's exit code 2). */
  readonly changes: boolean;
}

/** One line of progress: a stack and what became of it. */
export type VerifyProgress = (stack: string, outcome: string) => void;

/**
 * The checks that need terraform, for every stack before any is applied, each step for all stacks before the next:
 * 1. `init`, then `show -json` of the reviewed plan file (a copy, in `workDir`): terraform's own reading of it must be
 *    the reviewed plan.json. This needs no provider API, so a plan.json that hides changes is refused before any call.
 * 2. a fresh `plan -out` from the trusted synth, and its `show -json`: its changes must be the reviewed plan.json's
 *    (same resources, actions, before and after values). The state may have moved since the review: then they differ.
 * Any refusal stops everything: `verified` is then empty.
 */
export async function verifyPlans(checked: readonly CheckedPlan[], terraform: Terraform, workDir: string, progress?: VerifyProgress): Promise<{ verified: VerifiedPlan[]; refusals: Refusal[] }> {
  const refusals: Refusal[] = [];
  const folderOf = (plan: CheckedPlan) => {
    const dir = join(workDir, plan.stack.name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  const readings = await terraform.each(checked, async (plan): Promise<Refusal | undefined> => {
    const dir = folderOf(plan);
    const init = await terraform.init(plan.stack.dir, plan.stack.lockText);
    if (init.exitCode !== 0) return { stack: plan.stack.name, reason: `terraform init failed:\n${terraformError(init)}` };
    const copy = join(dir, 'reviewed.tfplan');
    writeFileSync(copy, plan.savedPlan, { mode: 0o600 });
    const shown = await showJson(terraform, plan.stack.dir, copy, join(dir, 'reviewed.json'));
    if (typeof shown === 'string') return { stack: plan.stack.name, reason: `terraform cannot read its plan file: ${shown}` };
    const differences = planDifferences(plan.reviewed, shown);
    if (differences.length > 0) return { stack: plan.stack.name, reason: `its plan.json is not terraform's reading of its plan file: ${differenceText(differences)}` };
    progress?.(plan.stack.name, 'plan file and plan.json agree');
    return undefined;
  });
  refusals.push(...readings.filter((r): r is Refusal => r !== undefined));
  if (refusals.length > 0) return { verified: [], refusals };

  const fresh = await terraform.each(checked, async (plan): Promise<Refusal | VerifiedPlan> => {
    const dir = folderOf(plan);
    const planFile = join(dir, 'fresh.tfplan');
    // -lock=false, as in `plan`: a plan only reads the state; terraform refuses to apply it if the state moves before.
    const run = await terraform.run(['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', `-out=${planFile}`], plan.stack.dir, { timeoutMs: TIMEOUTS_MS.plan });
    if (run.exitCode !== 0 && run.exitCode !== 2) return { stack: plan.stack.name, reason: `terraform plan failed:\n${terraformError(run)}` };
    const shown = await showJson(terraform, plan.stack.dir, planFile, join(dir, 'fresh.json'));
    if (typeof shown === 'string') return { stack: plan.stack.name, reason: shown };
    const differences = planDifferences(plan.reviewed, shown);
    if (differences.length > 0) {
      return { stack: plan.stack.name, reason: `the plan of this commit's synth is not the reviewed plan: ${differenceText(differences)}; the state or the Terraform moved since the review: ${REPLAN}` };
    }
    progress?.(plan.stack.name, run.exitCode === 2 ? 'the reviewed changes, verified' : 'no changes, as reviewed');
    return { stack: plan.stack, planFile, changes: run.exitCode === 2 };
  });
  for (const r of fresh) if ('reason' in r) refusals.push(r);
  if (refusals.length > 0) return { verified: [], refusals };
  return { verified: fresh as VerifiedPlan[], refusals };
}

/** `terraform show -json PLANFILE` into `out`, read back bounded; the error text when it fails. */
async function showJson(terraform: Terraform, cwd: string, planFile: string, out: string): Promise<unknown> {
  const show = await terraform.run(['show', '-json', '-no-color', planFile], cwd, {
    timeoutMs: TIMEOUTS_MS.show,
    stdoutFile: { path: out, maxBytes: REVIEWED_PLAN_LIMITS.planJsonBytes },
  });
  if (show.exitCode !== 0) return `terraform show -json failed:\n${terraformError(show)}`;
  try {
    return readPlanJsonFile(dirname(out), basename(out));
  } catch (e) {
    if (e instanceof ArtifactError || e instanceof PipelineInputError) return e.message;
    throw e;
  }
}

/** Differences as one line: `address: what; …`, at most 10 named. */
function differenceText(differences: readonly PlanDifference[]): string {
  const named = differences.slice(0, 10).map((d) => `${d.address}: ${d.what}`);
  return differences.length > 10 ? `${named.join('; ')}; and ${differences.length - 10} more` : named.join('; ');
}

export type ApplyOutcome = 'applied' | 'stale' | 'error' | 'skipped';

export interface AppliedStack {
  readonly stack: string;
  readonly outcome: ApplyOutcome;
  readonly error?: string;
  readonly seconds: number;
}

/** A plan to apply: the stack and its (fresh, verified) saved plan. */
export interface ApplyTarget {
  readonly stack: SynthStack;
  readonly planFile: string;
}

/** Terraform's words for a saved plan made against another state (newer serial, or another lineage). */
const STALE = /Saved plan is stale|Saved plan does not match the given state/;

/**
 * Applies each saved plan (`terraform apply PLANFILE`, in the stack's synthesized folder), at most
 * `terraform.parallel` at once. When terraform rejects a plan as stale, no further apply is started (those already
 * running finish): the remedy is a new plan and a new review, never a silent re-plan.
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
    const apply = await terraform.run(['apply', '-input=false', '-no-color', planFile], stack.dir, { timeoutMs: TIMEOUTS_MS.apply });
    if (apply.exitCode === 0) return finish('applied');
    if (STALE.test(`${apply.stderr}\n${apply.stdout}`)) {
      stop = true;
      return finish('stale', terraformError(apply));
    }
    return finish('error', `terraform apply failed:\n${terraformError(apply)}`);
  });
}
