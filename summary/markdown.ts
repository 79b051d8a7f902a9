/**
 * The summary of a change report as Markdown for a pull request: the full report, and the comment, which is the full
 * report when it fits and a shortened one (shortened-layout.ts) when it does not.
 */
import { attentionLines, groupAttention } from './attention-groups';
import { blastRadius, BlastRadiusLimits, DEFAULT_BLAST_RADIUS, Fleet } from './blast-radius';
import { ORPHANED_NOTE } from './from-synth';
import { attentionHeading, bannerLines, headline, stackSection, stackTable, SummaryParts, tightenedLines, trailer, unchangedLine } from './markdown-pieces';
import { addCounts, ChangeReport, countChanges } from './record-change';
import { Attention, findRisks, RiskContextOf, DEFAULT_RISK_CONTEXT } from './risks';
import { shortenedLayout } from './shortened-layout';
import { findTightenings } from './tightened';
import { md } from './markdown-text';
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
  /** The fleet (size, retired stacks) the mass-change guard judges against. @default - the stacks of the report, none retired */
  readonly fleet?: Fleet;
  /** @default DEFAULT_BLAST_RADIUS */
  readonly limits?: BlastRadiusLimits;
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
  const parts = summaryParts(report, contextOf, options);
  const full = fullLayout(parts);
  const max = options.maxChars;
  if (max === undefined || textSize(full) <= max) return { full, comment: full, shortened: false };
  return { full, comment: shortenedLayout(parts, Math.max(max, MIN_MAX_CHARS), textSize(full), options.fullReport), shortened: true };
}

function summaryParts(report: ChangeReport, contextOf: RiskContextOf, options: SummaryOptions): SummaryParts {
  const changed = report.stacks.filter((s) => s.changes.length > 0);
  // An orphaned stack changes no record, which is the problem: nothing will ever delete or manage them again.
  const orphaned = report.stacks.filter((s) => s.orphaned).map((s): Attention => ({ stack: s.stack, name: '', type: '', message: ORPHANED_NOTE, shape: ORPHANED_NOTE }));
  // A stack whose plan failed says nothing of what the change does to it: the reviewer must not approve blind.
  const failed = report.stacks.filter((s) => s.planError !== undefined).map((s): Attention => {
    const { markdown, shape } = md`the plan failed, so this summary cannot show its changes: ${s.planError!}`;
    return { stack: s.stack, name: '', type: '', message: markdown, shape };
  });
  const risks = [...failed, ...orphaned, ...findRisks(changed.flatMap((s) => s.changes), contextOf)];
  const tightened = findTightenings(changed.flatMap((s) => s.changes));
  return {
    report,
    changed,
    unchanged: report.stacks.filter((s) => s.changes.length === 0),
    total: report.stacks.map((s) => countChanges(s.changes)).reduce(addCounts, countChanges([])),
    attention: groupAttention(risks),
    attentionCount: risks.length,
    tightened: groupAttention(tightened),
    tightenedCount: tightened.length,
    risky: new Set(risks.map((r) => r.stack)),
    radius: blastRadius(report, options.fleet ?? { retired: new Set() }, options.limits ?? DEFAULT_BLAST_RADIUS),
  };
}

/**
 * Headline, every risk (alike ones grouped), the mass-change banner, the stack table, what was tightened, every
 * stack's record table, trailer: the risk first (issue 17).
 */
function fullLayout(p: SummaryParts): string {
  const lines = headline(p);
  if (p.attentionCount > 0) lines.push('', attentionHeading(p), '', ...p.attention.flatMap((e) => attentionLines(e)));
  const banner = bannerLines(p);
  if (banner.length > 0) lines.push('', ...banner);
  if (p.changed.length > 0) lines.push('', ...stackTable(p.changed, p.total, Infinity));
  const tightened = tightenedLines(p);
  if (tightened.length > 0) lines.push('', ...tightened);
  for (const stack of p.changed) lines.push('', ...stackSection(stack));
  const unchanged = unchangedLine(p.unchanged);
  if (unchanged.length > 0) lines.push('', ...unchanged);
  lines.push(...trailer(p, Infinity));
  return `${lines.join('\n')}\n`;
}
