import { Construct } from 'constructs';
import { Testing, TerraformStack } from '../../core';
import { CloudflareEmailAuth, CloudflareEmailAuthProps } from '../../constructs/cloudflare-email-auth';
import { EmailAuthValidationError } from '../../model/problems';
import { byName, dataOf, LONG_SPF_TERMS, resourcesOf } from './synth-helpers';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const props: CloudflareEmailAuthProps = { domain: 'tickets.opera-bern.ch', code: 'operabern', zoneId: ZONE };
const records = (p: Partial<CloudflareEmailAuthProps> = {}) =>
  byName(resourcesOf((scope) => new CloudflareEmailAuth(scope, 'email-auth', { ...props, ...p }), 'cloudflare_dns_record'));

describe('CloudflareEmailAuth', () => {
  test('one cloudflare_dns_record per value, full names, exact content', () => {
    expect(records({ spf: { mechanisms: ['include:_spf.google.com'] }, dmarc: { rua: ['mailto:d@opera-bern.ch'] }, mx: [{ priority: 10, host: 'mail.opera-bern.ch' }, { priority: 20, host: 'mail2.opera-bern.ch' }] })).toEqual([
      { zone_id: ZONE, name: 'stxsel1._domainkey.tickets.opera-bern.ch', type: 'CNAME', ttl: 1, content: 'sel1-operabern._domainkey.dkim.secutix.com', proxied: false },
      { zone_id: ZONE, name: 'stxsel2._domainkey.tickets.opera-bern.ch', type: 'CNAME', ttl: 1, content: 'sel2-operabern._domainkey.dkim.secutix.com', proxied: false },
      { zone_id: ZONE, name: 'tickets.opera-bern.ch', type: 'MX', ttl: 1, content: 'mail.opera-bern.ch', priority: 10 },
      { zone_id: ZONE, name: 'tickets.opera-bern.ch', type: 'MX', ttl: 1, content: 'mail2.opera-bern.ch', priority: 20 },
      { zone_id: ZONE, name: '_dmarc.tickets.opera-bern.ch', type: 'TXT', ttl: 1, content: '"v=DMARC1; p=none; rua=mailto:d@opera-bern.ch"' },
      { zone_id: ZONE, name: 'tickets.opera-bern.ch', type: 'TXT', ttl: 1, content: '"v=spf1 include:spf.secutix.com include:_spf.google.com ~all"' },
    ]);
  });

  test('names are the full FQDN without trailing dot, even when given with one', () => {
    for (const r of records({ domain: 'Tickets.Opera-Bern.CH.' })) {
      expect(r.name).toMatch(/tickets\.opera-bern\.ch$/);
      expect(r.name).not.toMatch(/\.$|^@$/);
    }
  });

  test('CNAME content has no trailing dot and DKIM CNAMEs are DNS only', () => {
    const cnames = records().filter((r) => r.type === 'CNAME');
    expect(cnames).toHaveLength(2);
    for (const r of cnames) {
      expect(r.content).not.toMatch(/\.$/);
      expect(r.proxied).toBe(false);
    }
  });

  test('TXT and MX carry no proxied attribute (they cannot be proxied)', () => {
    for (const r of records({ mx: [{ priority: 10, host: 'mail.opera-bern.ch' }] }).filter((r) => r.type !== 'CNAME')) expect(r).not.toHaveProperty('proxied');
  });

  test('long TXT is given already split as quoted strings separated by a space', () => {
    const [spf] = records({ spf: { mechanisms: LONG_SPF_TERMS } }).filter((r) => r.type === 'TXT' && r.name === 'tickets.opera-bern.ch');
    const content = spf!.content as string;
    const strings = content.match(/"[^"]*"/g)!;
    expect(strings).toHaveLength(2);
    expect(content).toBe(strings.join(' '));
    for (const s of strings) expect(s.length - 2).toBeLessThanOrEqual(255);
    expect(strings.map((s) => s.slice(1, -1)).join('')).toBe(['v=spf1 include:spf.secutix.com', ...LONG_SPF_TERMS, '~all'].join(' '));
  });

  test('ttl is 1 (automatic) unless configured', () => {
    expect(records().every((r) => r.ttl === 1)).toBe(true);
    expect(records({ ttl: 300 }).every((r) => r.ttl === 300)).toBe(true);
  });

  test('keepTxt values are left alone: Cloudflare records are single values, nothing is overwritten', () => {
    const apexTxt = records({ keepTxt: ['google-site-verification=abc'] }).filter((r) => r.type === 'TXT' && r.name === 'tickets.opera-bern.ch');
    expect(apexTxt.map((r) => r.content)).toEqual(['"v=spf1 include:spf.secutix.com ~all"']);
  });

  test('a null MX is published as content "." with priority 0', () => {
    const mx = records({ mx: [{ priority: 0, host: '.' }] }).filter((r) => r.type === 'MX');
    expect(mx).toEqual([{ zone_id: ZONE, name: 'tickets.opera-bern.ch', type: 'MX', ttl: 1, content: '.', priority: 0 }]);
  });

  test('a zone given by name is looked up with data cloudflare_zone', () => {
    const build = (scope: Construct) => new CloudflareEmailAuth(scope, 'email-auth', { ...props, zoneId: undefined, zoneName: 'opera-bern.ch' });
    expect(dataOf(build, 'cloudflare_zone')).toEqual([{ filter: { name: 'opera-bern.ch' } }]);
    for (const r of resourcesOf(build, 'cloudflare_dns_record')) expect(r.zone_id).toMatch(/^\$\{data\.cloudflare_zone\.[\w-]+\.zone_id\}$/);
  });

  test('protect sets prevent_destroy on every record', () => {
    expect(records({ protect: true }).every((r) => (r.lifecycle as { prevent_destroy?: boolean })?.prevent_destroy === true)).toBe(true);
  });

  test.each<[string, Partial<CloudflareEmailAuthProps>, string]>([
    ['TTL between 2 and 59', { ttl: 30 }, 'ttl: Cloudflare takes 1 (automatic) or 60 to 86400 seconds, got 30'],
    ['a Route53-style zone id', { zoneId: 'Z0123456789' }, 'zoneId: a Cloudflare zone id is 32 lowercase hexadecimal characters, got "Z0123456789"'],
    ['a domain outside the named zone', { zoneName: 'opera.ch' }, 'domain: "tickets.opera-bern.ch" is not inside zone "opera.ch"'],
  ])('rejects %s', (_what, p, message) => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new CloudflareEmailAuth(stack, 'email-auth', { ...props, ...p })).toThrow(new EmailAuthValidationError([{ path: message.split(': ')[0]!, message: message.slice(message.indexOf(': ') + 2), severity: 'error' }]));
  });
});
