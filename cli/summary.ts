import { writeFileSync } from 'node:fs';
import { terminalText } from '../model/terminal-text';
import { changesFromPlan } from '../summary/from-plan';
import { changesFromSynth, readSynth } from '../summary/from-synth';
import { SummaryInputError } from '../summary/input-error';
import { renderSummaries } from '../summary/markdown';
import { readPlanFile, stackNameForPlanFile } from '../summary/read-plan';
import { ChangeReport, StackChanges } from '../summary/record-change';
import { DEFAULT_RISK_CONTEXT, RiskContextOf } from '../summary/risks';
import { DEFAULT_MAX_CHARS, GITHUB_COMMENT_LIMIT, MIN_MAX_CHARS } from '../summary/size-limit';
import { stackName } from '../stacks/stack-props';
import { Command, EXIT, Io, loadConfig, parseFlags, UsageError } from './command';

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
      },
      true,
    );
    const contextOf = values.config === undefined ? undefined : riskContexts(values.config, io);
    if (contextOf === null) return EXIT.failed;
    const named = (values.stack ?? []).map(parseStackFlag);
    const synthMode = values.base !== undefined || values.head !== undefined;
    if (synthMode && (positionals.length > 0 || named.length > 0)) throw new UsageError('give either plan files or --base and --head, not both');
    if (synthMode && (values.base === undefined || values.head === undefined)) throw new UsageError('--base and --head go together: the synth output (cdktf.out) of the base branch and of the PR branch');
    if (!synthMode && positionals.length + named.length === 0) throw new UsageError('no plan given: pass the `terraform show -json` output of each stack');
    const maxChars = parseMaxChars(values['max-chars']);
    if (values.full === '') throw new UsageError('--full expects a file name for the full report');
    try {
      const report: ChangeReport = synthMode
        ? { source: 'synth', stacks: changesFromSynth(readSynth(values.base!, 'base'), readSynth(values.head!, 'head')) }
        : { source: 'plan', stacks: planStacks([...positionals.map((file) => ({ stack: stackNameForPlanFile(file), file })), ...named]) };
      const { full, comment } = renderSummaries(report, contextOf, { maxChars, ...(values.full !== undefined && { fullReport: values.full }) });
      if (values.full !== undefined) writeFull(values.full, full);
      io.out(comment.trimEnd());
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
 * another sending platform is not flagged for "dropping" SecuTix's include. Null when the config is invalid.
 */
function riskContexts(file: string, io: Io): RiskContextOf | null {
  const config = loadConfig(file, io);
  if (!config) return null;
  const byStack = new Map(config.institutions.map((inst) => [stackName(inst.code), { spfInclude: inst.senderProfile?.spfInclude ?? DEFAULT_RISK_CONTEXT.spfInclude }]));
  return (stack) => byStack.get(stack) ?? DEFAULT_RISK_CONTEXT;
}

/**
 * `--max-chars N`: the longest summary, {@link MIN_MAX_CHARS} at least; the default fits GitHub's comment limit
 * ({@link GITHUB_COMMENT_LIMIT}), a larger one suits platforms that allow more (GitLab: 1,000,000).
 */
function parseMaxChars(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_CHARS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < MIN_MAX_CHARS) throw new UsageError(`--max-chars expects a whole number of at least ${MIN_MAX_CHARS}, got ${JSON.stringify(value)}`);
  return n;
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

function planStacks(inputs: readonly { stack: string; file: string }[]): StackChanges[] {
  const seen = new Map<string, string>();
  for (const { stack, file } of inputs) {
    const other = seen.get(stack);
    if (other !== undefined) throw new SummaryInputError(`${other} and ${file} are both stack "${stack}": name them with --stack NAME=file`);
    seen.set(stack, file);
  }
  return inputs.map(({ stack, file }) => changesFromPlan(stack, readPlanFile(file)));
}
