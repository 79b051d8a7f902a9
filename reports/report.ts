/**
 * The neutral aggregate report: what the parser makes of an RFC 7489 Appendix C report or an RFC 9990 report
 * (namespace `urn:ietf:params:xml:ns:dmarc-2.0`), whichever the receiver sent. Analysis only ever sees this.
 */
import { DmarcPolicy } from '../model/dmarc';

export type ReportFormat = 'rfc7489' | 'rfc9990';

export interface AggregateReport {
  /** Where it came from: a file, `archive.zip!entry.xml`, or `imap INBOX uid 12 …`. */
  readonly origin: string;
  readonly format: ReportFormat;
  /** `report_metadata.org_name`: the receiver that sent it (google.com, Yahoo, Outlook.com…). */
  readonly orgName: string;
  readonly reportId: string;
  /** `date_range`, seconds since the epoch (UTC). */
  readonly begin: number;
  readonly end: number;
  readonly policy: PublishedPolicy;
  readonly records: readonly ReportRecord[];
}

/** `policy_published`: the DMARC record the receiver found, as it read it. */
export interface PublishedPolicy {
  /** The policy domain, lowercase, no trailing dot. */
  readonly domain: string;
  /** Missing `p` reads as none (RFC 9989: the record applies with p=none). */
  readonly p: DmarcPolicy;
  readonly sp?: DmarcPolicy;
  readonly np?: DmarcPolicy;
  /** RFC 9990 `testing` (the `t` tag); absent from RFC 7489 reports. */
  readonly testing?: boolean;
  /** RFC 7489 `pct`; removed by RFC 9989. */
  readonly pct?: number;
}

export type DmarcResult = 'pass' | 'fail';

/** One `record`: `count` messages from one IP with the same results. */
export interface ReportRecord {
  readonly sourceIp: string;
  readonly count: number;
  /** `policy_evaluated.disposition`: none, quarantine or reject (what the receiver did). */
  readonly disposition: string;
  /** `policy_evaluated.dkim` / `.spf`: the results *aligned* with the From domain, as DMARC used them. */
  readonly dkimAligned: DmarcResult;
  readonly spfAligned: DmarcResult;
  readonly headerFrom: string;
  /** `auth_results`: every DKIM signature checked, uninterpreted with respect to DMARC. */
  readonly dkim: readonly DkimResult[];
  readonly spf: readonly SpfResult[];
}

export interface DkimResult {
  /** `d=`, lowercase. */
  readonly domain: string;
  /** `s=`, lowercase; RFC 7489 reports may omit it. */
  readonly selector?: string;
  /** pass, fail, none, policy, neutral, temperror, permerror (RFC 8601 §2.7.1). */
  readonly result: string;
}

export interface SpfResult {
  readonly domain: string;
  readonly result: string;
}

/** A record passes DMARC when DKIM or SPF passed aligned (RFC 9989 §4.4). */
export function dmarcPasses(record: Pick<ReportRecord, 'dkimAligned' | 'spfAligned'>): boolean {
  return record.dkimAligned === 'pass' || record.spfAligned === 'pass';
}
