import { resolve } from 'node:path';
import { terminalText } from '../model/terminal-text';
import { changeSet, stacksToPlan } from '../pipeline/change-set';
import { currentCommit } from '../pipeline/commit';
import { planStacks, preparePlansFolder } from '../pipeline/plan-stacks';
import { PlannedStack, plansManifest, writePlansManifest } from '../pipeline/plans-manifest';
import { PipelineInputError, readSynthStacks, SynthStack } from '../pipeline/read-synth';
import { Command, EXIT, Io, UsageError } from './command';
import { PLAN } from './commands/plan';
import { secondsText, terraformErrorLines, terraformFromFlags, withFsMirror } from './pipeline-options';
import { OptionValues } from './spec';
import { synthTarget } from './synth-output';

/**
 * `plan`: exit 0 when every selected stack was planned (with or without changes: the manifest says which); 2 on a
 * usage or config error, or when any stack failed to plan; with `--fail-on-changes`, 1 when any stack has changes (the
 * nightly drift job: a stack whose merged config is not live).
 */
export const plan: Command<typeof PLAN> = {
  run: ({ values }, io) => withFsMirror(values['fs-mirror'], io, (io) => runPlan(values, io)),
};

async function runPlan(values: OptionValues<typeof PLAN>, io: Io): Promise<number> {
  const choices = [values.stacks !== undefined, values['changed-from'] !== undefined, values.all === true].filter(Boolean).length;
  if (choices !== 1) throw new UsageError('choose the stacks with one of --stacks a,b,... | --changed-from BASE_SYNTH_DIR | --all');
  if (values.out === undefined) throw new UsageError('--out DIR is required: the plans folder to write');
  const terraform = terraformFromFlags(values, io);
  const synthDir = values.synth ?? synthTarget(io.env);
  const out = resolve(values.out);

  let stacks: SynthStack[];
  try {
    stacks = selectStacks(synthDir, values, io);
    preparePlansFolder(out);
  } catch (e) {
    if (!(e instanceof PipelineInputError)) throw e;
    io.err(terminalText(`plan: ${e.message}`));
    return EXIT.usage;
  }

  const [version, commit] = [await terraform.version(), currentCommit(process.cwd(), io.env)];
  if (stacks.length === 0) {
    writePlansManifest(out, plansManifest(commit, version ?? null, []));
    io.out(`nothing to plan: no stack changed; empty plans folder ${terminalText(out)}`);
    return EXIT.ok;
  }
  if (version === undefined) {
    io.err('plan: terraform cannot be run (is it on PATH?): nothing was planned');
    return EXIT.usage;
  }
  io.err(terminalText(`planning ${stacks.length} stack${stacks.length === 1 ? '' : 's'}, ${terraform.parallel} at a time, with terraform ${version}; plugin cache ${terraform.pluginCacheDir}`));
  const started = Date.now();
  const results = await planStacks(stacks, out, terraform, (r, done) => printResult(r, done, stacks.length, io));
  writePlansManifest(out, plansManifest(commit, version, results));
  const count = (result: PlannedStack['result']) => results.filter((r) => r.result === result).length;
  const errors = count('error');
  io.out(
    terminalText(
      `${results.length} planned in ${secondsText((Date.now() - started) / 1000)}: ${count('changes')} with changes, ${count('no-changes')} without, ${errors} failed; plans in ${out}`,
    ),
  );
  if (errors > 0) return EXIT.usage;
  return values['fail-on-changes'] && count('changes') > 0 ? EXIT.failed : EXIT.ok;
}

/** The stacks of the synth output that `--stacks`, `--changed-from` or `--all` name. Throws PipelineInputError. */
function selectStacks(synthDir: string, values: { stacks?: string; 'changed-from'?: string; all?: boolean }, io: Io): SynthStack[] {
  if (values.stacks !== undefined) {
    const names = values.stacks.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) throw new UsageError('--stacks needs at least one stack name');
    const found = readSynthStacks(synthDir, new Set(names));
    const missing = names.filter((n) => !found.some((s) => s.name === n));
    if (missing.length > 0) throw new PipelineInputError(`not in the synth output ${synthDir}: ${missing.map((n) => JSON.stringify(n)).join(', ')}`);
    return found;
  }
  const head = readSynthStacks(synthDir);
  if (values.all) return head;
  const set = changeSet(readSynthStacks(values['changed-from']!), head);
  for (const { stack, reason } of set.removed) io.err(terminalText(`warning: ${stack}: ${reason}`));
  const chosen = new Set(stacksToPlan(set));
  return head.filter((s) => chosen.has(s.name));
}

function printResult(r: PlannedStack, done: number, total: number, io: Io): void {
  const width = String(total).length;
  io.out(terminalText(`[${String(done).padStart(width)}/${total}] ${r.stack}: ${r.result} (${secondsText(r.seconds)})`));
  if (r.error !== undefined) terraformErrorLines(r.error, 'plan').forEach((line) => io.out(line));
}
