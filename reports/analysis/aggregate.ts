/**
 * Adds reports up, one at a time, into per-institution counters whose size does not depend on the number of
 * reports: totals, one counter per day, and one per source IP (at most `sources` in all; the rest are summed as
 * "other sources"). Duplicates (same reporter, report id and policy domain) count once. Pure: no I/O.
 */
import { REPORT_LIMITS, ReportLimits } from '../limits';
import { AggregateReport, dmarcPasses, ReportRecord } from '../report';
import { InstitutionTarget } from './target';

export interface SourceStats {
  readonly ip: string;
  messages: number;
  dmarcPass: number;
  spfAlignedPass: number;
  dkimAlignedPass: number;
  /** Raw SPF result → messages. */
  readonly spf: Map<string, number>;
  /** `d=domain s=selector result` → messages, with whether the row's DKIM was aligned. */
  readonly dkim: Map<string, { domain: string; selector?: string; result: string; alignedPass: number; messages: number }>;
  readonly reporters: Set<string>;
}

export interface DayStats {
  messages: number;
  dmarcPass: number;
  /** Some report of that day saw the policy the config publishes. */
  atPolicy: boolean;
}

export interface InstitutionStats {
  readonly target: InstitutionTarget;
  reports: number;
  readonly reporters: Set<string>;
  messages: number;
  dmarcPass: number;
  /** `YYYY-MM-DD` (UTC, the middle of each report's period) → counters. */
  readonly days: Map<string, DayStats>;
  /** The policy in the report that ends last. */
  published?: { readonly p: string; readonly sp?: string; readonly np?: string; readonly testing?: boolean; readonly end: number };
  platform: { messages: number; alignedDkimPass: number; readonly failing: Map<string, SourceStats>; readonly failingOverflow: SourceStats };
  readonly sources: Map<string, SourceStats>;
  /** Sources beyond the limit, summed. */
  readonly otherSources: SourceStats;
}

export interface OutsideStats {
  reports: number;
  messages: number;
  readonly reporters: Set<string>;
}

export type AddOutcome = 'counted' | 'duplicate' | 'outside' | 'before-window';

/** Report-level string sets (reporters per source) stay small: names beyond this many are not kept. */
const NAMES_KEPT = 8;
/** Domains outside the config kept apart; more are summed into one line. */
const OUTSIDE_KEPT = 1_000;

export class ReportAggregator {
  readonly institutions: readonly InstitutionStats[];
  readonly outside = new Map<string, OutsideStats>();
  readonly reporters = new Set<string>();
  counted = 0;
  duplicates = 0;
  beforeWindow = 0;
  begin?: number;
  end?: number;
  private readonly byDomain = new Map<string, InstitutionStats>();
  private readonly seen = new Set<string>();
  /** Source counters left before new sources go to the overflow lines (shared by all institutions). */
  private readonly budget: { sources: number };

  /** `since`: reports whose period ended before this time (seconds) are left out of the window. */
  constructor(targets: readonly InstitutionTarget[], private readonly options: { readonly since?: number; readonly limits?: ReportLimits } = {}) {
    this.institutions = targets.map((target) => ({
      target,
      reports: 0,
      reporters: new Set(),
      messages: 0,
      dmarcPass: 0,
      days: new Map(),
      platform: { messages: 0, alignedDkimPass: 0, failing: new Map(), failingOverflow: newSource('other sources') },
      sources: new Map(),
      otherSources: newSource('other sources'),
    }));
    for (const stats of this.institutions) this.byDomain.set(stats.target.domain, stats);
    this.budget = { sources: (options.limits ?? REPORT_LIMITS).sources };
  }

  add(report: AggregateReport): AddOutcome {
    if (this.options.since !== undefined && report.end < this.options.since) {
      this.beforeWindow++;
      return 'before-window';
    }
    const key = `${report.orgName.toLowerCase()}\n${report.reportId}\n${report.policy.domain}`;
    if (this.seen.has(key)) {
      this.duplicates++;
      return 'duplicate';
    }
    this.seen.add(key);
    this.counted++;
    this.reporters.add(report.orgName);
    this.begin = Math.min(this.begin ?? report.begin, report.begin);
    this.end = Math.max(this.end ?? report.end, report.end);
    const stats = this.byDomain.get(report.policy.domain);
    if (!stats) {
      this.addOutside(report);
      return 'outside';
    }
    this.addToInstitution(stats, report);
    return 'counted';
  }

