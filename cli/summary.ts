import { writeFileSync } from 'node:fs';
import { terminalText } from '../model/terminal-text';
import { changesFromPlan } from '../summary/from-plan';
import { changesFromSynth, readSynth } from '../summary/from-synth';
import { SummaryInputError } from '../summary/input-error';
import { renderSummaries } from '../summary/markdown';
import { readPlanFile, stackNameForPlanFile } from '../summary/read-plan';
import { ChangeReport, StackChanges } from '../summary/record-change';
import { DEFAULT_RISK_CONTEXT, RiskContextOf } from '../summary/risks';
import { blastRadius, BlastRadiusLimits, DEFAULT_BLAST_RADIUS, Fleet } from '../summary/blast-radius';
import { readChangedFile } from '../summary/read-changed';
import { changesFromPlansFolder } from '../summary/read-plans-folder';
import { SUMMARY_MARKER } from '../summary/markdown';
import { DEFAULT_MAX_CHARS, GITHUB_COMMENT_LIMIT, MIN_MAX_CHARS } from '../summary/size-limit';
import { stackName } from '../stacks/stack-props';
import { Command, EXIT, Io, loadConfig, parseFlags, UsageError, wholeNumberFlag } from './command';

export const summary: Command = {
  run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        stack: { type: 'string', multiple: true },
        base: { type: 'string' },
        head: { type: 'string' },
        config: { type: 'string' },
        full: { type: 'string' },
        'max-chars': { type: 'string' },
        changed: { type: 'string' },
        plans: { type: 'string', multiple: true },
        'fail-on-risk': { type: 'boolean' },
        'max-auth-removals': { type: 'string' },
        'max-touched-percent': { type: 'string' },
      },
      true,
    );
    const fleetConfig = values.config === undefined ? undefined : fleetOf(values.config, io);
    if (fleetConfig === null) return EXIT.failed;
    const contextOf = fleetConfig?.contextOf;
    const limits: BlastRadiusLimits = {
      maxAuthRemovals: wholeNumberFlag('max-auth-removals', values['max-auth-removals'], { min: 0, max: 1_000_000, unit: 'records' }, DEFAULT_BLAST_RADIUS.maxAuthRemovals),
      maxTouchedPercent: wholeNumberFlag('max-touched-percent', values['max-touched-percent'], { min: 0, max: 100, unit: 'percent' }, DEFAULT_BLAST_RADIUS.maxTouchedPercent),
    };
    const named = (values.stack ?? []).map(parseStackFlag);
    const folders = values.plans ?? [];
    const synthMode = values.base !== undefined || values.head !== undefined;
    if (synthMode && (positionals.length > 0 || named.length > 0 || folders.length > 0)) throw new UsageError('give either plans or --base and --head, not both');
    if (synthMode && (values.base === undefined || values.head === undefined)) throw new UsageError('--base and --head go together: the synth output (cdktf.out) of the base branch and of the PR branch');
    if (!synthMode && positionals.length + named.length + folders.length === 0 && values.changed === undefined) {
      throw new UsageError('no plan given: pass the `terraform show -json` output of each stack (or --changed FILE when no stack changed)');
    }
    if (synthMode && values.changed !== undefined) throw new UsageError('--changed goes with plan files: with --base and --head the removed stacks are known');
    const maxChars = parseMaxChars(values['max-chars']);
    if (values.full === '') throw new UsageError('--full expects a file name for the full report');
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
      // File names and plan content appear in messages: shown with control characters escaped, on one line.
      io.err(terminalText(`summary: ${e.message}`));
      return EXIT.failed;
    }
  },
};

/**
 * `--config FILE`: each stack's platform SPF include from its institution's sender profile, so that a stack of
 * another sending platform is not flagged for "dropping" SecuTix's include; and the fleet the mass-change guard
 * judges against (its size, the retired institutions). Null when the config is invalid.
 */
function fleetOf(file: string, io: Io): { contextOf: RiskContextOf; fleet: Fleet } | null {
  const config = loadConfig(file, io);
  if (!config) return null;
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

/**
 * `--max-chars N`: the longest summary, {@link MIN_MAX_CHARS} at least; the default fits GitHub's comment limit
 * ({@link GITHUB_COMMENT_LIMIT}), a larger one suits platforms that allow more (GitLab: 1,000,000).
 */
function parseMaxChars(value: string | undefined): number {
  return wholeNumberFlag('max-chars', value, { min: MIN_MAX_CHARS, max: 100_000_000, unit: 'characters' }, DEFAULT_MAX_CHARS);
}

/** `--full FILE`: the full report, however long. */
function writeFull(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new SummaryInputError(`cannot write --full ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
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
