/**
 * The pipeline of `reports`: read items (from any reader) → parse → aggregate → summaries and verdicts. Items are
 * consumed one at a time and dropped, so memory stays flat however many reports there are. One bad report is one
 * problem line naming its origin; the others are still counted.
 */
import { ReportAggregator } from './analysis/aggregate';
import { summarize, InstitutionSummary } from './analysis/summary';
import { InstitutionTarget } from './analysis/target';
import { HistoryStore } from './history/history-store';
import { REPORT_LIMITS, ReportLimits } from './limits';
import { day } from './numbers';
import { parseAggregateReport } from './parse/aggregate-report';
import { ReadItem } from './read/read-item';
import { evaluateReadiness, Readiness } from './readiness/evaluate';
import { nameSenders, SenderOptions } from './senders/name-senders';
import { PtrRun } from './senders/ptr';

export interface InputProblem {
  readonly origin: string;
  readonly message: string;
}

export interface ReportsAnalysis {
  /** First and last day covered by the reports counted (the history's included); null without any. */
  readonly period: { readonly begin: string; readonly end: string } | null;
  readonly input: {
    /** Reports counted from the inputs of this run (duplicates and reports before the window left out). */
    readonly reports: number;
    readonly duplicates: number;
    /** Reports the history counted in an earlier run: not counted again. */
    readonly inHistory: number;
    readonly beforeWindow: number;
    /** Reports about domains no institution of the config uses (counted in `reports` too). */
    readonly outsideConfig: number;
    /** Inputs that are not reports: other attachments, other mails, other files. */
    readonly skipped: number;
    /** Inputs that looked like reports but could not be read; at most {@link PROBLEMS_KEPT} listed. */
    readonly problemCount: number;
    readonly problems: readonly InputProblem[];
    /** Present when the run stopped before every input was read (the time budget ran out): why. */
    readonly stopped?: string;
  };
  /** With `--history`: the reports and days it held before this run (counted in the figures), null without. */
  readonly history: { readonly reports: number; readonly days: number } | null;
  /** PTR lookups of the failing sources; null when none were made (`--no-ptr`). */
  readonly ptr: Omit<PtrRun, 'outcomes'> | null;
  readonly reporters: readonly string[];
  readonly institutions: readonly { readonly summary: InstitutionSummary; readonly readiness: Readiness }[];
  readonly outside: readonly { readonly domain: string; readonly reports: number; readonly messages: number; readonly reporters: readonly string[] }[];
}

export const PROBLEMS_KEPT = 200;

export interface AnalyzeOptions {
  /** Reports whose period ended before this time (seconds) are left out. */
  readonly since?: number;
  /** "Now" in seconds, for the parser's date checks. */
  readonly now?: number;
  readonly limits?: ReportLimits;
  /** Told about each problem as it happens (the command prints it at once). */
  readonly onProblem?: (problem: InputProblem) => void;
  /**
   * The run's time budget: once aborted, no further input is taken (a reader waiting on the network is left behind,
   * and closes its connection on the same signal), and what was read so far is analysed. `signal.reason` may say why.
   */
  readonly signal?: AbortSignal;
  /**
   * The history: the reports it holds are not counted again but replayed, and the reports this run counts are
   * recorded into it (the command writes it afterwards). A mail whose reports are new is held back from `--move-to`
   * until a later run finds them in the saved history.
   */
  readonly history?: HistoryStore;
  /** How failing sources are named (PTR lookups, known services); without it, by their DKIM and SPF domains only. */
  readonly senders?: SenderOptions;
}

/** The origin of the problem line that says the run stopped early. */
export const RUN_ORIGIN = 'reports';