  private addOutside(report: AggregateReport): void {
    const domain = this.outside.size < OUTSIDE_KEPT || this.outside.has(report.policy.domain) ? report.policy.domain : '(other domains)';
    let entry = this.outside.get(domain);
    if (!entry) this.outside.set(domain, (entry = { reports: 0, messages: 0, reporters: new Set() }));
    entry.reports++;
    for (const r of report.records) entry.messages += r.count;
    if (entry.reporters.size < NAMES_KEPT) entry.reporters.add(report.orgName);
  }

  private addToInstitution(stats: InstitutionStats, report: AggregateReport): void {
    const { target } = stats;
    stats.reports++;
    if (stats.reporters.size < NAMES_KEPT * 4) stats.reporters.add(report.orgName);
    const day = dayOf(report);
    let dayStats = stats.days.get(day);
    if (!dayStats) stats.days.set(day, (dayStats = { messages: 0, dmarcPass: 0, atPolicy: false }));
    const pub = report.policy;
    // RFC 7489 reports do not say whether t=y was seen: they match on p alone.
    if (pub.p === target.policy.p && (pub.testing === undefined || pub.testing === target.policy.t)) dayStats.atPolicy = true;
    if (!stats.published || report.end >= stats.published.end) {
      stats.published = { p: pub.p, ...(pub.sp && { sp: pub.sp }), ...(pub.np && { np: pub.np }), ...(pub.testing !== undefined && { testing: pub.testing }), end: report.end };
    }
    for (const record of report.records) {
      const pass = dmarcPasses(record);
      stats.messages += record.count;
      dayStats.messages += record.count;
      if (pass) {
        stats.dmarcPass += record.count;
        dayStats.dmarcPass += record.count;
      }
      const platform = platformSignature(record, target);
      if (platform !== undefined) {
        stats.platform.messages += record.count;
        if (platform) stats.platform.alignedDkimPass += record.count;
        else addToSource(sourceIn(stats.platform.failing, record.sourceIp, this.budget, stats.platform.failingOverflow), record, report.orgName);
        continue;
      }
      addToSource(sourceIn(stats.sources, record.sourceIp, this.budget, stats.otherSources), record, report.orgName);
    }
  }
}

/**
 * undefined: not the platform's mail. true/false: signed by the platform (a selector of the sender profile with
 * `d=` the institution's domain), and whether it passed DKIM aligned with the From domain.
 */
export function platformSignature(record: ReportRecord, target: InstitutionTarget): boolean | undefined {
  let signed = false;
  let passed = false;
  for (const sig of record.dkim) {
    if (sig.domain !== target.domain || sig.selector === undefined || !target.selectors.includes(sig.selector)) continue;
    signed = true;
    if (sig.result === 'pass') passed = true;
  }
  if (!signed) return undefined;
  return passed && record.dkimAligned === 'pass';
}

/** The UTC day in the middle of a report's period: daily reports from 00:00 to 23:59 fall on their own day. */
export function dayOf(report: Pick<AggregateReport, 'begin' | 'end'>): string {
  return new Date(Math.floor((report.begin + report.end) / 2) * 1000).toISOString().slice(0, 10);
}

function newSource(ip: string): SourceStats {
  return { ip, messages: 0, dmarcPass: 0, spfAlignedPass: 0, dkimAlignedPass: 0, spf: new Map(), dkim: new Map(), reporters: new Set() };
}

function sourceIn(map: Map<string, SourceStats>, ip: string, budget: { sources: number }, overflow: SourceStats): SourceStats {
  let source = map.get(ip);
  if (source) return source;
  if (budget.sources <= 0) return overflow;
  budget.sources--;
  map.set(ip, (source = newSource(ip)));
  return source;
}

function addToSource(source: SourceStats, record: ReportRecord, reporter: string): void {
  source.messages += record.count;
  if (dmarcPasses(record)) source.dmarcPass += record.count;
  if (record.spfAligned === 'pass') source.spfAlignedPass += record.count;
  if (record.dkimAligned === 'pass') source.dkimAlignedPass += record.count;
  if (source.reporters.size < NAMES_KEPT) source.reporters.add(reporter);
  for (const spf of record.spf) {
    if (source.spf.size < NAMES_KEPT || source.spf.has(spf.result)) source.spf.set(spf.result, (source.spf.get(spf.result) ?? 0) + record.count);
  }
  for (const sig of record.dkim) {
    const key = `${sig.domain} ${sig.selector ?? ''} ${sig.result}`;
    let entry = source.dkim.get(key);
    if (!entry) {
      if (source.dkim.size >= NAMES_KEPT) continue;
      source.dkim.set(key, (entry = { domain: sig.domain, ...(sig.selector !== undefined && { selector: sig.selector }), result: sig.result, alignedPass: 0, messages: 0 }));
    }
    entry.messages += record.count;
    if (record.dkimAligned === 'pass') entry.alignedPass += record.count;
  }
}
