/**
 * The pipeline of `reports`: read items (from any reader) → parse → aggregate → summaries and verdicts. Items are
 * consumed one at a time and dropped, so memory stays flat however many reports there are. One bad report is one
 * problem line naming its origin; the others are still counted.
 */
import { ReportAggregator } from './analysis/aggregate';
import { summarize, InstitutionSummary } from './analysis/summary';
import { InstitutionTarget } from './analysis/target';
import { REPORT_LIMITS, ReportLimits } from './limits';
import { day } from './numbers';
import { parseAggregateReport } from './parse/aggregate-report';
import { ReadItem } from './read/read-item';
import { evaluateReadiness, Readiness } from './readiness/evaluate';

export interface InputProblem {
  readonly origin: string;
  readonly message: string;
}

export interface ReportsAnalysis {
  /** First and last day covered by the reports counted; null without any. */
  readonly period: { readonly begin: string; readonly end: string } | null;
  readonly input: {
    /** Reports counted (duplicates and reports before the window left out). */
    readonly reports: number;
    readonly duplicates: number;
    readonly beforeWindow: number;
    /** Reports about domains no institution of the config uses (counted in `reports` too). */
    readonly outsideConfig: number;
    /** Inputs that are not reports: other attachments, other mails, other files. */
    readonly skipped: number;
    /** Inputs that looked like reports but could not be read; at most {@link PROBLEMS_KEPT} listed. */
    readonly problemCount: number;
    readonly problems: readonly InputProblem[];
  };
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
}

export async function analyzeReports(items: AsyncIterable<ReadItem> | Iterable<ReadItem>, targets: readonly InstitutionTarget[], options: AnalyzeOptions = {}): Promise<ReportsAnalysis> {
  const limits = options.limits ?? REPORT_LIMITS;
  const aggregator = new ReportAggregator(targets, { since: options.since, limits });
  const problems: InputProblem[] = [];
  let problemCount = 0;
  let skipped = 0;
  let outsideConfig = 0;
  const addProblem = (problem: InputProblem) => {
    problemCount++;
    if (problems.length < PROBLEMS_KEPT) problems.push(problem);
    options.onProblem?.(problem);
  };
  for await (const item of items) {
    if (item.kind === 'skipped') skipped++;
    else if (item.kind === 'problem') addProblem({ origin: item.origin, message: item.message });
    else {
      const parsed = parseAggregateReport(item.xml, item.origin, { now: options.now, limits });
      if ('problem' in parsed) addProblem({ origin: item.origin, message: parsed.problem });
      else if (aggregator.add(parsed.report) === 'outside') outsideConfig++;
    }
  }
  return {
    period: aggregator.begin === undefined || aggregator.end === undefined ? null : { begin: day(aggregator.begin), end: day(aggregator.end) },
    input: { reports: aggregator.counted, duplicates: aggregator.duplicates, beforeWindow: aggregator.beforeWindow, outsideConfig, skipped, problemCount, problems },
    reporters: [...aggregator.reporters].sort(),
    institutions: aggregator.institutions.map((stats) => {
      const summary = summarize(stats);
      return { summary, readiness: evaluateReadiness(summary) };
    }),
    outside: [...aggregator.outside.entries()]
      .map(([domain, o]) => ({ domain, reports: o.reports, messages: o.messages, reporters: [...o.reporters].sort() }))
      .sort((a, b) => b.messages - a.messages || a.domain.localeCompare(b.domain)),
  };
}

/** 1 when some institution's platform mail fails aligned DKIM; 2 when nothing could be read but something failed. */
export function exitCodeOf(analysis: ReportsAnalysis): 0 | 1 | 2 {
  if (analysis.institutions.some((i) => i.summary.platform.alignedDkimPass < i.summary.platform.messages)) return 1;
  if (analysis.input.reports === 0 && analysis.input.duplicates === 0 && analysis.input.problemCount > 0) return 2;
  return 0;
}
