import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sha256File } from './file-hash';
import { LOCK_FILE, LockFileError, parseLockFile } from './lock-file';
import { PLAN_FILE, PLAN_JSON, PLANS_MANIFEST, PlannedStack } from './plans-manifest';
import { lockProblems, requiredProviders } from './provider-requirements';
import { PipelineInputError, STACK_NAME, SynthStack } from './read-synth';
import { Terraform, terraformError, TIMEOUTS_MS } from './terraform';

/** `terraform show -json` of one of our stacks is kilobytes; a bound on what a plan may write. */
export const MAX_PLAN_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Plans each stack in its synthesized folder (so `*_override.tf.json` files beside `cdk.tf.json` take part), at most
 * `terraform.parallel` at once: `init -lockfile=readonly`, `plan -detailed-exitcode -lock=false -out`, `show -json`.
 * Writes `<out>/<stack>/plan.tfplan` and `plan.json`. A stack that fails is one `error` result (with terraform's
 * text); the others go on. `onResult` is called as each stack finishes.
 */
export async function planStacks(
  stacks: readonly SynthStack[],
  out: string,
  terraform: Terraform,
  onResult?: (result: PlannedStack, done: number) => void,
): Promise<PlannedStack[]> {
  let done = 0;
  return terraform.each(stacks, async (stack) => {
    const result = await planStack(stack, resolve(out), terraform);
    onResult?.(result, ++done);
    return result;
  });
}

async function planStack(stack: SynthStack, out: string, terraform: Terraform): Promise<PlannedStack> {
  const started = process.hrtime.bigint();
  const seconds = () => Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  const folder = join(out, stack.name);
  rmSync(folder, { recursive: true, force: true });
  const failed = (error: string): PlannedStack => {
    rmSync(folder, { recursive: true, force: true });
    return { stack: stack.name, synthSha256: stack.terraform.digest, result: 'error', error, seconds: seconds() };
  };

  let locked;
  try {
    locked = stack.lockText === undefined ? undefined : parseLockFile(stack.lockText, join(stack.dir, LOCK_FILE));
  } catch (e) {
    if (e instanceof LockFileError) return failed(e.message);
    throw e;
  }
  const problems = lockProblems(requiredProviders(stack.tf), locked);
  if (problems.length > 0) return failed(problems.join('\n'));

  mkdirSync(folder, { recursive: true });
  const planFile = join(folder, PLAN_FILE);
  const init = await terraform.init(stack.dir, stack.lockText);
  if (init.exitCode !== 0) return failed(`terraform init failed:\n${terraformError(init)}`);
  // -lock=false: a plan reads the state and never writes it; a saved plan that is applied after the state changed
  // is rejected by terraform as stale, so no state lock is needed (and a PR job must not block a deploy).
  const plan = await terraform.run(['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', `-out=${planFile}`], stack.dir, { timeoutMs: TIMEOUTS_MS.plan });
  if (plan.exitCode !== 0 && plan.exitCode !== 2) return failed(`terraform plan failed:\n${terraformError(plan)}`);
  const show = await terraform.run(['show', '-json', '-no-color', planFile], stack.dir, {
    timeoutMs: TIMEOUTS_MS.show,
    stdoutFile: { path: join(folder, PLAN_JSON), maxBytes: MAX_PLAN_JSON_BYTES },
  });
  if (show.exitCode !== 0) return failed(`terraform show -json failed:\n${terraformError(show)}`);
  return {
    stack: stack.name,
    synthSha256: stack.terraform.digest,
    result: plan.exitCode === 2 ? 'changes' : 'no-changes',
    planSha256: await sha256File(planFile),
    planFile: `${stack.name}/${PLAN_FILE}`,
    planJson: `${stack.name}/${PLAN_JSON}`,
    seconds: seconds(),
  };
}

/**
 * Makes `out` ready for a new set of plans: created when missing; a plans folder of an earlier run is emptied (its
 * manifest and stack folders), so no old plan can be mistaken for a new one. Any other non-empty folder is refused.
 */
export function preparePlansFolder(out: string): void {
  if (!existsSync(out)) {
    mkdirSync(out, { recursive: true });
    return;
  }
  const entries = readdirSync(out, { withFileTypes: true });
  if (entries.length === 0) return;
  if (!entries.some((e) => e.name === PLANS_MANIFEST && e.isFile())) {
    throw new PipelineInputError(`${out} is not empty and is not a plans folder (no ${PLANS_MANIFEST}): give an empty or new folder to --out`);
  }
  rmSync(join(out, PLANS_MANIFEST));
  for (const e of entries) if (e.isDirectory() && STACK_NAME.test(e.name)) rmSync(join(out, e.name), { recursive: true, force: true });
}