export async function analyzeReports(items: AsyncIterable<ReadItem> | Iterable<ReadItem>, targets: readonly InstitutionTarget[], options: AnalyzeOptions = {}): Promise<ReportsAnalysis> {
  const limits = options.limits ?? REPORT_LIMITS;
  const { history } = options;
  const aggregator = new ReportAggregator(targets, {
    since: options.since,
    now: options.now,
    limits,
    ...(history && { known: history.knownKeys(), admit: (target, report) => history.refusal(target.code, report) }),
  });
  const problems: InputProblem[] = [];
  let problemCount = 0;
  let skipped = 0;
  let outsideConfig = 0;
  const addProblem = (problem: InputProblem) => {
    problemCount++;
    if (problems.length < PROBLEMS_KEPT) problems.push(problem);
    options.onProblem?.(problem);
  };
  let stopped: string | undefined;
  for await (const item of untilAborted(items, options.signal)) {
    if (item === STOPPED) {
      stopped = stopReason(options.signal!);
      addProblem({ origin: RUN_ORIGIN, message: `${stopped}: the inputs after this point were not read, and no mail was moved` });
      break;
    }
    if (item.kind === 'skipped') skipped++;
    else if (item.kind === 'problem') addProblem({ origin: item.origin, message: item.message });
    else {
      const parsed = parseAggregateReport(item.xml, item.origin, { now: options.now, limits });
      if ('problem' in parsed) {
        addProblem({ origin: item.origin, message: parsed.problem });
        continue;
      }
      const outcome = aggregator.add(parsed.report);
      if (typeof outcome === 'object') addProblem({ origin: item.origin, message: outcome.refused });
      else if (outcome === 'outside') outsideConfig++;
      if (!history) continue;
      if (outcome === 'counted') history.record(aggregator.institutionOf(parsed.report)!.target, parsed.report);
      // Not in the saved history yet: the mail stays in the mailbox until a later run finds the report there.
      if (outcome === 'counted' || outcome === 'duplicate') item.hold?.();
    }
  }
  let replayed = 0;
  let historyDays = 0;
  if (history) {
    for (const stats of aggregator.institutions) {
      for (const data of history.loadedDays(stats.target.code)) {
        aggregator.addDay(stats, data);
        replayed += data.reports.length;
        historyDays++;
      }
    }
  }
  const named = await nameSenders(aggregator.institutions.map(summarize), { ...options.senders, signal: options.senders?.signal ?? options.signal });
  const ptr = named.ptr && { looked: named.ptr.looked, cached: named.ptr.cached, notLooked: named.ptr.notLooked, ...(named.ptr.stopped !== undefined && { stopped: named.ptr.stopped }) };
  return {
    period: aggregator.begin === undefined || aggregator.end === undefined ? null : { begin: day(aggregator.begin), end: day(aggregator.end) },
    input: {
      reports: aggregator.counted,
      duplicates: aggregator.duplicates,
      inHistory: aggregator.inHistory,
      beforeWindow: aggregator.beforeWindow,
      outsideConfig,
      skipped,
      problemCount,
      problems,
      ...(stopped !== undefined && { stopped }),
    },
    history: history ? { reports: replayed, days: historyDays } : null,
    ptr,
    reporters: [...aggregator.reporters].sort(),
    institutions: named.summaries.map((summary) => ({ summary, readiness: evaluateReadiness(summary) })),
    outside: [...aggregator.outside.entries()]
      .map(([domain, o]) => ({ domain, reports: o.reports, messages: o.messages, reporters: [...o.reporters].sort() }))
      .sort((a, b) => b.messages - a.messages || a.domain.localeCompare(b.domain)),
  };
}

/**
 * 2 when the run stopped early (no verdict on part of the input), or nothing could be read but something failed; 1
 * when some institution's platform mail fails aligned DKIM (elsewhere than at a known forwarder).
 */
export function exitCodeOf(analysis: ReportsAnalysis): 0 | 1 | 2 {
  if (analysis.input.stopped !== undefined) return 2;
  // The platform-dkim rule's verdict: platform mail failing at a forwarder or a mailing list is expected, not a finding.
  if (analysis.institutions.some((i) => i.readiness.rules.some((r) => r.id === 'platform-dkim' && !r.ok))) return 1;
  if (analysis.input.reports === 0 && analysis.input.duplicates === 0 && analysis.input.inHistory === 0 && !analysis.history?.reports && analysis.input.problemCount > 0) return 2;
  return 0;
}

const STOPPED = Symbol('stopped');

/** The items, until the signal aborts: then STOPPED, at once, even while the reader is still waiting for its next item. */
async function* untilAborted<T>(items: AsyncIterable<T> | Iterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T | typeof STOPPED> {
  if (!signal) return yield* items;
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let waiting = false;
  try {
    for (;;) {
      if (signal.aborted) return yield STOPPED;
      const next = Promise.resolve(iterator.next());
      const first = await nextOrAbort(next, signal);
      if (first === STOPPED) {
        // The reader is left waiting: it closes its connection on the same signal, and its step then fails unheard.
        waiting = true;
        next.catch(() => undefined);
        return yield STOPPED;
      }
      if (first.done) return;
      yield first.value;
    }
  } finally {
    // A reader that is not in the middle of a step is closed, so that its own finally blocks run.
    if (!waiting) await iterator.return?.();
  }
}

/**
 * The step's result, or STOPPED when the signal aborts first. The listener lives for this one step: racing every step
 * against one long-lived promise would keep each step's result (a whole report) reachable until the run ends.
 */
function nextOrAbort<R>(next: Promise<R>, signal: AbortSignal): Promise<R | typeof STOPPED> {
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(STOPPED);
    // The step may have aborted the signal already, before this listener was there to hear it.
    if (signal.aborted) return resolve(STOPPED);
    signal.addEventListener('abort', onAbort, { once: true });
    next.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function stopReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : reason instanceof Error && reason.name !== 'AbortError' && reason.name !== 'TimeoutError' ? reason.message : 'the run was stopped';
}
