/**
 * Adds reports up, one at a time, into per-institution counters whose size does not depend on the number of
 * reports: totals, one counter per day, one per receiver (the report's `org_name`), and one per source IP (at most
 * `sources` in all; the rest are summed as "other sources"). Duplicates (same reporter, report id and policy domain)
 * count once; so do reports the history counted in an earlier run. The history's days come in through
 * {@link ReportAggregator.addDay}, which feeds the same counters as a report does, so that figures from the history
 * alone are the figures the reports gave. Pure: no I/O.
 */
import { BLOCKING_WINDOW_DAYS } from '../readiness/thresholds';
import { REPORT_LIMITS, ReportLimits } from '../limits';
import { AggregateReport, DkimResult, dmarcPasses, PublishedPolicy, ReportRecord, SpfResult } from '../report';
import { day as dayText } from '../numbers';
import { InstitutionTarget } from './target';

export interface SourceStats {
  readonly ip: string;
  messages: number;
  dmarcPass: number;
  spfAlignedPass: number;
  dkimAlignedPass: number;
  /** Raw SPF result → messages. */
  readonly spf: Map<string, number>;
  /** SPF domains (the envelope sender's) seen, for naming the service behind the source. */
  readonly spfDomains: Set<string>;
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

/** How one receiver (`org_name`) saw an institution's mail. */
export interface ReceiverStats {
  reports: number;
  messages: number;
  /** Messages that passed DMARC (aligned SPF or DKIM). */
  dmarcPass: number;
  /** The platform's mail, and how much of it passed aligned DKIM. */
  platformMessages: number;
  platformPass: number;
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
  /** Receiver (`org_name`) → how it saw this institution's mail; beyond {@link RECEIVERS_KEPT}, one line for the rest. */
  readonly receivers: Map<string, ReceiverStats>;
  /** The last {@link BLOCKING_WINDOW_DAYS} days: all messages, and the DMARC failures of each source besides the platform. */
  readonly recent: { messages: number; readonly failing: Map<string, number> };
}

export interface OutsideStats {
  reports: number;
  messages: number;
  readonly reporters: Set<string>;
}

export type AddOutcome = 'counted' | 'duplicate' | 'in-history' | 'outside' | 'before-window' | { readonly refused: string };

/** One report as the history keeps it: who sent it, its period and the policy it saw. */
export interface CountedReport {
  readonly reporter: string;
  readonly begin: number;
  readonly end: number;
  readonly policy: PublishedPolicy;
}

/** Report rows of one day with the same source and results, summed; the receivers that reported them. */
export interface DayRow extends Pick<ReportRecord, 'count' | 'dkimAligned' | 'spfAligned' | 'dkim' | 'spf'> {
  /** An IP address, or {@link OTHER_SOURCES} for rows summed beyond the history's bound. */
  readonly ip: string;
  readonly reporters: readonly string[];
}

/** One day of one institution, as the history holds it. */
export interface DayData {
  readonly day: string;
  readonly reports: readonly CountedReport[];
  readonly rows: readonly DayRow[];
  readonly receivers: ReadonlyMap<string, Omit<ReceiverStats, 'reports'>>;
}

/** The name of the line that sums sources beyond the limits. */
export const OTHER_SOURCES = 'other sources';
/** The name of the line that sums receivers beyond {@link RECEIVERS_KEPT}. */
export const OTHER_RECEIVERS = '(other receivers)';

/** Report-level string sets (reporters per source) stay small: names beyond this many are not kept. */
export const NAMES_KEPT = 8;
/** Receivers kept apart per institution: real reports come from a few dozen. */
export const RECEIVERS_KEPT = 64;
/** Domains outside the config kept apart; more are summed into one line. */
const OUTSIDE_KEPT = 1_000;

export interface AggregatorOptions {
  /** Reports whose period ended before this time (seconds) are left out of the window. */
  readonly since?: number;
  /** "Now" in seconds: the last {@link BLOCKING_WINDOW_DAYS} days end here. @default the clock */
  readonly now?: number;
  readonly limits?: ReportLimits;
  /** Report keys ({@link historyKey}) per institution code that an earlier run counted: they are not counted again. */
  readonly known?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Asked before a new report of an institution is counted: a reason refuses it (the history's bound of a day). */
  readonly admit?: (target: InstitutionTarget, report: AggregateReport) => string | undefined;
}

export class ReportAggregator {
  readonly institutions: readonly InstitutionStats[];
  readonly outside = new Map<string, OutsideStats>();
  readonly reporters = new Set<string>();
  counted = 0;
  duplicates = 0;
  /** Reports that an earlier run counted (the history holds them). */
  inHistory = 0;
  beforeWindow = 0;
  begin?: number;
  end?: number;
  private readonly byDomain = new Map<string, InstitutionStats>();
  private readonly seen = new Set<string>();
  /** Source counters left before new sources go to the overflow lines (shared by all institutions). */
  private readonly budget: { sources: number };
  /** The first day of the last {@link BLOCKING_WINDOW_DAYS} days. */
  private readonly recentFrom: string;
  private readonly sinceDay?: string;

