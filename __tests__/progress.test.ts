// The progress lines of the long integration suites (helpers/progress.ts), on a fake clock.
import { progress, ProgressSink } from './helpers/progress';

function fakeSink(): ProgressSink & { lines: string[]; advance: (ms: number) => void } {
  let now = 1_000_000;
  const lines: string[] = [];
  return { lines, write: (t) => lines.push(t), now: () => now, advance: (ms) => (now += ms) };
}

describe('progress', () => {
  it('a line names the suite and the time since it began, and ends with a newline', () => {
    const sink = fakeSink();
    const say = progress('install', sink);
    sink.advance(12_340);
    say('npm install');
    expect(sink.lines).toEqual(['[progress] install +12.3 s: npm install\n']);
  });

  it('step: a start line and a line with its time; returns what the step returns', () => {
    const sink = fakeSink();
    const say = progress('publish', sink);
    const value = say.step('npx init', () => {
      sink.advance(2_500);
      return 42;
    });
    expect(value).toBe(42);
    expect(sink.lines).toEqual(['[progress] publish +0.0 s: npx init …\n', '[progress] publish +2.5 s: npx init: 2.5 s\n']);
  });

  it('step: a failing step says so and the error goes on', () => {
    const sink = fakeSink();
    const say = progress('publish', sink);
    expect(() =>
      say.step('plan', () => {
        sink.advance(1_000);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(sink.lines[1]).toBe('[progress] publish +1.0 s: plan: failed after 1.0 s\n');
  });

  it('step: async steps are timed when they settle, resolved or rejected', async () => {
    const sink = fakeSink();
    const say = progress('cache', sink);
    await expect(say.step('ok', async () => (sink.advance(500), 'v'))).resolves.toBe('v');
    await expect(say.step('bad', async () => (sink.advance(700), Promise.reject(new Error('no'))))).rejects.toThrow('no');
    expect(sink.lines.slice(1)).toEqual([
      '[progress] cache +0.5 s: ok: 0.5 s\n',
      '[progress] cache +0.5 s: bad …\n',
      '[progress] cache +1.2 s: bad: failed after 0.7 s\n',
    ]);
  });

  describe('eachTest', () => {
    const sink = fakeSink();
    progress('suite', sink).eachTest();

    it('first', () => {
      sink.advance(3_000);
    });
    it('second: the lines of the first test name it and its time', () => {
      expect(sink.lines.slice(0, 3)).toEqual([
        '[progress] suite +0.0 s: progress eachTest first …\n',
        '[progress] suite +3.0 s: progress eachTest first: 3.0 s\n',
        '[progress] suite +3.0 s: progress eachTest second: the lines of the first test name it and its time …\n',
      ]);
    });
  });
});
