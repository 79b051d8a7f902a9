import { writeErrorText } from '../io/file-error';
import { writeFileWhole } from '../io/write-whole';
import { terminalText } from '../model/terminal-text';
import { changesFromPlan } from '../summary/from-plan';
import { changesFromSynth, readSynth } from '../summary/from-synth';
import { SummaryInputError } from '../summary/input-error';
import { renderSummaries } from '../summary/markdown';
import { readPlanFile, stackNameForPlanFile } from '../summary/read-plan';
import { ChangeReport, StackChanges } from '../summary/record-change';
import { DEFAULT_RISK_CONTEXT, RiskContextOf } from '../summary/risks';
import { blastRadius, BlastRadiusLimits, Fleet } from '../summary/blast-radius';
import { readChangedFile } from '../summary/read-changed';
import { changesFromPlansFolder } from '../summary/read-plans-folder';
import { SUMMARY_MARKER } from '../summary/markdown';
import { stackName } from '../stacks/stack-props';
import { CliError, Command, EXIT, Io, loadConfig, UsageError } from './command';
import { SUMMARY } from './commands/summary';

export const summary: Command<typeof SUMMARY> = {
  run({ values, positionals }, io) {
    const fleetConfig = values.config === undefined ? undefined : fleetOf(values.config, io);
    const contextOf = fleetConfig?.contextOf;
    // Defaults from the table (cli/commands/summary.ts), which a unit test keeps equal to DEFAULT_BLAST_RADIUS.
    const limits: BlastRadiusLimits = { maxAuthRemovals: values['max-auth-removals'], maxTouchedPercent: values['max-touched-percent'], minTouched: values['min-touched'] };
    const named = values.stack.map(parseStackFlag);
    const folders = values.plans;
    const synthMode = values.base !== undefined || values.head !== undefined;
    if (synthMode && (positionals.length > 0 || named.length > 0 || folders.length > 0)) throw new UsageError('give either plans or --base and --head, not both');
    if (synthMode && (values.base === undefined || values.head === undefined)) throw new UsageError('--base and --head go together: the synth output (cdktf.out) of the base branch and of the PR branch');
    if (!synthMode && positionals.length + named.length + folders.length === 0 && values.changed === undefined) {
      throw new UsageError('no plan given: pass the `terraform show -json` output of each stack (or --changed FILE when no stack changed)');
    }
    if (synthMode && values.changed !== undefined) throw new UsageError('--changed goes with plan files: with --base and --head the removed stacks are known');
    const maxChars = values['max-chars'];
    try {
      const changed = values.changed === undefined ? undefined : readChangedFile(values.changed);
      if (changed && !synthMode && positionals.length + named.length + folders.length === 0 && changed.changed === 0 && changed.removed.length === 0) {
        io.out(`${SUMMARY_MARKER}\nNo DNS-related changes in this pull request: no stack's synthesized Terraform differs from the base branch.`);
        return EXIT.ok;
      }
      const report: ChangeReport = synthMode
        ? { source: 'synth', stacks: changesFromSynth(readSynth(values.base!, 'base'), readSynth(values.head!, 'head')) }
        : { source: 'plan', stacks: withOrphans(planStacks([...positionals.map((file) => ({ stack: stackNameForPlanFile(file), file })), ...named], folders), changed?.removed ?? []) };
      const fleet = fleetConfig?.fleet ?? { retired: new Set<string>() };
      const { full, comment } = renderSummaries(report, contextOf, { maxChars, fleet, limits, ...(values.full !== undefined && { fullReport: values.full }) });
      if (values.full !== undefined) writeFull(values.full, full);
      io.out(comment.trimEnd());
      const radius = blastRadius(report, fleet, limits);
      if (values['fail-on-risk'] && radius.tripped) {
        // The reasons' values are code spans: on a terminal, their text without the backticks.
        io.err(terminalText(`summary: mass change (--fail-on-risk): this change ${radius.reasons.map((r) => r.markdown.replace(/`/g, '')).join('; and it ')}`));
        return EXIT.failed;
      }
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof SummaryInputError)) throw e;
      // File names and plan content appear in messages: cli/main.ts shows them with control characters escaped.
      throw new CliError('input-unreadable', `summary: ${e.message}`);
    }
  },
};

/**
 * `--config FILE`: each stack's platform SPF include from its institution's sender profile, so that a stack of
 * another sending platform is not flagged for "dropping" SecuTix's include; and the fleet the mass-change guard
 * judges against (its size, the retired institutions).
 */
function fleetOf(file: string, io: Io): { contextOf: RiskContextOf; fleet: Fleet } {
  const config = loadConfig(file, io);
  const byStack = new Map(config.institutions.map((inst) => [stackName(inst.code), { spfInclude: inst.senderProfile?.spfInclude ?? DEFAULT_RISK_CONTEXT.spfInclude }]));
  const retired = new Set(config.institutions.filter((inst) => inst.retired).map((inst) => stackName(inst.code)));
  const stackOfDomain = new Map(config.institutions.map((inst) => [inst.domain, stackName(inst.code)]));
  return { contextOf: (stack) => byStack.get(stack) ?? DEFAULT_RISK_CONTEXT, fleet: { size: config.institutions.length, retired, stackOfDomain } };
}


/** Stacks `changed --json` lists as removed, added to a plan report as orphaned (they have no plan: no stack left to plan). */
function withOrphans(stacks: StackChanges[], removed: readonly string[]): StackChanges[] {
  const planned = new Set(stacks.map((s) => s.stack));
  return [...stacks, ...removed.filter((s) => !planned.has(s)).map((stack): StackChanges => ({ stack, changes: [], otherChanges: 0, notes: [], orphaned: true }))];
}

/** `--full FILE`: the full report, however long. */
function writeFull(file: string, text: string): void {
  try {
    writeFileWhole(file, text);
  } catch (e) {
    throw new CliError('output-unwritable', `summary: --full ${file} ${writeErrorText(e)}`);
  }
}

function parseStackFlag(value: string): { stack: string; file: string } {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--stack expects NAME=plan.json, got ${JSON.stringify(value)}`);
  return { stack: value.slice(0, eq), file: value.slice(eq + 1) };
}

/** Plan files and plans folders (`--plans DIR`, one per matrix job): each stack once. */
function planStacks(inputs: readonly { stack: string; file: string }[], folders: readonly string[]): StackChanges[] {
  const seen = new Map<string, string>();
  const once = (stack: string, source: string) => {
    const other = seen.get(stack);
    if (other !== undefined) throw new SummaryInputError(`${other} and ${source} are both stack "${stack}": name them with --stack NAME=file, or give each plans folder once`);
    seen.set(stack, source);
  };
  for (const { stack, file } of inputs) once(stack, file);
  const fromFolders: StackChanges[] = [];
  for (const dir of folders) {
    for (const stack of changesFromPlansFolder(dir)) {
      once(stack.stack, dir);
      fromFolders.push(stack);
    }
  }
  return [...inputs.map(({ stack, file }) => changesFromPlan(stack, readPlanFile(file))), ...fromFolders];
}