  constructor(targets: readonly InstitutionTarget[], private readonly options: AggregatorOptions = {}) {
    this.institutions = targets.map((target) => ({
      target,
      reports: 0,
      reporters: new Set(),
      messages: 0,
      dmarcPass: 0,
      days: new Map(),
      platform: { messages: 0, alignedDkimPass: 0, failing: new Map(), failingOverflow: newSource(OTHER_SOURCES) },
      sources: new Map(),
      otherSources: newSource(OTHER_SOURCES),
      receivers: new Map(),
      recent: { messages: 0, failing: new Map() },
    }));
    for (const stats of this.institutions) this.byDomain.set(stats.target.domain, stats);
    this.budget = { sources: (options.limits ?? REPORT_LIMITS).sources };
    const now = options.now ?? Date.now() / 1000;
    this.recentFrom = dayText(now - (BLOCKING_WINDOW_DAYS - 1) * 86400);
    if (options.since !== undefined) this.sinceDay = dayText(options.since);
  }

  /** The institution a report is about, by its policy domain. */
  institutionOf(report: AggregateReport): InstitutionStats | undefined {
    return this.byDomain.get(report.policy.domain);
  }

  add(report: AggregateReport): AddOutcome {
    if (this.options.since !== undefined && report.end < this.options.since) {
      this.beforeWindow++;
      return 'before-window';
    }
    const stats = this.byDomain.get(report.policy.domain);
    if (stats && this.options.known?.get(stats.target.code)?.has(historyKey(report.orgName, report.reportId))) {
      this.inHistory++;
      return 'in-history';
    }
    const key = `${report.orgName.toLowerCase()}\n${report.reportId}\n${report.policy.domain}`;
    if (this.seen.has(key)) {
      this.duplicates++;
      return 'duplicate';
    }
    const refused = stats && this.options.admit?.(stats.target, report);
    if (refused) return { refused };
    this.seen.add(key);
    this.counted++;
    this.noteReport(report.orgName, report.begin, report.end);
    if (!stats) {
      this.addOutside(report);
      return 'outside';
    }
    const dayStats = this.countReport(stats, dayOf(report), { reporter: report.orgName, begin: report.begin, end: report.end, policy: report.policy });
    const receiver = receiverIn(stats, report.orgName);
    const reporters = [report.orgName];
    const recent = dayOf(report) >= this.recentFrom;
    for (const record of report.records) {
      const platform = this.addRecord(stats, dayStats, record, reporters, recent);
      receiver.messages += record.count;
      if (dmarcPasses(record)) receiver.dmarcPass += record.count;
      if (platform !== undefined) {
        receiver.platformMessages += record.count;
        if (platform) receiver.platformPass += record.count;
      }
    }
    return 'counted';
  }

