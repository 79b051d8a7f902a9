/**
 * DMARC report authorisation records as provider resources, on both providers: the constructs alone, then the
 * stacks the config builds (an institution's zone publishing them, a `reportAuthorizations` entry's own stack,
 * retirement), synthesized without terraform.
 */
import { TerraformStack, TerraformVariable, Testing } from '../../core';
import { validateConfig } from '../../config/load';
import { CloudflareReportAuthorizations } from '../../constructs/cloudflare-report-authorizations';
import { Route53ReportAuthorizations, Route53ReportAuthorizationsProps } from '../../constructs/route53-report-authorizations';
import { EmailAuthValidationError } from '../../model/problems';
import { addInstitutionStacks, stackSideFiles } from '../../stacks';
import { dataOf, resourcesOf } from './synth-helpers';

const authorizations = [
  { domain: 'news.example.org', reportDomain: 'example.org' },
  { domain: 'Shop.Example.ORG.', reportDomain: 'example.org' },
];

describe('Route53ReportAuthorizations', () => {
  const records = (props: Partial<Route53ReportAuthorizationsProps> = {}) =>
    resourcesOf((scope) => new Route53ReportAuthorizations(scope, 'report-auth', { zoneId: 'Z0123456789ABCDEFGHIJ', authorizations, ...props }), 'aws_route53_record');

  test('one TXT "v=DMARC1" record set per authorisation, names normalised, no outer quotes, the provider\'s default TTL', () => {
    expect(records()).toEqual([
      { zone_id: 'Z0123456789ABCDEFGHIJ', name: 'news.example.org._report._dmarc.example.org', type: 'TXT', ttl: 3600, records: ['v=DMARC1'] },
      { zone_id: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.org._report._dmarc.example.org', type: 'TXT', ttl: 3600, records: ['v=DMARC1'] },
    ]);
  });

  test('allow_overwrite only when asked for, prevent_destroy with protect, the TTL given', () => {
    expect(records()[0]).not.toHaveProperty('allow_overwrite');
    expect(records({ allowOverwrite: true, protect: true, ttl: 300 })[0]).toMatchObject({ allow_overwrite: true, ttl: 300, lifecycle: { prevent_destroy: true } });
  });

  test('a zone given by name is looked up, and every report domain must lie in it', () => {
    expect(dataOf((scope) => new Route53ReportAuthorizations(scope, 'r', { zoneName: 'example.org', authorizations }), 'aws_route53_zone')).toEqual([{ name: 'example.org', private_zone: false }]);
    expect(() => Testing.synthScope((scope) => new Route53ReportAuthorizations(scope, 'r', { zoneName: 'example.net', authorizations }))).toThrow(
      'authorizations[0]: report domain "example.org" is not inside zone "example.net"\nauthorizations[1]: report domain "example.org" is not inside zone "example.net"',
    );
  });

  test.each([
    ['no zone', { zoneId: undefined }, 'zoneId: give zoneId or zoneName: the zone that holds the report domain'],
    ['a bad TTL', { ttl: -1 }, 'ttl: must be a whole number of seconds from 0 to 2147483647, got -1'],
    ['a domain that is no host name', { authorizations: [{ domain: 'news example.org', reportDomain: 'example.org' }] }, /^authorizations\[0\]\.domain: domain labels must be letters, digits and hyphens/],
    ['template syntax in a report domain', { authorizations: [{ domain: 'news.example.org', reportDomain: '${var.x}.org' }] }, /^authorizations\[0\]\.reportDomain: reportDomain labels must be letters/],
    ['a pair twice', { authorizations: [authorizations[0]!, { domain: 'NEWS.example.org', reportDomain: 'example.org.' }] }, 'authorizations[1]: "news.example.org._report._dmarc.example.org" is listed twice'],
    ['a name longer than DNS allows', { authorizations: [{ domain: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.org`, reportDomain: `${'d'.repeat(50)}.example.org` }] }, /^authorizations\[0\]: ".*" has 2\d\d characters, DNS allows 253 \(RFC 1035\)$/],
  ])('refuses %s before any resource exists', (_, props, message) => {
    let error: unknown;
    try {
      Testing.synthScope((scope) => new Route53ReportAuthorizations(scope, 'r', { zoneId: 'Z0123456789ABCDEFGHIJ', authorizations, ...props }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmailAuthValidationError);
    expect((error as Error).message).toMatch(typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
  });

  test('a token for a name is refused (record names are built at synth time); a token zone id is fine', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const domain = new TerraformVariable(stack, 'domain', { type: 'string' }).stringValue;
    expect(() => new Route53ReportAuthorizations(stack, 'r', { zoneId: 'Z0123456789ABCDEFGHIJ', authorizations: [{ domain, reportDomain: 'example.org' }] })).toThrow(
      'authorizations[0].domain: must be a literal known at synth time, not a token: record names are built from it',
    );
    const zone = new TerraformVariable(stack, 'zone', { type: 'string' }).stringValue;
    expect(new Route53ReportAuthorizations(stack, 'ok', { zoneId: zone, authorizations }).records).toHaveLength(2);
  });
});

describe('CloudflareReportAuthorizations', () => {
  test('one quoted TXT record each, full names, automatic TTL by default', () => {
    expect(resourcesOf((scope) => new CloudflareReportAuthorizations(scope, 'report-auth', { zoneId: '0123456789abcdef0123456789abcdef', authorizations }), 'cloudflare_dns_record')).toEqual([
      { zone_id: '0123456789abcdef0123456789abcdef', name: 'news.example.org._report._dmarc.example.org', type: 'TXT', ttl: 1, content: '"v=DMARC1"' },
      { zone_id: '0123456789abcdef0123456789abcdef', name: 'shop.example.org._report._dmarc.example.org', type: 'TXT', ttl: 1, content: '"v=DMARC1"' },
    ]);
  });

  test('Cloudflare\'s TTL rule applies', () => {
    expect(() => Testing.synthScope((scope) => new CloudflareReportAuthorizations(scope, 'r', { zoneId: '0123456789abcdef0123456789abcdef', authorizations, ttl: 30 }))).toThrow(
      'ttl: Cloudflare takes 1 (automatic) or 60 to 86400 seconds, got 30',
    );
  });
});

interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  removed?: { from: string; lifecycle: { destroy: boolean } }[];
  output?: Record<string, { value: string }>;
  terraform?: { backend?: Record<string, Record<string, unknown>> };
}

/** Every stack the config gives, synthesized: name → JSON. */
function synthConfig(raw: unknown): Map<string, StackJson> {
  const { config, problems } = validateConfig(raw);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const stacks = addInstitutionStacks(Testing.app({ stackTraces: false }), config!);
  return new Map(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s)) as StackJson]));
}

const records = (stack: StackJson | undefined, type: string) => Object.entries(stack?.resource?.[type] ?? {}).map(([id, r]) => ({ id, name: r.name, content: r.content, records: r.records, zone_id: r.zone_id }));
const authNames = (stack: StackJson | undefined, type: string) => records(stack, type).filter((r) => String(r.name).includes('._report._dmarc.')).map((r) => r.name);

const news = { code: 'news', domain: 'news.example.org', provider: 'route53', zoneName: 'example.org', dmarc: { rua: ['mailto:dmarc@example.org', 'mailto:d@reports.vendor.net'] } };
const shop = { code: 'shop', domain: 'shop.example.org', provider: 'cloudflare', zoneName: 'example.org', dmarc: { rua: ['mailto:dmarc@example.org', 'mailto:d@reports.vendor.net'] } };
const vendor = (provider: string) => ({ name: 'vendor', reportDomain: 'reports.vendor.net', provider, ...(provider === 'route53' ? { zoneId: 'Z0VENDOR' } : { zoneName: 'vendor.net' }) });

describe('the stacks of a config', () => {
  test('an institution\'s zone publishes its authorisation beside its records, in the same zone, without a second lookup', () => {
    const stacks = synthConfig({ institutions: [news, shop], reportAuthorizations: [vendor('route53')] });
    const route53 = records(stacks.get('email-auth-news'), 'aws_route53_record').find((r) => r.name === 'news.example.org._report._dmarc.example.org');
    expect(route53).toMatchObject({ id: expect.stringMatching(/^report-auth_news_example_org__example_org_[0-9A-F]{8}$/), records: ['v=DMARC1'], zone_id: '${data.aws_route53_zone.email-auth_zone_B74BC826.zone_id}' });
    expect(Object.keys(stacks.get('email-auth-news')!.data!.aws_route53_zone!)).toHaveLength(1);
    const cloudflare = records(stacks.get('email-auth-shop'), 'cloudflare_dns_record').find((r) => String(r.name).includes('._report._dmarc.'));
    expect(cloudflare).toMatchObject({ name: 'shop.example.org._report._dmarc.example.org', content: '"v=DMARC1"', zone_id: '${data.cloudflare_zone.email-auth_zone_B74BC826.zone_id}' });
  });

  test.each(['route53', 'cloudflare'])('a %s collector gets its own stack and state, one record per institution reporting into it', (provider) => {
    const stacks = synthConfig({ institutions: [news, shop], reportAuthorizations: [vendor(provider)], backend: { type: 's3', bucket: 'dns-state', region: 'eu-central-1' } });
    expect([...stacks.keys()]).toEqual(['email-auth-news', 'email-auth-shop', 'email-auth-reports-vendor']);
    const collector = stacks.get('email-auth-reports-vendor');
    expect(authNames(collector, provider === 'route53' ? 'aws_route53_record' : 'cloudflare_dns_record')).toEqual([
      'news.example.org._report._dmarc.reports.vendor.net',
      'shop.example.org._report._dmarc.reports.vendor.net',
    ]);
    expect(collector!.terraform!.backend!.s3).toMatchObject({ key: 'email-auth/reports-vendor.tfstate' });
  });

  test('a Route53 collector\'s IAM policy names its records only; an institution\'s names the authorisations its zone publishes too', () => {
    const { config } = validateConfig({ institutions: [news], reportAuthorizations: [vendor('route53')] });
    const stacks = addInstitutionStacks(Testing.app({ stackTraces: false }), config!);
    const policies = Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(stackSideFiles(s)['iam-policy.json']!) as { Statement: { Condition?: Record<string, Record<string, string[]>> }[] }]));
    const names = (id: string) => policies[id]!.Statement.flatMap((s) => s.Condition?.['ForAllValues:StringEquals']?.['route53:ChangeResourceRecordSetsNormalizedRecordNames'] ?? []);
    expect(names('email-auth-reports-vendor')).toEqual(['news.example.org._report._dmarc.reports.vendor.net']);
    expect(names('email-auth-news')).toContain('news.example.org._report._dmarc.example.org');
  });

  test('retired: true takes the authorisations out everywhere; forget leaves removed blocks for them in the stacks that held them', () => {
    const gone = synthConfig({ institutions: [news, { ...shop, retired: true }], reportAuthorizations: [vendor('route53')] });
    expect(authNames(gone.get('email-auth-reports-vendor'), 'aws_route53_record')).toEqual(['news.example.org._report._dmarc.reports.vendor.net']);
    expect(gone.get('email-auth-shop')!.resource).toBeUndefined();

    const forgotten = synthConfig({ institutions: [news, { ...shop, retired: 'forget' }], reportAuthorizations: [vendor('route53')] });
    const collector = forgotten.get('email-auth-reports-vendor')!;
    expect(authNames(collector, 'aws_route53_record')).toEqual(['news.example.org._report._dmarc.reports.vendor.net']);
    expect(collector.removed).toEqual([{ from: expect.stringMatching(/^aws_route53_record\.report-auth_shop_example_org__reports_vendor_net_[0-9A-F]{8}$/), lifecycle: { destroy: false } }]);
    // The retired stack forgets its own records and the authorisation its zone published for itself.
    const shopStack = forgotten.get('email-auth-shop')!;
    expect(shopStack.resource).toBeUndefined();
    expect(shopStack.removed!.map((r) => r.from)).toContainEqual(expect.stringMatching(/^cloudflare_dns_record\.report-auth_shop_example_org__example_org_/));
    expect(shopStack.removed).toHaveLength(5); // SPF, two DKIM, DMARC, the authorisation
  });

  test('a retired host still builds what it held, so its plan deletes (or forgets) the records it published for others', () => {
    const host = { code: 'main', domain: 'main.example.org', provider: 'route53', zoneName: 'example.org', retired: 'forget' };
    const sender = { code: 'news', domain: 'news.example.org', provider: 'route53', zoneId: 'Z0NEWS', dmarc: { rua: ['mailto:dmarc@example.org'] } };
    const stacks = synthConfig({ institutions: [sender, host] });
    expect(stacks.get('email-auth-main')!.removed!.map((r) => r.from)).toContainEqual(expect.stringMatching(/^aws_route53_record\.report-auth_news_example_org__example_org_/));
  });
});
