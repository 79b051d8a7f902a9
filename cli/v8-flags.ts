/**
 * V8 flags the `email-auth` bin sets for a command before running it, in its own process (cli/main.ts; never when
 * cli/main.ts is loaded as a module, so tests and programs that call `runCli` keep their own settings).
 *
 * `check` runs for about a second, yet every function of the loader and the model runs thousands of times. V8
 * optimizes a function (TurboFan, on a second thread whose CPU counts too) once it has run its interrupt budget of
 * bytecode, and inlines what it calls up to a cumulative bytecode size. At V8's defaults, check spent about a third
 * of its instructions in TurboFan (callgrind, 1,000 and 5,000 institutions), more than the optimized code saved in
 * so short a run. Twice the budget optimizes only what runs longest; a smaller inlining budget keeps each optimized
 * function's graph small. Together: about -20 % instructions at 1,000 institutions, -11 % at 5,000 (BENCHMARKS.md,
 * "Check and verify"). The flags change when and how code is optimized, never what it does. `v8.setFlagsFromString` after
 * start-up is enough: V8 reads both each time it resets a function's budget or compiles a function.
 */
export const CHECK_V8_FLAGS: readonly string[] = [`--interrupt-budget=${2 * 67_584}`, '--max-inlined-bytecode-size-cumulative=300'];

/** The flags for the command named first on the command line (none for most). */
export function v8FlagsFor(command: string | undefined): readonly string[] {
  return command === 'check' ? CHECK_V8_FLAGS : [];
}
