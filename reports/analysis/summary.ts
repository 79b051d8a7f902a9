/**
 * The counters of one institution turned into plain, sorted, JSON-ready data: what the readiness rules judge and
 * what every renderer shows. Pure. The sources it lists carry no sender name yet: reports/senders/ adds one (PTR
 * names, known services) before the verdicts are made.
 */
import { rate, day } from '../numbers';
import { PolicyState } from '../readiness/ladder';
import { BLOCKING_WINDOW_DAYS, Thresholds } from '../readiness/thresholds';
import { InstitutionStats, OTHER_RECEIVERS, OTHER_SOURCES, ReceiverStats, SourceStats } from './aggregate';
import { largeReceiverOf } from './large-receivers';

export interface SourceSummary {
  readonly ip: string;
  readonly messages: number;
  readonly dmarcPass: number;
  readonly spfAlignedPass: number;
  readonly dkimAlignedPass: number;
  /** Raw SPF results (not aligned), most messages first. */
  readonly spf: readonly { readonly result: string; readonly messages: number }[];
  /** The SPF domains (envelope senders) seen, sorted. */
  readonly spfDomains: readonly string[];
  /** DKIM signatures seen; `aligned` false when the signature passed but DMARC's DKIM check did not (another `d=`). */
  readonly dkim: readonly { readonly domain: string; readonly selector?: string; readonly result: string; readonly aligned: boolean; readonly messages: number }[];
  /** The receivers that reported this source (`org_name`). */
  readonly reporters: readonly string[];
  /** The source's PTR name (reports/senders/ptr.ts); null when it has none or none was looked up. */
  readonly ptr?: PtrName | null;
  /** The service behind the source and its fix (reports/senders/identify.ts); null when none is known. */
  readonly sender?: SenderMatch | null;
}

/** A PTR name, and whether it resolves back to the source's address (forward-confirmed). */
export interface PtrName {
  readonly name: string;
  readonly confirmed: boolean;
}

/** A known sender (model/known-senders.ts) matched to a source, with how it was matched and what to do. */
export interface SenderMatch {
  readonly id: string;
  readonly name: string;
  readonly kind: 'esp' | 'mailbox-provider' | 'platform' | 'forwarder' | 'mailing-list';
  /** What matched: its confirmed PTR name, a DKIM `d=` domain or an SPF (envelope) domain of its mail. */
  readonly via: 'ptr' | 'dkim' | 'spf';
  readonly matched: string;
  /** Forwarders and mailing lists pass mail on: their failures are expected, not fixed by the institution. */
  readonly forwarder: boolean;
  /** `include:servers.mcsv.net`: the SPF include to add, when the service has one. */
  readonly spfInclude?: string;
  readonly fix: { readonly spf?: string; readonly dkim?: string };
}

/** How one receiver saw the institution's mail. */
export interface ReceiverSummary {
  /** The report's `org_name`. */
  readonly reporter: string;
  /** The large mailbox provider it is (reports/analysis/large-receivers.ts), or null. */
  readonly large: string | null;
  readonly reports: number;
  readonly messages: number;
  readonly dmarcPass: number;
  readonly passRate: number | null;
  readonly platformMessages: number;
  readonly platformPass: number;
  readonly platformPassRate: number | null;
  /** A large receiver whose aligned pass rate (of all mail, or of platform mail) is below the pass-rate threshold. */
  readonly flagged: boolean;
}

