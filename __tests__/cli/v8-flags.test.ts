// The V8 flags the bin sets before a command runs (cli/v8-flags.ts): only check's larger interrupt budget, a whole
// number of bytes above V8's default, and nothing for any other command or a bare `email-auth`.
import { COMMAND_SPECS } from '../../cli/commands';
import { CHECK_INTERRUPT_BUDGET, v8FlagsFor } from '../../cli/v8-flags';

describe('v8FlagsFor', () => {
  test('check runs with twice V8\'s default interrupt budget', () => {
    expect(v8FlagsFor('check')).toEqual(['--interrupt-budget=135168']);
    expect(Number.isInteger(CHECK_INTERRUPT_BUDGET) && CHECK_INTERRUPT_BUDGET > 67_584).toBe(true);
  });

  test.each(COMMAND_SPECS.map((s) => s.name).filter((name) => name !== 'check'))('%s runs with none', (name) => {
    expect(v8FlagsFor(name)).toEqual([]);
  });

  test.each([undefined, '--help', 'help', 'chek', 'CHECK'])('%p (no command, help, a typo) runs with none', (argv0) => {
    expect(v8FlagsFor(argv0)).toEqual([]);
  });

  test('the flag is one V8 knows (an unknown one would be ignored without a word)', () => {
    const { execFileSync } = jest.requireActual('node:child_process') as typeof import('node:child_process');
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    for (const flag of v8FlagsFor('check')) expect(options).toContain(`  ${flag.split('=')[0]} `);
  });
});