  /** One day of the history: its reports, rows and receivers, into the same counters a report feeds. */
  addDay(stats: InstitutionStats, data: DayData): void {
    if (this.sinceDay !== undefined && data.day < this.sinceDay) return;
    let dayStats: DayStats | undefined;
    for (const report of data.reports) {
      this.noteReport(report.reporter, report.begin, report.end);
      dayStats = this.countReport(stats, data.day, report);
    }
    // Rows without a report of theirs cannot be: the history reader refuses such a day.
    if (!dayStats) return;
    const recent = data.day >= this.recentFrom;
    for (const row of data.rows) this.addRecord(stats, dayStats, row, row.reporters, recent);
    for (const [reporter, counts] of data.receivers) {
      const receiver = receiverIn(stats, reporter);
      receiver.messages += counts.messages;
      receiver.dmarcPass += counts.dmarcPass;
      receiver.platformMessages += counts.platformMessages;
      receiver.platformPass += counts.platformPass;
    }
  }

  private noteReport(reporter: string, begin: number, end: number): void {
    this.reporters.add(reporter);
    this.begin = Math.min(this.begin ?? begin, begin);
    this.end = Math.max(this.end ?? end, end);
  }

  private addOutside(report: AggregateReport): void {
    const domain = this.outside.size < OUTSIDE_KEPT || this.outside.has(report.policy.domain) ? report.policy.domain : '(other domains)';
    let entry = this.outside.get(domain);
    if (!entry) this.outside.set(domain, (entry = { reports: 0, messages: 0, reporters: new Set() }));
    entry.reports++;
    for (const r of report.records) entry.messages += r.count;
    if (entry.reporters.size < NAMES_KEPT) entry.reporters.add(report.orgName);
  }

  private countReport(stats: InstitutionStats, day: string, report: CountedReport): DayStats {
    const { target } = stats;
    stats.reports++;
    if (stats.reporters.size < NAMES_KEPT * 4) stats.reporters.add(report.reporter);
    receiverIn(stats, report.reporter).reports++;
    let dayStats = stats.days.get(day);
    if (!dayStats) stats.days.set(day, (dayStats = { messages: 0, dmarcPass: 0, atPolicy: false }));
    const pub = report.policy;
    // RFC 7489 reports do not say whether t=y was seen: they match on p alone.
    if (pub.p === target.policy.p && (pub.testing === undefined || pub.testing === target.policy.t)) dayStats.atPolicy = true;
    if (!stats.published || report.end >= stats.published.end) {
      stats.published = { p: pub.p, ...(pub.sp && { sp: pub.sp }), ...(pub.np && { np: pub.np }), ...(pub.testing !== undefined && { testing: pub.testing }), end: report.end };
    }
    return dayStats;
  }

