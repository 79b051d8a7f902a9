import { dkimCnames } from '../model/dkim';
import { reportAuthorizationName } from '../model/dmarc';
import { SenderProfile } from '../model/sender-profile';
import { CheckResult, CheckStatus, worst } from './check-result';
import { checkDkimSelector } from './checks/dkim-selector';
import { checkDmarcRecord } from './checks/dmarc-record';
import { checkReportAuthorization, checkReportDomainName, externalReportDomains } from './checks/dmarc-report-auth';
import { checkMx } from './checks/mx-record';
import { checkSpfInclude } from './checks/spf-include';
import { checkSpfIp } from './checks/spf-ip';
import { checkSpfLookups } from './checks/spf-lookups';
import { checkSpfRecord } from './checks/spf-record';
import { DnsResolver } from './resolver';
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
  const [spf, dkim, dmarc, mx] = await Promise.all([
    spfChecks(domain, profile.spfInclude, resolver, options.ip),
    Promise.all(
      dkimCnames(domain, code, profile).map(async (expected) => {
        const [cname, key] = await Promise.all([resolver.query(expected.name, 'CNAME'), resolver.query(expected.name, 'TXT')]);
        return checkDkimSelector(expected, cname, key);
      }),
    ),
    dmarcChecks(domain, resolver),
    resolver.query(domain, 'MX').then((answer) => checkMx(domain, answer)),
  ]);
  const checks = [...spf, ...dkim, ...dmarc, mx];
  return { code, domain, status: worst(checks), checks };
}

async function spfChecks(domain: string, include: string, resolver: DnsResolver, ip: string | undefined): Promise<CheckResult[]> {
  const { result, record } = checkSpfRecord(domain, await resolver.query(domain, 'TXT'));
  if (record === undefined) return [result];
  const walk = await walkSpf(domain, resolver, record);
  const checks = [result, checkSpfInclude(walk, include), checkSpfLookups(walk)];
  if (ip !== undefined) checks.push(await checkSpfIp(domain, ip, resolver));
  return checks;
}

async function dmarcChecks(domain: string, resolver: DnsResolver): Promise<CheckResult[]> {
  const { result, tags } = checkDmarcRecord(domain, await resolver.query(`_dmarc.${domain}`, 'TXT'));
  if (!tags) return [result];
  const external = externalReportDomains(domain, tags);
  const authorizations = await Promise.all(
    external.map(
      async (reportDomain) =>
        checkReportDomainName(domain, reportDomain) ?? checkReportAuthorization(domain, reportDomain, await resolver.query(reportAuthorizationName(domain, reportDomain), 'TXT')),
    ),
  );
  return [result, ...authorizations];
}
