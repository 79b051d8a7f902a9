import { changesFromPlan } from '../summary/from-plan';
import { changesFromSynth, readSynth } from '../summary/from-synth';
import { SummaryInputError } from '../summary/input-error';
import { renderSummary } from '../summary/markdown';
import { readPlanFile, stackNameForPlanFile } from '../summary/read-plan';
import { ChangeReport, StackChanges } from '../summary/record-change';
import { DEFAULT_RISK_CONTEXT, RiskContextOf } from '../summary/risks';
import { stackName } from '../stacks/stack-props';
import { Command, EXIT, Io, loadConfig, parseFlags, UsageError } from './command';

export const summary: Command = {
  run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { stack: { type: 'string', multiple: true }, base: { type: 'string' }, head: { type: 'string' }, config: { type: 'string' } },
      true,
    );
    const contextOf = values.config === undefined ? undefined : riskContexts(values.config, io);
    if (contextOf === null) return EXIT.failed;
    const named = (values.stack ?? []).map(parseStackFlag);
    const synthMode = values.base !== undefined || values.head !== undefined;
    if (synthMode && (positionals.length > 0 || named.length > 0)) throw new UsageError('give either plan files or --base and --head, not both');
    if (synthMode && (values.base === undefined || values.head === undefined)) throw new UsageError('--base and --head go together: the synth output (cdktf.out) of the base branch and of the PR branch');
    if (!synthMode && positionals.length + named.length === 0) throw new UsageError('no plan given: pass the `terraform show -json` output of each stack');
    try {
      const report: ChangeReport = synthMode
        ? { source: 'synth', stacks: changesFromSynth(readSynth(values.base!, 'base'), readSynth(values.head!, 'head')) }
        : { source: 'plan', stacks: planStacks([...positionals.map((file) => ({ stack: stackNameForPlanFile(file), file })), ...named]) };
      io.out(renderSummary(report, contextOf).trimEnd());
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof SummaryInputError)) throw e;
      io.err(`summary: ${e.message}`);
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
