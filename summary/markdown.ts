/**
 * The summary of a change report as Markdown for a pull request: the full report, and the comment, which is the full
 * report when it fits and a shortened one (shortened-layout.ts) when it does not.
 */
import { attentionLines, groupAttention } from './attention-groups';
import { attentionHeading, headline, stackList, stackSection, stackTable, SummaryParts, trailer } from './markdown-pieces';
import { addCounts, ChangeReport, countChanges } from './record-change';
import { findRisks, RiskContextOf, DEFAULT_RISK_CONTEXT } from './risks';
import { shortenedLayout } from './shortened-layout';
import { MIN_MAX_CHARS, textSize } from './size-limit';

export { countsText, SUMMARY_MARKER } from './markdown-pieces';

export interface SummaryOptions {
  /**
   * Longest summary in UTF-8 bytes (never fewer than characters): beyond it the summary is shortened, headline and
   * "Needs attention" first. See size-limit.ts for GitHub's limit and the default the CLI uses.
   * @default - no limit: the full report
   */
  readonly maxChars?: number;
  /** Where the full report is written (`--full FILE`): the shortened summary names the file. */
  readonly fullReport?: string;
}

/** The full report, and what fits in a comment: the same text when the full report fits. */
export interface Summaries {
  readonly full: string;
  readonly comment: string;
  readonly shortened: boolean;
}

/** The PR comment: headline with counts, what needs attention, then one table of record changes per stack. */
export function renderSummary(report: ChangeReport, contextOf: RiskContextOf = () => DEFAULT_RISK_CONTEXT, options: SummaryOptions = {}): string {
  return renderSummaries(report, contextOf, options).comment;
}

/** The full report, and the comment: the full report when it fits in `maxChars`, else a shortened one. */
export function renderSummaries(report: ChangeReport, contextOf: RiskContextOf = () => DEFAULT_RISK_CONTEXT, options: SummaryOptions = {}): Summaries {
  const parts = summaryParts(report, contextOf);
  const full = fullLayout(parts);
  const max = options.maxChars;
  if (max === undefined || textSize(full) <= max) return { full, comment: full, shortened: false };
  return { full, comment: shortenedLayout(parts, Math.max(max, MIN_MAX_CHARS), textSize(full), options.fullReport), shortened: true };
}

function summaryParts(report: ChangeReport, contextOf: RiskContextOf): SummaryParts {
  const changed = report.stacks.filter((s) => s.changes.length > 0);
  const risks = findRisks(changed.flatMap((s) => s.changes), contextOf);
  return {
    report,
    changed,
    unchanged: report.stacks.filter((s) => s.changes.length === 0),
    total: report.stacks.map((s) => countChanges(s.changes)).reduce(addCounts, countChanges([])),
    attention: groupAttention(risks),
    attentionCount: risks.length,
    risky: new Set(risks.map((r) => r.stack)),
  };
}

/** Headline, stack table, every risk (alike ones grouped), every stack's record table, trailer. */
function fullLayout(p: SummaryParts): string {
  const lines = headline(p);
  if (p.changed.length === 0) lines.push('', `No DNS changes in ${stackList(p.report.stacks, Infinity)}.`);
  else {
    lines.push('', ...stackTable(p.report.stacks, p.total, Infinity));
    if (p.attentionCount > 0) lines.push('', attentionHeading(p), '', ...p.attention.flatMap((e) => attentionLines(e)));
    for (const stack of p.changed) lines.push('', ...stackSection(stack));
    if (p.unchanged.length > 0) lines.push('', `No DNS changes in ${stackList(p.unchanged, Infinity)}.`);
  }
  lines.push(...trailer(p, Infinity));
  return `${lines.join('\n')}\n`;
}
