import { reportAuthorizationName } from '../../model/dmarc';
import { DmarcRecord } from '../../model/dmarc-record';
import { CheckResult, fail, missing, pass } from '../check-result';
import { DnsAnswer } from '../resolver';
import { dmarcRecordsOf } from './dmarc-record';

/** The domains of a record's valid rua/ruf URIs, once each, sorted. */
export function reportDomains(record: Pick<DmarcRecord, 'rua' | 'ruf'>): string[] {
  return [...new Set([...record.rua, ...record.ruf].map((u) => u.domain))].sort();
}

/**
 * True when every valid rua/ruf URI is at `domain` itself, so that no other report domain needs judging: the common
 * case, answered without the lists {@link reportDomains} builds. Same as `reportDomains(record)` holding no domain but
 * `domain`.
 */
export function reportsOnlyTo(record: Pick<DmarcRecord, 'rua' | 'ruf'>, domain: string): boolean {
  for (const uri of record.rua) if (uri.domain !== domain) return false;
  for (const uri of record.ruf) if (uri.domain !== domain) return false;
  return true;
}

/**
 * The report domains outside the policy domain's organisation, which must authorise the reports: those whose
 * organizational domain differs from the policy domain's (RFC 9990 "Verifying External Destinations"). `orgOf` gives
 * organizational domains as the RFC 9989 tree walk finds them (`verify-domain.ts`).
 */
export function externalReportDomains(domain: string, record: Pick<DmarcRecord, 'rua' | 'ruf'>, orgOf: (name: string) => string): string[] {
  return reportDomains(record).filter((d) => d !== domain && orgOf(d) !== orgOf(domain));
}

/**
 * RFC 7489 §7.1 (RFC 9990 for RFC 9989): a receiver sends reports to another domain only if that domain publishes
 * `<domain>._report._dmarc.<report domain>` TXT `v=DMARC1`; without it, the reports are silently lost.
 */
export function checkReportAuthorization(domain: string, reportDomain: string, txt: DnsAnswer): CheckResult {
  const id = `dmarc.report.${reportDomain}`;
  const name = reportAuthorizationName(domain, reportDomain);
  const advice = `reports sent there are dropped; ${reportDomain} must publish ${name} TXT "v=DMARC1"`;
  if (txt.kind !== 'records') return missing(id, txt, { type: 'TXT', name }, `${reportDomain} has not authorised reports for ${domain}`, advice);
  if (dmarcRecordsOf(txt.values).length === 0) return fail(id, `${reportDomain} has not authorised reports for ${domain}: the TXT at ${name} does not start with "v=DMARC1"; ${advice}`);
  return pass(id, `${reportDomain} accepts reports for ${domain} (${name})`);
}
