import { Construct } from 'constructs';
import { Testing, TerraformStack, TerraformVariable } from '../../core';
import { Route53EmailAuth, Route53EmailAuthProps } from '../../constructs/route53-email-auth';
import { EmailAuthValidationError } from '../../model/problems';
import { byName, dataOf, LONG_SPF_TERMS, resourcesOf } from './synth-helpers';

const props: Route53EmailAuthProps = { domain: 'mosamuseum.com', code: 'mosa', zoneId: 'Z0123456789ABCDEFGHIJ' };
const records = (p: Partial<Route53EmailAuthProps> = {}) => byName(resourcesOf((scope) => new Route53EmailAuth(scope, 'email-auth', { ...props, ...p }), 'aws_route53_record'));

describe('Route53EmailAuth', () => {
  test('one aws_route53_record per name and type, exact values', () => {
    expect(records({ spf: { mechanisms: ['include:_spf.google.com'] }, dmarc: { policy: 'quarantine', rua: ['mailto:dmarc@mosamuseum.com'] }, mx: [{ priority: 10, host: 'mx1.mosamuseum.com' }] })).toEqual([
      { zone_id: 'Z0123456789ABCDEFGHIJ', name: 'stxsel1._domainkey.mosamuseum.com', type: 'CNAME', ttl: 3600, records: ['sel1-mosa._domainkey.dkim.secutix.com'] },
      { zone_id: 'Z0123456789ABCDEFGHIJ', name: 'stxsel2._domainkey.mosamuseum.com', type: 'CNAME', ttl: 3600, records: ['sel2-mosa._domainkey.dkim.secutix.com'] },
      { zone_id: 'Z0123456789ABCDEFGHIJ', name: 'mosamuseum.com', type: 'MX', ttl: 3600, records: ['10 mx1.mosamuseum.com'] },
      { zone_id: 'Z0123456789ABCDEFGHIJ', name: '_dmarc.mosamuseum.com', type: 'TXT', ttl: 3600, records: ['v=DMARC1; p=quarantine; rua=mailto:dmarc@mosamuseum.com'] },
      { zone_id: 'Z0123456789ABCDEFGHIJ', name: 'mosamuseum.com', type: 'TXT', ttl: 3600, records: ['v=spf1 include:spf.secutix.com include:_spf.google.com ~all'] },
    ]);
  });

  test('TXT values go without outer quotes (the provider adds them)', () => {
    for (const r of records().filter((r) => r.type === 'TXT')) {
      for (const v of r.records as string[]) expect(v).not.toMatch(/^"|"$/);
    }
  });

  test('allow_overwrite is never set by default', () => {
    for (const r of records()) expect(r).not.toHaveProperty('allow_overwrite');
  });

  test('allow_overwrite only when asked for explicitly', () => {
    expect(records({ allowOverwrite: true }).every((r) => r.allow_overwrite === true)).toBe(true);
  });

  test('the apex TXT set carries keepTxt values, so nothing is clobbered', () => {
    const apex = records({ keepTxt: ['google-site-verification=abc', 'MS=ms1'] }).filter((r) => r.type === 'TXT' && r.name === 'mosamuseum.com');
    expect(apex).toHaveLength(1);
    expect(apex[0]!.records).toEqual(['v=spf1 include:spf.secutix.com ~all', 'google-site-verification=abc', 'MS=ms1']);
  });

  test('a value over 255 chars is split on term boundaries and joined with ""', () => {
    const [spf] = records({ spf: { mechanisms: LONG_SPF_TERMS } }).filter((r) => r.name === 'mosamuseum.com' && r.type === 'TXT');
    const [value] = spf!.records as string[];
    const strings = value!.split('""');
    expect(strings.length).toBe(2);
    for (const s of strings) expect(s.length).toBeLessThanOrEqual(255);
    expect(strings[0]!.endsWith(' ')).toBe(true);
    expect(strings.join('')).toBe(['v=spf1 include:spf.secutix.com', ...LONG_SPF_TERMS, '~all'].join(' '));
  });

  test('a zone given by name is looked up with data aws_route53_zone; the domain may be a subdomain', () => {
    const build = (scope: Construct) => new Route53EmailAuth(scope, 'email-auth', { domain: 'news.example.org', code: 'mosa', zoneName: 'example.org' });
    expect(dataOf(build, 'aws_route53_zone')).toEqual([{ name: 'example.org', private_zone: false }]);
    const names = resourcesOf(build, 'aws_route53_record').map((r) => [r.name, r.zone_id]);
    expect(names).toContainEqual(['news.example.org', expect.stringMatching(/^\$\{data\.aws_route53_zone\.[\w-]+\.zone_id\}$/)]);
  });

  test('ttl from props', () => {
    expect(records({ ttl: 300 }).every((r) => r.ttl === 300)).toBe(true);
  });

  test('protect sets prevent_destroy on every record', () => {
    const protectedRecords = records({ protect: true });
    expect(protectedRecords.every((r) => (r.lifecycle as { prevent_destroy?: boolean })?.prevent_destroy === true)).toBe(true);
    expect(records().every((r) => r.lifecycle === undefined)).toBe(true);
  });

  test('exposes the records it publishes and its resources', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const auth = new Route53EmailAuth(stack, 'email-auth', { ...props, mx: [{ priority: 10, host: 'mx.mosamuseum.com' }] });
    expect(auth.records.map((r) => `${r.type} ${r.name}`)).toEqual([
      'TXT mosamuseum.com',
      'CNAME stxsel1._domainkey.mosamuseum.com',
      'CNAME stxsel2._domainkey.mosamuseum.com',
      'TXT _dmarc.mosamuseum.com',
      'MX mosamuseum.com',
    ]);
    expect(auth.resources).toHaveLength(5);
    expect(auth.domain).toBe('mosamuseum.com');
  });

  test('bad props throw before any resource exists, listing every problem', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new Route53EmailAuth(stack, 'email-auth', { domain: 'mosamuseum', code: 'mo sa', zoneId: 'hostedzone/Z1' })).toThrow(EmailAuthValidationError);
    try {
      new Route53EmailAuth(stack, 'email-auth2', { domain: 'mosamuseum', code: 'mo sa', zoneId: 'hostedzone/Z1' });
    } catch (e) {
      expect((e as EmailAuthValidationError).problems.map((p) => p.path)).toEqual(['domain', 'code', 'zoneId']);
    }
    expect(stack.node.findAll().filter((c) => c.node.id === 'spf')).toHaveLength(0);
  });

  test('a zone id that is a token is not validated', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const zone = new Route53EmailAuth(stack, 'a', { ...props, zoneName: 'mosamuseum.com', zoneId: undefined }).zoneId;
    expect(() => new Route53EmailAuth(stack, 'b', { ...props, domain: 'news.mosamuseum.com', zoneId: zone })).not.toThrow();
  });

  test('a domain or code that is a token is refused with a clear error', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const token = new TerraformVariable(stack, 'domain', { type: 'string' }).stringValue;
    expect(() => new Route53EmailAuth(stack, 'email-auth', { ...props, domain: token, code: token })).toThrow(
      'domain: must be a literal known at synth time, not a token: record names are built from it\n' +
        'code: must be a literal known at synth time, not a token: record names are built from it',
    );
  });

  test('warnings become construct annotations', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new Route53EmailAuth(stack, 'email-auth', { ...props, spf: { mechanisms: ['ptr'] } });
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn');
    expect(warnings.map((m) => m.data)).toContainEqual(expect.stringMatching(/^warning: spf\.mechanisms\[0\]: "ptr" is discouraged/));
  });
});
