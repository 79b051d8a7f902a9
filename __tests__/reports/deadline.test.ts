// The run's time budget in the analysis: once the signal aborts, no further input is taken, even from a reader that
// is waiting forever; what was read is analysed, the run says why it stopped, and the exit code is 2.
import { analyzeReports, exitCodeOf } from '../../reports/analyze';
import { InstitutionTarget } from '../../reports/analysis/target';
import { ReadItem, xmlItem } from '../../reports/read/read-item';
import { DEFAULT_THRESHOLDS } from '../../reports/readiness/thresholds';
import { NOV_1, platformRow, reportXml } from './report-xml';

const NOW = Date.UTC(2026, 10, 28) / 1000;
const mosa: InstitutionTarget = { code: 'mosa', domain: 'mosamuseum.com', selectors: ['stxsel1', 'stxsel2'], policy: { p: 'none', t: false }, thresholds: DEFAULT_THRESHOLDS };
const item = (id: string) => xmlItem(`${id}.xml`, reportXml({ reportId: id, domain: 'mosamuseum.com', begin: NOV_1, rows: [platformRow('mosamuseum.com', '192.0.2.25', 10)] }));
const never = new Promise<never>(() => undefined);

describe('a run stopped by its signal', () => {
  test('a reader that waits forever after its first report: the run ends with that report, stopped, exit 2', async () => {
    const budget = new AbortController();
    async function* hanging(): AsyncGenerator<ReadItem> {
      yield item('first');
      budget.abort('the time budget of 3 s (--deadline) ran out');
      await never;
      yield item('never');
    }
    const analysis = await analyzeReports(hanging(), [mosa], { now: NOW, signal: budget.signal });
    expect(analysis.input).toMatchObject({ reports: 1, problemCount: 1, stopped: 'the time budget of 3 s (--deadline) ran out' });
    expect(analysis.input.problems).toEqual([{ origin: 'reports', message: 'the time budget of 3 s (--deadline) ran out: the inputs after this point were not read, and no mail was moved' }]);
    expect(analysis.institutions[0]!.summary.messages).toBe(10);
    expect(exitCodeOf(analysis)).toBe(2);
  });

  test('a signal aborted before the run: nothing is taken', async () => {
    const budget = new AbortController();
    budget.abort(new Error('stopped by the test'));
    let taken = 0;
    async function* reader(): AsyncGenerator<ReadItem> {
      for (;;) {
        taken++;
        yield item(`r${taken}`);
      }
    }
    const analysis = await analyzeReports(reader(), [mosa], { now: NOW, signal: budget.signal });
    expect(analysis.input).toMatchObject({ reports: 0, stopped: 'stopped by the test' });
    expect(taken).toBe(0);
    expect(exitCodeOf(analysis)).toBe(2);
  });

  test('aborted while the analysis works on an input: the reader is not asked again, it is closed (its finally runs)', async () => {
    const budget = new AbortController();
    let closed = false;
    async function* reader(): AsyncGenerator<ReadItem> {
      try {
        yield item('a');
        yield { kind: 'problem', origin: 'bad.xml', message: 'broken' };
        yield item('b');
      } finally {
        closed = true;
      }
    }
    const analysis = await analyzeReports(reader(), [mosa], { now: NOW, signal: budget.signal, onProblem: (p) => p.origin === 'bad.xml' && budget.abort('enough') });
    expect(analysis.input).toMatchObject({ reports: 1, problemCount: 2, stopped: 'enough' });
    expect(closed).toBe(true);
  });

  test('aborted during a step of the reader: that step is not waited for', async () => {
    const budget = new AbortController();
    async function* reader(): AsyncGenerator<ReadItem> {
      yield item('a');
      budget.abort('enough');
      yield item('b');
    }
    const analysis = await analyzeReports(reader(), [mosa], { now: NOW, signal: budget.signal });
    expect(analysis.input).toMatchObject({ reports: 1, stopped: 'enough' });
  });

  test('a signal that never aborts changes nothing; the readers still run to their end', async () => {
    const budget = new AbortController();
    const withSignal = await analyzeReports([item('a'), item('b')], [mosa], { now: NOW, signal: budget.signal });
    const without = await analyzeReports([item('a'), item('b')], [mosa], { now: NOW });
    expect(withSignal).toEqual(without);
    expect(withSignal.input.stopped).toBeUndefined();
    expect(exitCodeOf(withSignal)).toBe(0);
  });
});
