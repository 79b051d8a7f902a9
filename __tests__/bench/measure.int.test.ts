// The benchmarks' measurer (scripts/bench-measure.js): the child's CPU time and peak RSS from the kernel's rusage,
// to the microsecond when python3 is here (its wait4), else GNU time's hundredths. Integration: it runs node.
import { spawnSync } from 'node:child_process';
import { describeUnless } from '../helpers/describe-unless';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { measure, rssMethod } = require('../../scripts/bench-measure') as {
  measure: (argv: string[], o: { cwd: string; env: NodeJS.ProcessEnv }) => { wall: number; cpu: number; rssMB: number; stderr: string };
  rssMethod: () => string;
};

const hasPython = spawnSync('python3', ['-c', 'import os; os.wait4'], { stdio: 'ignore' }).status === 0;
const busy = [process.execPath, '-e', 'let s = 0; for (let i = 0; i < 2e7; i++) s += i % 7; if (s < 0) console.log(s)'];
const env = { ...process.env };
delete env.BENCH_NO_WAIT4;
delete env.BENCH_NO_GNU_TIME;

describeUnless(hasPython ? undefined : 'python3 with os.wait4 is not installed here', 'the measurer with python3 (wait4)', () => {
  test('names its method', () => {
    expect(rssMethod()).toMatch(/wait4/);
  });

  test("reports the child's CPU time to the microsecond, its wall time and peak RSS", () => {
    const runs = [measure(busy, { cwd: process.cwd(), env }), measure(busy, { cwd: process.cwd(), env })];
    for (const run of runs) {
      expect(run.cpu).toBeGreaterThan(0.01);
      expect(run.wall).toBeGreaterThan(0);
      // A node process holds well over 10 MB and under 1 GB.
      expect(run.rssMB).toBeGreaterThan(10);
      expect(run.rssMB).toBeLessThan(1024);
    }
    // Hundredths would make every figure a multiple of 0.01 s; microseconds almost never do, twice in a row.
    expect(runs.some((r) => Math.abs(r.cpu * 100 - Math.round(r.cpu * 100)) > 1e-6)).toBe(true);
  });

  test("throws with the command's exit status and stderr", () => {
    expect(() => measure([process.execPath, '-e', 'console.error("boom"); process.exit(3)'], { cwd: process.cwd(), env })).toThrow(/exited with 3:\nboom/);
  });

  test('throws when the command is killed by a signal, with 128 + its number as a shell says', () => {
    expect(() => measure([process.execPath, '-e', 'process.kill(process.pid, "SIGKILL")'], { cwd: process.cwd(), env })).toThrow(/exited with 137:/);
  });

  test('throws when the command cannot run', () => {
    expect(() => measure(['/nonexistent/command'], { cwd: process.cwd(), env })).toThrow(/exited with 127/);
  });
});
