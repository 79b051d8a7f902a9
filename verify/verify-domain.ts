import { dkimCnames } from '../model/dkim';
import { reportAuthorizationName } from '../model/dmarc';
import { DmarcRecord } from '../model/dmarc-record';
import { SenderProfile } from '../model/sender-profile';
import { CheckResult, CheckStatus, worst } from './check-result';
import { checkDkimSelector } from './checks/dkim-selector';
import { checkDmarcRecord } from './checks/dmarc-record';
import { checkReportAuthorization, externalReportDomains, reportDomains, reportsOnlyTo } from './checks/dmarc-report-auth';
import { discoverPolicy, organizationalDomain } from '../model/dmarc-tree-walk';
import { walkDmarcTree } from './dmarc-tree-walk';
import { checkMx } from './checks/mx-record';
import { checkSpfInclude } from './checks/spf-include';
import { checkSpfLookups } from './checks/spf-lookups';
import { checkSpfRecord } from './checks/spf-record';
import { DnsAnswer, DnsResolver } from './resolver';
import { walkSpf } from './spf-tree';

/** One institution to verify: the sender domain, the code in the DKIM target names, the platform's names. */
export interface VerifyTarget {
  readonly code: string;
  readonly domain: string;
  readonly profile: SenderProfile;
}

export interface InstitutionReport {
  readonly code: string;
  readonly domain: string;
  readonly status: CheckStatus;
  readonly checks: readonly CheckResult[];
}

export interface VerifyOptions {
  /** A platform sending IP to evaluate the SPF record for (`spf.ip`). @default - not evaluated */
  readonly ip?: string;
}

/**
 * Runs every check for one institution. Queries go out in parallel; the checks themselves are pure functions of the
 * answers. Checks that depend on a record that is missing or duplicated are left out, so that one broken record
 * gives one failure with its reason, not a cascade.
 */
export async function verifyDomain(target: VerifyTarget, resolver: DnsResolver, options: VerifyOptions = {}): Promise<InstitutionReport> {
  const { domain, code, profile } = target;
  const mxAnswer = resolver.query(domain, 'MX');
  const [spf, dkim, dmarc, mx] = await Promise.all([
    spfChecks(domain, profile.spfInclude, resolver, options.ip),
    Promise.all(
      dkimCnames(domain, code, profile).map(async (expected) => {
        const [cname, key] = await Promise.all([resolver.query(expected.name, 'CNAME'), resolver.query(expected.name, 'TXT')]);
        return checkDkimSelector(expected, cname, key);
      }),
    ),
    dmarcChecks(domain, resolver, mxAnswer),
    mxAnswer.then((answer) => checkMx(domain, answer)),
  ]);
  const checks = [...spf, ...dkim, ...dmarc, mx];
  return { code, domain, status: worst(checks), checks };
}

async function spfChecks(domain: string, include: string, resolver: DnsResolver, ip: string | undefined): Promise<CheckResult[]> {
  const { result, record } = checkSpfRecord(domain, await resolver.query(domain, 'TXT'));
  if (record === undefined) return [result];
  const tree = await walkSpf(domain, resolver, record);
  const checks = [result, checkSpfInclude(tree, include), checkSpfLookups(tree)];
  // Loaded with --ip only (it brings mailauth's adapter): a plain verify never evaluates an IP.
  if (ip !== undefined) checks.push(await (require('./checks/spf-ip') as typeof import('./checks/spf-ip')).checkSpfIp(domain, ip, resolver));
  return checks;
}

/**
 * The DMARC record and the report authorisations. One RFC 9989 tree walk from the domain (reusing the answer for
 * `_dmarc.<domain>`) gives both the policy receivers fall back to when the record is missing and the domain's
 * organizational domain; each report domain gets its own walk, to tell whether it lies outside the organisation.
 * Each walk is at most eight queries. The MX answer tells whether the domain exists (for `np`).
 */
async function dmarcChecks(domain: string, resolver: DnsResolver, mx: Promise<DnsAnswer>): Promise<CheckResult[]> {
  const own = await resolver.query(`_dmarc.${domain}`, 'TXT');
  const steps = await walkDmarcTree(domain, resolver, own);
  const { source, organizationalDomain: org } = discoverPolicy(domain, steps);
  const checked = checkDmarcRecord(domain, own, { source, steps, exists: (await mx).kind !== 'nxdomain' });
  const { record } = checked;
  if (!record) return [checked.result];
  // Most records send reports only to the domain itself: nothing to walk or ask, so the rare path below is not entered.
  if (reportsOnlyTo(record, domain)) return [checked.result];
  return reportAuthorizationChecks(domain, org, record, checked.result, resolver);
}

/** The report domains of `record` other than `domain`: which lie outside its organisation, and whether each authorises the reports. */
async function reportAuthorizationChecks(domain: string, org: string, record: DmarcRecord, recordResult: CheckResult, resolver: DnsResolver): Promise<CheckResult[]> {
  const all = reportDomains(record).filter((d) => d !== domain);
  // A hostile or careless record may list hundreds of domains: each costs a walk, so only the first few are judged.
  const candidates = all.slice(0, MAX_REPORT_DOMAINS);
  const result = all.length > MAX_REPORT_DOMAINS ? tooManyReportDomains(recordResult, all.length) : recordResult;
  const orgs = new Map<string, string>([[domain, org]]);
  await Promise.all(candidates.map(async (d) => orgs.set(d, organizationalDomain(d, await walkDmarcTree(d, resolver)))));
  const external = externalReportDomains(domain, record, (d) => orgs.get(d) ?? d).filter((d) => orgs.has(d));
  const authorizations = await Promise.all(
    external.map(async (reportDomain) => checkReportAuthorization(domain, reportDomain, await resolver.query(reportAuthorizationName(domain, reportDomain), 'TXT'))),
  );
  return [result, ...authorizations];
}

/** Report domains judged per record (each one a tree walk of at most 8 queries and an authorization query). */
export const MAX_REPORT_DOMAINS = 20;

function tooManyReportDomains(result: CheckResult, count: number): CheckResult {
  const note = `${count} report domains: only the first ${MAX_REPORT_DOMAINS} (sorted) are checked for authorization`;
  return { ...result, status: result.status === 'fail' ? 'fail' : 'warn', reason: `${result.reason}; ${note}` };
}
