import { needsReportAuthorization, reportAuthorizationName, reportUriDomain } from '../../model/dmarc';
import { validateHostname } from '../../model/names';
import { Problems } from '../../model/problems';
import { CheckResult, fail, missing, pass } from '../check-result';
import { DnsAnswer } from '../resolver';
import { dmarcRecordsOf } from './dmarc-record';

/** The domains of the rua/ruf URIs that lie outside the policy domain's organisation: each must authorise. */
export function externalReportDomains(domain: string, tags: Readonly<Record<string, string>>): string[] {
  const uris = [tags.rua, tags.ruf].filter((v): v is string => v !== undefined).flatMap((v) => v.split(','));
  const domains = uris.map(reportUriDomain).filter((d): d is string => d !== undefined);
  return [...new Set(domains)].filter((d) => needsReportAuthorization(domain, d)).sort();
}

/**
 * A report domain read from a live record that is not a host name (control characters, spaces, empty labels): no
 * receiver can deliver reports there, and it is not sent to DNS as a query. Undefined when the name is valid.
 */
export function checkReportDomainName(domain: string, reportDomain: string): CheckResult | undefined {
  const problems = new Problems();
  if (validateHostname(reportDomain, problems, 'the report domain')) return undefined;
  return fail(`dmarc.report.${reportDomain}`, `the DMARC record of ${domain} sends reports to an invalid domain: ${problems.errors[0]!.message}; no report can be delivered there`);
}

/**
 * RFC 7489 §7.1: a receiver sends reports to another domain only if that domain publishes
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