/** A source whose DMARC failures over the last {@link BLOCKING_WINDOW_DAYS} days reach the blocking thresholds. */
export interface BlockingSource extends SourceSummary {
  /** Its failing messages over those days. */
  readonly recentFailing: number;
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
  /**
   * Days with reports, and days at the current policy: counted back from the latest day, up to the last day whose
   * reports all saw another policy (a rollback, or the deploy of this policy, starts the count again).
   */
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
  /** Per receiver (`org_name`), most messages first. */
  readonly receivers: readonly ReceiverSummary[];
  /** The last {@link BLOCKING_WINDOW_DAYS} days: messages, and the sources whose failures block the step to `p=reject`. */
  readonly recent: { readonly days: number; readonly messages: number; readonly blockingSources: readonly BlockingSource[] };
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
    daysAtPolicy: daysAtPolicyRun(days.map(([, d]) => d.atPolicy)),
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
    receivers: receiverSummaries(stats.receivers, target.thresholds.passRate),
    recent: { days: BLOCKING_WINDOW_DAYS, messages: stats.recent.messages, blockingSources: blockingSources(stats) },
    daily: days.map(([d, s]) => ({ day: d, messages: s.messages, dmarcPass: s.dmarcPass })),
  };
}

/** Days at the policy, counted back from the latest day with reports until a day none of whose reports saw it. */
export function daysAtPolicyRun(atPolicy: readonly boolean[]): number {
  let run = 0;
  for (let i = atPolicy.length - 1; i >= 0 && atPolicy[i]; i--) run++;
  return run;
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

/**
 * The sources besides the platform whose DMARC failures over the last {@link BLOCKING_WINDOW_DAYS} days reach both
 * blocking thresholds, most failures first (at most {@link SOURCES_SHOWN}).
 */
function blockingSources(stats: InstitutionStats): BlockingSource[] {
  const { blockingMessages, blockingShare } = stats.target.thresholds;
  const total = stats.recent.messages;
  return [...stats.recent.failing.entries()]
    .filter(([, failing]) => failing >= blockingMessages && failing * 100 >= blockingShare * total)
    .sort(([ipA, a], [ipB, b]) => b - a || ipA.localeCompare(ipB))
    .slice(0, SOURCES_SHOWN)
    .map(([ip, failing]) => ({ ...sourceSummary(ip === OTHER_SOURCES ? stats.otherSources : stats.sources.get(ip)!), recentFailing: failing }));
}

function receiverSummaries(receivers: ReadonlyMap<string, ReceiverStats>, threshold: number): ReceiverSummary[] {
  // Integer comparison, as the pass-rate rule: 98 % of 100 messages is 98 passes.
  const below = (pass: number, messages: number) => messages > 0 && pass * 100 < threshold * messages;
  return [...receivers.entries()]
    .map(([reporter, r]) => {
      const large = reporter === OTHER_RECEIVERS ? undefined : largeReceiverOf(reporter);
      return {
        reporter,
        large: large?.name ?? null,
        reports: r.reports,
        messages: r.messages,
        dmarcPass: r.dmarcPass,
        passRate: rate(r.dmarcPass, r.messages),
        platformMessages: r.platformMessages,
        platformPass: r.platformPass,
        platformPassRate: rate(r.platformPass, r.platformMessages),
        flagged: large !== undefined && (below(r.dmarcPass, r.messages) || below(r.platformPass, r.platformMessages)),
      };
    })
    .sort((a, b) => b.messages - a.messages || a.reporter.localeCompare(b.reporter));
}

function sourceSummary(s: SourceStats): SourceSummary {
  return {
    ip: s.ip,
    messages: s.messages,
    dmarcPass: s.dmarcPass,
    spfAlignedPass: s.spfAlignedPass,
    dkimAlignedPass: s.dkimAlignedPass,
    spf: [...s.spf.entries()].map(([result, messages]) => ({ result, messages })).sort((a, b) => b.messages - a.messages),
    spfDomains: [...s.spfDomains].sort(),
    dkim: [...s.dkim.values()]
      .map((d) => ({ domain: d.domain, ...(d.selector !== undefined && { selector: d.selector }), result: d.result, aligned: !(d.result === 'pass' && d.alignedPass === 0), messages: d.messages }))
      .sort((a, b) => b.messages - a.messages),
    reporters: [...s.reporters].sort(),
  };
}
