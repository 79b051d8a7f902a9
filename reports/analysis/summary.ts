/**
 * The counters of one institution turned into plain, sorted, JSON-ready data: what the readiness rules judge and
 * what every renderer shows. Pure.
 */
import { rate, day } from '../numbers';
import { PolicyState } from '../readiness/ladder';
import { Thresholds } from '../readiness/thresholds';
import { InstitutionStats, SourceStats } from './aggregate';

export interface SourceSummary {
  readonly ip: string;
  readonly messages: number;
  readonly dmarcPass: number;
  readonly spfAlignedPass: number;
  readonly dkimAlignedPass: number;
  /** Raw SPF results (not aligned), most messages first. */
  readonly spf: readonly { readonly result: string; readonly messages: number }[];
  /** DKIM signatures seen; `aligned` false when the signature passed but DMARC's DKIM check did not (another `d=`). */
  readonly dkim: readonly { readonly domain: string; readonly selector?: string; readonly result: string; readonly aligned: boolean; readonly messages: number }[];
  /** The receivers that reported this source (`org_name`). */
  readonly reporters: readonly string[];
}

export interface InstitutionSummary {
  readonly code: string;
  readonly domain: string;
  readonly selectors: readonly string[];
  /** What the config publishes. */
  readonly policy: PolicyState;
  /** What receivers saw in the latest report; null without reports. */
  readonly published: { readonly p: string; readonly sp?: string; readonly np?: string; readonly testing?: boolean; readonly lastSeen: string } | null;
  readonly thresholds: Thresholds;
  readonly reports: number;
  readonly reporters: readonly string[];
  /** Days with reports, and those while receivers saw the config's policy. */
  readonly days: number;
  readonly daysAtPolicy: number;
  readonly messages: number;
  readonly dmarcPass: number;
  readonly passRate: number | null;
  readonly platform: {
    readonly messages: number;
    readonly alignedDkimPass: number;
    readonly passRate: number | null;
    /** Sources of platform-signed mail that failed aligned DKIM, most failures first. */
    readonly failingSources: readonly SourceSummary[];
  };
  /** Distinct sources of the other mail. */
  readonly sourceCount: number;
  /** Other mail's sources with DMARC failures, most failures first (at most {@link SOURCES_SHOWN}). */
  readonly failingSources: readonly SourceSummary[];
  readonly daily: readonly { readonly day: string; readonly messages: number; readonly dmarcPass: number }[];
}

export const SOURCES_SHOWN = 10;

export function summarize(stats: InstitutionStats): InstitutionSummary {
  const { target } = stats;
  const days = [...stats.days.entries()].sort(([a], [b]) => a.localeCompare(b));
  const published = stats.published;
  const others = withOverflow(stats.sources, stats.otherSources);
  return {
    code: target.code,
    domain: target.domain,
    selectors: target.selectors,
    policy: target.policy,
    published: published ? { p: published.p, ...(published.sp && { sp: published.sp }), ...(published.np && { np: published.np }), ...(published.testing !== undefined && { testing: published.testing }), lastSeen: day(published.end) } : null,
    thresholds: target.thresholds,
    reports: stats.reports,
    reporters: [...stats.reporters].sort(),
    days: days.length,
    daysAtPolicy: days.filter(([, d]) => d.atPolicy).length,
    messages: stats.messages,
    dmarcPass: stats.dmarcPass,
    passRate: rate(stats.dmarcPass, stats.messages),
    platform: {
      messages: stats.platform.messages,
      alignedDkimPass: stats.platform.alignedDkimPass,
      passRate: rate(stats.platform.alignedDkimPass, stats.platform.messages),
      failingSources: largestFailing(withOverflow(stats.platform.failing, stats.platform.failingOverflow), (s) => s.messages - s.dkimAlignedPass),
    },
    sourceCount: stats.sources.size + (stats.otherSources.messages > 0 ? 1 : 0),
    failingSources: largestFailing(others, (s) => s.messages - s.dmarcPass),
    daily: days.map(([d, s]) => ({ day: d, messages: s.messages, dmarcPass: s.dmarcPass })),
  };
}

function withOverflow(map: Map<string, SourceStats>, overflow: SourceStats): SourceStats[] {
  return overflow.messages > 0 ? [...map.values(), overflow] : [...map.values()];
}

function largestFailing(sources: readonly SourceStats[], failures: (s: SourceStats) => number): SourceSummary[] {
  return sources
    .filter((s) => failures(s) > 0)
    .sort((a, b) => failures(b) - failures(a) || b.messages - a.messages || a.ip.localeCompare(b.ip))
    .slice(0, SOURCES_SHOWN)
    .map(sourceSummary);
}

function sourceSummary(s: SourceStats): SourceSummary {
  return {
    ip: s.ip,
    messages: s.messages,
    dmarcPass: s.dmarcPass,
    spfAlignedPass: s.spfAlignedPass,
    dkimAlignedPass: s.dkimAlignedPass,
    spf: [...s.spf.entries()].map(([result, messages]) => ({ result, messages })).sort((a, b) => b.messages - a.messages),
    dkim: [...s.dkim.values()]
      .map((d) => ({ domain: d.domain, ...(d.selector !== undefined && { selector: d.selector }), result: d.result, aligned: !(d.result === 'pass' && d.alignedPass === 0), messages: d.messages }))
      .sort((a, b) => b.messages - a.messages),
    reporters: [...s.reporters].sort(),
  };
}
