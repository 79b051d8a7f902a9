// The V8 flags the bin sets before a command runs (cli/v8-flags.ts): only check's tuning of when and how V8
// optimizes (check-bin.int.test.ts checks that V8 knows the flags), and nothing for any other command or a bare `email-auth`.
import { COMMAND_SPECS } from '../../cli/commands';
import { v8FlagsFor } from '../../cli/v8-flags';

describe('v8FlagsFor', () => {
  test('check runs with twice V8\'s default interrupt budget and a smaller inlining budget', () => {
    expect(v8FlagsFor('check')).toEqual(['--interrupt-budget=135168', '--max-inlined-bytecode-size-cumulative=300']);
  });

  test.each(COMMAND_SPECS.map((s) => s.name).filter((name) => name !== 'check'))('%s runs with none', (name) => {
    expect(v8FlagsFor(name)).toEqual([]);
  });

  test.each([undefined, '--help', 'help', 'chek', 'CHECK'])('%p (no command, help, a typo) runs with none', (argv0) => {
    expect(v8FlagsFor(argv0)).toEqual([]);
  });
});
