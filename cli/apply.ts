import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminalText } from '../model/terminal-text';
import { AppliedStack, applyPlans, checkPlans, Refusal, REPLAN, verifyPlans } from '../pipeline/apply-plans';
import { changeSet, stacksToPlan } from '../pipeline/change-set';
import { PipelineInputError, readSynthStacks, SynthStack } from '../pipeline/read-synth';
import { PlansFolder, readPlansFolders } from '../pipeline/reviewed-plans';
import { Command, EXIT, Io, UsageError } from './command';
import { APPLY } from './commands/apply';
import { secondsText, terraformErrorLines, terraformFromFlags, withFsMirror } from './pipeline-options';
import { OptionValues } from './spec';
import { synthTarget } from './synth-output';

/**
 * `apply --plans DIR [--changed-from BASE_SYNTH_DIR]`: applies what was reviewed, re-planned from this commit's synth
 * (see pipeline/apply-plans.ts). Exit 0: everything applied, or nothing needed applying; 1: a plan was refused, an
 * apply failed or was stale (nothing is applied when any plan is refused); 2: a usage error, or a plans folder or synth
 * output that cannot be read.
 */
export const apply: Command<typeof APPLY> = {
  run: ({ values }, io) => withFsMirror(values['fs-mirror'], io, (io) => runApply(values, io)),
};

async function runApply(values: OptionValues<typeof APPLY>, io: Io): Promise<number> {
  if (values.plans === undefined) throw new UsageError('--plans DIR is required: the plans folder written by `email-auth plan --out` (or a folder of them)');
  const terraform = terraformFromFlags(values, io);
  const synthDir = values.synth ?? synthTarget(io.env);
  let folders: PlansFolder[];
  let synth: SynthStack[];
  let required: string[] | undefined;
  try {
    folders = readPlansFolders(values.plans);
    if (folders.length === 0 && values['changed-from'] === undefined) {
      throw new PipelineInputError(`${values.plans} holds no plans: neither it nor a folder in it has a manifest.json (written by \`email-auth plan --out\`)`);
    }
    synth = readSynthStacks(synthDir);
    if (values['changed-from'] !== undefined) {
      const set = changeSet(readSynthStacks(values['changed-from']), synth);
      required = stacksToPlan(set);
      for (const { stack, reason } of set.removed) io.err(terminalText(`warning: ${stack}: ${reason}`));
    }
  } catch (e) {
    if (!(e instanceof PipelineInputError)) throw e;
    io.err(terminalText(`apply: ${e.message}`));
    return EXIT.usage;
  }
  const commits = [...new Set(folders.map((f) => f.manifest.commit ?? 'unknown commit'))];
  const planned = folders.reduce((n, f) => n + f.manifest.stacks.length, 0);
  io.err(terminalText(`${planned} reviewed plan${planned === 1 ? '' : 's'} of ${commits.join(', ') || 'no commit'} in ${values.plans}${required ? `; ${required.length} stack${required.length === 1 ? '' : 's'} changed since ${values['changed-from']}` : ''}`));

  let checked;
  try {
    checked = checkPlans(folders, synth, { synthDir, ...(required && { required }) });
  } catch (e) {
    if (!(e instanceof PipelineInputError)) throw e;
    io.err(terminalText(`apply: ${e.message}`));
    return EXIT.usage;
  }
  if (checked.refusals.length > 0) return refused(checked.refusals, io);
  if (checked.checked.length === 0) {
    io.out('nothing to apply: no stack changed and no plan was given');
    return EXIT.ok;
  }

  const work = mkdtempSync(join(tmpdir(), 'email-auth-apply-'));
  try {
    io.err(`verifying ${checked.checked.length} plan${checked.checked.length === 1 ? '' : 's'} against a fresh plan of this commit, ${terraform.parallel} at a time`);
    const { verified, refusals } = await verifyPlans(checked.checked, terraform, work, (stack, outcome) => io.err(terminalText(`  ${stack}: ${outcome}`)));
    if (refusals.length > 0) return refused(refusals, io);
    const targets = verified.filter((v) => v.changes);
    if (targets.length === 0) {
      io.out(`nothing to apply: ${verified.length} reviewed plan${verified.length === 1 ? '' : 's'} without changes, verified`);
      return EXIT.ok;
    }
    io.err(`applying ${targets.length} verified plan${targets.length === 1 ? '' : 's'}, ${terraform.parallel} at a time`);
    const results = await applyPlans(targets, terraform, (r, done) => printResult(r, done, targets.length, io));
    const count = (o: AppliedStack['outcome']) => results.filter((r) => r.outcome === o).length;
    io.out(`${count('applied')} applied, ${count('error')} failed, ${count('stale')} stale, ${count('skipped')} not started`);
    if (count('stale') > 0) {
      io.err(`terraform rejected a plan as stale (the state changed after the plan was made): ${REPLAN}; the plans not started were left as they are`);
    }
    return results.every((r) => r.outcome === 'applied') ? EXIT.ok : EXIT.failed;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function refused(refusals: readonly Refusal[], io: Io): number {
  for (const { stack, reason } of refusals) {
    const [first, ...rest] = reason.split('\n');
    io.err(terminalText(`refused: ${stack}: ${first}`));
    if (rest.length > 0) terraformErrorLines(rest.join('\n'), 'plan').forEach((line) => io.err(line));
  }
  const stacks = new Set(refusals.map((r) => r.stack)).size;
  io.err(`nothing was applied: ${stacks} stack${stacks === 1 ? '' : 's'} refused`);
  return EXIT.failed;
}

function printResult(r: AppliedStack, done: number, total: number, io: Io): void {
  const width = String(total).length;
  const what = r.outcome === 'stale' ? 'stale: re-plan' : r.outcome === 'skipped' ? 'not started (a plan was stale)' : r.outcome;
  io.out(terminalText(`[${String(done).padStart(width)}/${total}] ${r.stack}: ${what} (${secondsText(r.seconds)})`));
  if (r.error !== undefined) terraformErrorLines(r.error, 'apply').forEach((line) => io.out(line));
}
