/**
 * V8 flags the `email-auth` bin sets for a command before running it, in its own process (cli/main.ts; never when
 * cli/main.ts is loaded as a module, so tests and programs that call `runCli` keep their own settings).
 *
 * `check` runs for about a second, yet every function of the loader and the model runs thousands of times. V8
 * optimizes a function (TurboFan, on a second thread whose CPU counts too) once it has run its interrupt budget
 * of bytecode; at the default budget, check spent more of its CPU compiling than the compiled code saved: a third of
 * its instructions at 1,000 institutions were TurboFan's (callgrind). Twice the budget optimizes only what runs
 * longest; BENCHMARKS.md ("Check and verify") has the figures. The flag changes when code is optimized, never what
 * it does. Set with `v8.setFlagsFromString` after start-up, which V8 reads each time it resets a function's budget.
 */
export const CHECK_INTERRUPT_BUDGET = 2 * 67_584;

/** The flags for the command named first on the command line (none for most). */
export function v8FlagsFor(command: string | undefined): readonly string[] {
  return command === 'check' ? [`--interrupt-budget=${CHECK_INTERRUPT_BUDGET}`] : [];
}
