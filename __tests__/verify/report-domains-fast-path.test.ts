/**
 * verify skips the report-authorisation path when every report URI is at the policy domain itself (issue 20): the
 * quick test (`reportsOnlyTo`) must agree with the list it stands for, and `verifyDomain` must give the same checks
 * and ask the same queries either way.
 */
import { parseDmarcRecord } from '../../model/dmarc-record';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { reportDomains, reportsOnlyTo } from '../../verify/checks/dmarc-report-auth';
import { DnsAnswer, DnsResolver, QueryType, StaticResolver } from '../../verify/resolver';
import { verifyDomain } from '../../verify/verify-domain';

const RECORDS = [
  'v=DMARC1; p=none',
  'v=DMARC1; p=reject; rua=mailto:dmarc@example.org',
  'v=DMARC1; p=reject; rua=mailto:a@example.org,mailto:b@EXAMPLE.org',
  'v=DMARC1; p=reject; rua=mailto:a@example.org; ruf=mailto:f@example.org',
  'v=DMARC1; p=reject; rua=mailto:a@example.org; ruf=mailto:f@vendor.test',
  'v=DMARC1; p=reject; rua=mailto:a@reports.example.org',
  'v=DMARC1; p=reject; rua=mailto:a@vendor.test,mailto:b@example.org',
  'v=DMARC1; p=reject; rua=mailto:a@example.org,mailto:b@vendor.test',
  'v=DMARC1; p=reject; rua=https://example.org/reports',
  'v=DMARC1; p=reject; rua=mailto:not an address',
  'v=DMARC1; p=reject; ruf=mailto:f@other.test',
];

describe('reportsOnlyTo', () => {
  test.each(RECORDS)('agrees with reportDomains for %s', (text) => {
    const record = parseDmarcRecord(text);
    expect(reportsOnlyTo(record, 'example.org')).toBe(reportDomains(record).filter((d) => d !== 'example.org').length === 0);
  });
  test('is false as soon as one URI, rua or ruf, is elsewhere', () => {
    expect(reportsOnlyTo(parseDmarcRecord('v=DMARC1; p=reject; rua=mailto:a@example.org; ruf=mailto:f@vendor.test'), 'example.org')).toBe(false);
    expect(reportsOnlyTo(parseDmarcRecord('v=DMARC1; p=reject; rua=mailto:a@example.org'), 'example.org')).toBe(true);
  });
});

/** Logs every query, in order. */
class LoggingResolver implements DnsResolver {
  readonly asked: string[] = [];
  constructor(private readonly inner: DnsResolver) {}
  query(name: string, type: QueryType): Promise<DnsAnswer> {
    this.asked.push(`${name} ${type}`);
    return this.inner.query(name, type);
  }
}

describe('verifyDomain: DMARC checks and queries with and without other report domains', () => {
  const run = async (dmarcValue: string, extra: { name: string; type: string; values: string[] }[] = []) => {
    const resolver = new LoggingResolver(new StaticResolver([{ name: '_dmarc.example.org', type: 'TXT', values: [dmarcValue] }, ...extra]));
    const report = await verifyDomain({ code: 'x', domain: 'example.org', profile: SECUTIX_PROFILE }, resolver);
    return { checks: report.checks.filter((c) => c.id.startsWith('dmarc.')), dmarcQueries: resolver.asked.filter((q) => q.includes('_dmarc')).sort() };
  };

  test('reports only to the domain itself: the record check alone, and only the domain\'s own walk', async () => {
    const { checks, dmarcQueries } = await run('v=DMARC1; p=reject; rua=mailto:dmarc@example.org');
    expect(checks).toEqual([{ id: 'dmarc.record', status: 'pass', reason: 'policy p=reject, aggregate reports to mailto:dmarc@example.org' }]);
    expect(dmarcQueries).toEqual(['_dmarc.example.org TXT', '_dmarc.org TXT']);
  });

  test('reports elsewhere too: the other domain is walked and its authorisation asked, as before', async () => {
    const { checks, dmarcQueries } = await run('v=DMARC1; p=reject; rua=mailto:dmarc@example.org,mailto:d@vendor.test', [
      { name: 'example.org._report._dmarc.vendor.test', type: 'TXT', values: ['v=DMARC1'] },
    ]);
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['dmarc.record', 'pass'],
      ['dmarc.report.vendor.test', 'pass'],
    ]);
    expect(dmarcQueries).toEqual(['_dmarc.example.org TXT', '_dmarc.org TXT', '_dmarc.test TXT', '_dmarc.vendor.test TXT', 'example.org._report._dmarc.vendor.test TXT']);
  });

  test('a report subdomain inside the organisation is walked but needs no authorisation', async () => {
    const { checks, dmarcQueries } = await run('v=DMARC1; p=reject; rua=mailto:d@reports.example.org');
    expect(checks.map((c) => c.id)).toEqual(['dmarc.record']);
    expect(dmarcQueries).toEqual(['_dmarc.example.org TXT', '_dmarc.example.org TXT', '_dmarc.org TXT', '_dmarc.org TXT', '_dmarc.reports.example.org TXT']);
  });
});
