// Progress lines for suites that run for minutes (real installs, a registry, terraform): without them a suite is
// silent until it ends (install.int.test.ts was 224 s of nothing). Written straight to stderr, which jest passes
// through at once, from a worker too, while console.log is buffered until the test file ends.

/** Where lines go and what time it is; tests of this helper pass their own. */
export interface ProgressSink {
  readonly write: (text: string) => void;
  readonly now: () => number;
}

const STDERR: ProgressSink = { write: (text) => process.stderr.write(text), now: () => Date.now() };

export interface Progress {
  /** One line: `[progress] <suite> +<seconds since the suite began> s: <message>`. */
  (message: string): void;
  /** Runs `fn` (sync or async) between a line saying it starts and one saying how long it took, or that it failed. */
  step<T>(label: string, fn: () => T): T;
  /** A line when each test of the enclosing describe starts and when it ends, with its time. Call inside a describe. */
  eachTest(): void;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function progress(suite: string, sink: ProgressSink = STDERR): Progress {
  const began = sink.now();
  const line = (message: string) => sink.write(`[progress] ${suite} +${seconds(sink.now() - began)} s: ${message}\n`);
  const step = <T>(label: string, fn: () => T): T => {
    const start = sink.now();
    line(`${label} …`);
    const done = () => line(`${label}: ${seconds(sink.now() - start)} s`);
    const failed = () => line(`${label}: failed after ${seconds(sink.now() - start)} s`);
    let result: T;
    try {
      result = fn();
    } catch (e) {
      failed();
      throw e;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => (done(), value),
        (e) => (failed(), Promise.reject(e)),
      ) as T;
    }
    done();
    return result;
  };
  const eachTest = () => {
    let start = 0;
    const name = () => expect.getState().currentTestName ?? 'test';
    beforeEach(() => {
      start = sink.now();
      line(`${name()} …`);
    });
    afterEach(() => line(`${name()}: ${seconds(sink.now() - start)} s`));
  };
  return Object.assign(line, { step, eachTest });
}
