import { terminalText } from '../model/terminal-text';
import { AppliedStack, applyPlans, checkPlans, readPlansFolders, REPLAN } from '../pipeline/apply-plans';
import { PipelineInputError, readSynthStacks } from '../pipeline/read-synth';
import { Command, EXIT, Io, UsageError } from './command';
import { APPLY } from './commands';
import { secondsText, terraformErrorLines, terraformFromFlags, withFsMirror } from './pipeline-options';
import { OptionValues } from './spec';
import { synthTarget } from './synth-output';

export const apply: Command<typeof APPLY> = {
  run: ({ values }, io) => withFsMirror(values['fs-mirror'], io, (io) => runApply(values, io)),
};

async function runApply(values: OptionValues<typeof APPLY>, io: Io): Promise<number> {
  if (values.plans === undefined) throw new UsageError('--plans DIR is required: the plans folder written by `email-auth plan --out`');
  const terraform = terraformFromFlags(values, io);
  const synthDir = values.synth ?? synthTarget(io.env);
  let checked;
  try {
    const folders = readPlansFolders(values.plans);
    const wanted = new Set(folders.flatMap((f) => f.manifest.stacks.map((s) => s.stack)));
    checked = await checkPlans(folders, readSynthStacks(synthDir, wanted), synthDir);
    const commits = [...new Set(folders.map((f) => f.manifest.commit ?? 'unknown commit'))];
    io.err(terminalText(`plans of ${commits.join(', ')} in ${values.plans}`));
  } catch (e) {
    if (!(e instanceof PipelineInputError)) throw e;
    io.err(terminalText(`apply: ${e.message}`));
    return EXIT.failed;
  }
  const { targets, refusals } = checked;
  if (refusals.length > 0) {
    for (const { stack, reason } of refusals) io.err(terminalText(`refused: ${stack}: ${reason}`));
    io.err(`nothing was applied: ${refusals.length} plan${refusals.length === 1 ? '' : 's'} refused`);
    return EXIT.failed;
  }
  if (targets.length === 0) {
    io.out('nothing to apply: no saved plan has changes');
    return EXIT.ok;
  }
  io.err(`applying ${targets.length} saved plan${targets.length === 1 ? '' : 's'}, ${terraform.parallel} at a time`);
  const results = await applyPlans(targets, terraform, (r, done) => printResult(r, done, targets.length, io));
  const count = (o: AppliedStack['outcome']) => results.filter((r) => r.outcome === o).length;
  io.out(`${count('applied')} applied, ${count('error')} failed, ${count('stale')} stale, ${count('skipped')} not started`);
  if (count('stale') > 0) {
    io.err(`terraform rejected a saved plan as stale (the state changed after the plan was made): ${REPLAN}; the plans not started were left as they are`);
  }
  return results.every((r) => r.outcome === 'applied') ? EXIT.ok : EXIT.failed;
}

function printResult(r: AppliedStack, done: number, total: number, io: Io): void {
  const width = String(total).length;
  const what = r.outcome === 'stale' ? 'stale: re-plan' : r.outcome === 'skipped' ? 'not started (a plan was stale)' : r.outcome;
  io.out(terminalText(`[${String(done).padStart(width)}/${total}] ${r.stack}: ${what} (${secondsText(r.seconds)})`));
  if (r.error !== undefined) terraformErrorLines(r.error, 'apply').forEach((line) => io.out(line));
}