  /** One row (or summed rows): the totals, and its source. Returns whether it is platform mail that passed, as {@link platformSignature}. */
  private addRecord(stats: InstitutionStats, dayStats: DayStats, record: RowLike, reporters: readonly string[], recent: boolean): boolean | undefined {
    const pass = dmarcPasses(record);
    stats.messages += record.count;
    dayStats.messages += record.count;
    if (recent) stats.recent.messages += record.count;
    if (pass) {
      stats.dmarcPass += record.count;
      dayStats.dmarcPass += record.count;
    }
    const ip = 'sourceIp' in record ? record.sourceIp : record.ip;
    const platform = platformSignature(record, stats.target);
    if (platform !== undefined) {
      stats.platform.messages += record.count;
      if (platform) stats.platform.alignedDkimPass += record.count;
      else addToSource(sourceIn(stats.platform.failing, ip, this.budget, stats.platform.failingOverflow), record, reporters);
      return platform;
    }
    const source = sourceIn(stats.sources, ip, this.budget, stats.otherSources);
    addToSource(source, record, reporters);
    if (recent && !pass) stats.recent.failing.set(source.ip, (stats.recent.failing.get(source.ip) ?? 0) + record.count);
    return undefined;
  }
}

type RowLike = Pick<ReportRecord, 'count' | 'dkimAligned' | 'spfAligned' | 'dkim' | 'spf'> & ({ readonly sourceIp: string } | { readonly ip: string });

/**
 * The key under which the history keeps a report of one institution: the receiver's name and the report id as the
 * history stores text ({@link storedText}), the name lowercase. The same for a report and for its line in the history.
 */
export function historyKey(reporter: string, reportId: string): string {
  return `${storedText(reporter).toLowerCase()}\n${storedText(reportId)}`;
}

/** Text longer than this is kept by its digest in the history (a report id or a name of up to 1,000 characters). */
export const STORED_TEXT_MAX = 200;

/**
 * Text as the history keeps it: itself up to {@link STORED_TEXT_MAX} characters, else `~` and the first 32 hex digits
 * of its SHA-256, so that a line stays short whatever a report holds and the same text always gives the same key.
 */
export function storedText(text: string): string {
  if (text.length <= STORED_TEXT_MAX) return text;
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return `~${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/**
 * undefined: not the platform's mail. true/false: signed by the platform (a selector of the sender profile with
 * `d=` the institution's domain), and whether it passed DKIM aligned with the From domain.
 */
export function platformSignature(record: Pick<ReportRecord, 'dkim' | 'dkimAligned'>, target: InstitutionTarget): boolean | undefined {
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
  return { ip, messages: 0, dmarcPass: 0, spfAlignedPass: 0, dkimAlignedPass: 0, spf: new Map(), spfDomains: new Set(), dkim: new Map(), reporters: new Set() };
}

function sourceIn(map: Map<string, SourceStats>, ip: string, budget: { sources: number }, overflow: SourceStats): SourceStats {
  let source = map.get(ip);
  if (source) return source;
  if (ip === OTHER_SOURCES || budget.sources <= 0) return overflow;
  budget.sources--;
  map.set(ip, (source = newSource(ip)));
  return source;
}

function receiverIn(stats: InstitutionStats, reporter: string): ReceiverStats {
  let receiver = stats.receivers.get(reporter);
  if (receiver) return receiver;
  const name = stats.receivers.size < RECEIVERS_KEPT ? reporter : OTHER_RECEIVERS;
  receiver = stats.receivers.get(name);
  if (!receiver) stats.receivers.set(name, (receiver = { reports: 0, messages: 0, dmarcPass: 0, platformMessages: 0, platformPass: 0 }));
  return receiver;
}

function addToSource(source: SourceStats, record: Pick<ReportRecord, 'count' | 'dkimAligned' | 'spfAligned' | 'dkim' | 'spf'>, reporters: readonly string[]): void {
  source.messages += record.count;
  if (dmarcPasses(record)) source.dmarcPass += record.count;
  if (record.spfAligned === 'pass') source.spfAlignedPass += record.count;
  if (record.dkimAligned === 'pass') source.dkimAlignedPass += record.count;
  for (const reporter of reporters) if (source.reporters.size < NAMES_KEPT) source.reporters.add(reporter);
  for (const spf of record.spf) addSpf(source, spf, record.count);
  for (const sig of record.dkim) addDkim(source, sig, record.count, record.dkimAligned === 'pass');
}

function addSpf(source: SourceStats, spf: SpfResult, count: number): void {
  if (source.spf.size < NAMES_KEPT || source.spf.has(spf.result)) source.spf.set(spf.result, (source.spf.get(spf.result) ?? 0) + count);
  if (source.spfDomains.size < NAMES_KEPT && spf.domain) source.spfDomains.add(spf.domain);
}

function addDkim(source: SourceStats, sig: DkimResult, count: number, aligned: boolean): void {
  const key = `${sig.domain} ${sig.selector ?? ''} ${sig.result}`;
  let entry = source.dkim.get(key);
  if (!entry) {
    if (source.dkim.size >= NAMES_KEPT) return;
    source.dkim.set(key, (entry = { domain: sig.domain, ...(sig.selector !== undefined && { selector: sig.selector }), result: sig.result, alignedPass: 0, messages: 0 }));
  }
  entry.messages += count;
  if (aligned) entry.alignedPass += count;
}
