import { ChangeSet, changeSet, stacksToPlan } from '../pipeline/change-set';
import { githubMatrix } from '../pipeline/matrix';
import { PipelineInputError, readSynthStacks } from '../pipeline/read-synth';
import { terminalText } from '../model/terminal-text';
import { CliError, Command, EXIT, Io, UsageError } from './command';
import { CHANGED } from './commands/changed';

export const changed: Command<typeof CHANGED> = {
  run({ values }, io) {
    if (values.base === undefined || values.head === undefined) throw new UsageError('--base and --head are both required: the synth output (cdktf.out) of the base branch and of the head');
    if (values.json && values.matrix) throw new UsageError('--json and --matrix are alternatives: give one');
    let set: ChangeSet;
    try {
      set = changeSet(readSynthStacks(values.base), readSynthStacks(values.head));
    } catch (e) {
      if (!(e instanceof PipelineInputError)) throw e;
      throw new CliError('input-unreadable', `changed: ${e.message}`);
    }
    if (values.matrix) io.out(JSON.stringify(githubMatrix(stacksToPlan(set))));
    else if (values.json) io.out(JSON.stringify(set, null, 2));
    else printChangeSet(set, io);
    return EXIT.ok;
  },
};

/** The change set as text: a count line, then one line per stack (names and reasons escaped for the terminal). */
export function printChangeSet(set: ChangeSet, io: Io): void {
  io.out(`${set.changed.length} changed, ${set.added.length} added, ${set.removed.length} removed, ${set.unchanged} unchanged`);
  for (const [label, list] of [['changed', set.changed], ['added', set.added], ['removed', set.removed]] as const) {
    for (const { stack, reason } of list) io.out(terminalText(`${label.padEnd(8)} ${stack}: ${reason}`));
  }
}
