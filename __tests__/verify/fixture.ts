/**
 * The test world for verify: institutions planned by the model from a test config, one zone per sender domain
 * (healthy, or broken in exactly one way), the platform's zone (secutix.com: SPF with test sending ranges, DKIM keys
 * from an RSA pair generated here), a report receiver zone and a zone of helper SPF records.
 */
import { generateKeyPairSync } from 'node:crypto';
import { AppConfig, validateConfig } from '../../config/load';
import { renderMx } from '../../model/mx';
import { DnsRecord } from '../../model/records';
import { ZoneRecord, Zones } from '../helpers/bind';

/** Platform sending ranges published at spf.secutix.com (RFC 5737 / RFC 3849 documentation ranges). */
export const PLATFORM_IP = '192.0.2.25';
export const OUTSIDE_IP = '198.51.100.7';
export const PLATFORM_SPF = 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all';
export const REPORT_DOMAIN = 'reports.test';

/** One sender domain per variant; `fails` lists the check ids that must fail, `warns` those that must warn. */
export interface Variant {
  readonly code: string;
  /** What is wrong, for the test name. */
  readonly broken: string;
  /** Institution config fields beyond code/domain/provider/zoneId. */
  readonly config?: Record<string, unknown>;
  /** Edits of the zone written from the planned records. */
  readonly edit?: (records: ZoneRecord[], domain: string) => ZoneRecord[];
  /** DKIM target prefixes (sel1, sel2) the platform has no key for. */
  readonly noKeyFor?: readonly string[];
  readonly fails: readonly string[];
  readonly warns?: readonly string[];
  /** The failure reason must match this. */
  readonly reason?: RegExp;
}

export const domainOf = (code: string) => `${code}.test`;

const without = (name: (d: string) => string, type: string) => (records: ZoneRecord[], domain: string) => records.filter((r) => !(r.name === name(domain) && r.type === type));
const adding = (name: (d: string) => string, type: ZoneRecord['type'], value: string) => (records: ZoneRecord[], domain: string) => [...records, { name: name(domain), type, value }];
const apex = (d: string) => d;
const dmarcName = (d: string) => `_dmarc.${d}`;

export const VARIANTS: readonly Variant[] = [
  { code: 'healthy', broken: 'nothing', fails: [] },
  { code: 'nodmarc', broken: 'no DMARC record', edit: without(dmarcName, 'TXT'), fails: ['dmarc.record'], reason: /no DMARC record at _dmarc\.nodmarc\.test: the name does not exist/ },
  { code: 'twodmarc', broken: 'two DMARC records', edit: adding(dmarcName, 'TXT', 'v=DMARC1; p=reject'), fails: ['dmarc.record'], reason: /^2 DMARC records at _dmarc\.twodmarc\.test: receivers discard them all \(RFC 9989 §4\.10\); keep one; meanwhile receivers apply no DMARC policy: the tree walk finds no record at _dmarc\.test either/ },
  { code: 'twospf', broken: 'two SPF records', edit: adding(apex, 'TXT', 'v=spf1 ip4:198.51.100.0/24 -all'), fails: ['spf.record'], reason: /2 SPF records at twospf\.test .*permerror .*RFC 7208 §4\.5/ },
  {
    code: 'noinclude',
    broken: 'SPF without the platform include',
    edit: (records, domain) => records.map((r) => (r.name === domain && r.type === 'TXT' && r.value.startsWith('v=spf1') ? { ...r, value: 'v=spf1 ip4:198.51.100.0/24 ~all' } : r)),
    fails: ['spf.include'],
    reason: /does not include spf\.secutix\.com/,
  },
  {
    code: 'manylookups',
    broken: 'SPF over 10 lookups (through a nested include the config check cannot see)',
    config: { spf: { mechanisms: ['include:big.helpers.test'] } },
    fails: ['spf.lookups'],
    reason: /^11\/10 DNS lookups, 0\/2 void lookups: more than 10 DNS lookups: the 11th, include:s9\.helpers\.test in big\.helpers\.test, ends the evaluation with permerror/,
  },
  {
    code: 'dkimwrong',
    broken: 'DKIM CNAME to the wrong target',
    edit: (records, domain) => records.map((r) => (r.name === `stxsel1._domainkey.${domain}` ? { ...r, value: 'sel1-healthy._domainkey.dkim.secutix.com' } : r)),
    fails: ['dkim.stxsel1'],
    reason: /is a CNAME to sel1-healthy\._domainkey\.dkim\.secutix\.com, expected sel1-dkimwrong\._domainkey\.dkim\.secutix\.com/,
  },
  { code: 'dkimnokey', broken: 'DKIM target without a key', noKeyFor: ['sel1'], fails: ['dkim.stxsel1'], reason: /CNAME → sel1-dkimnokey\._domainkey\.dkim\.secutix\.com is right, but no DKIM key behind it: the name does not exist/ },
  {
    code: 'extrua',
    broken: 'external rua without authorization',
    config: { dmarc: { policy: 'none', rua: ['mailto:dmarc@thirdparty.test'] } },
    fails: ['dmarc.report.thirdparty.test'],
    reason: /thirdparty\.test has not authorised reports for extrua\.test: the name does not exist .*extrua\.test\._report\._dmarc\.thirdparty\.test/,
  },
  { code: 'nomx', broken: 'no MX record', config: { mx: [] }, fails: ['mx'], reason: /no MX record at nomx\.test: no MX record; bounces/ },
  { code: 'nullmx', broken: 'a null MX (warning only)', config: { mx: [{ priority: 0, host: '.' }] }, fails: [], warns: ['mx'] },
  {
    code: 'nodkim',
    broken: 'no DKIM CNAMEs',
    edit: (records, domain) => records.filter((r) => !r.name.endsWith(`._domainkey.${domain}`)),
    fails: ['dkim.stxsel1', 'dkim.stxsel2'],
    reason: /no CNAME at stxsel1\._domainkey\.nodkim\.test/,
  },
];

/** A valid config file (JSON) for the variants; `codes` picks some. */
export function testConfigJson(codes: readonly string[] = VARIANTS.map((v) => v.code)): Record<string, unknown> {
  return {
    defaults: { ttl: 300, dmarc: { policy: 'quarantine', rua: [`mailto:dmarc@${REPORT_DOMAIN}`] }, mx: [{ priority: 10, host: 'mx.healthy.test' }] },
    institutions: VARIANTS.filter((v) => codes.includes(v.code)).map((v) => ({ code: v.code, domain: domainOf(v.code), provider: 'route53', zoneId: 'ZTEST0123456789', ...v.config })),
  };
}

export function testConfig(codes?: readonly string[]): AppConfig {
  const { config, problems } = validateConfig(testConfigJson(codes));
  if (!config) throw new Error(`test config is invalid: ${JSON.stringify(problems)}`);
  return config;
}

/** The zone rows that publish the model's record sets. */
export function zoneRecords(records: readonly DnsRecord[]): ZoneRecord[] {
  return records.flatMap((r): ZoneRecord[] => {
    switch (r.type) {
      case 'TXT':
        return [...r.values, ...r.kept].map((value) => ({ name: r.name, type: 'TXT', value }));
      case 'CNAME':
        return [{ name: r.name, type: 'CNAME', value: r.values[0] }];
      case 'MX':
        return r.values.map((mx) => ({ name: r.name, type: 'MX', value: renderMx(mx) }));
    }
  });
}

export interface TestWorld {
  readonly zones: Zones;
  /** PEM private key the platform signs with; its public half is published for every code. */
  readonly privateKey: string;
  readonly config: AppConfig;
}

/**
 * Builds every zone. `omitCodes`: sender domains left out of DNS entirely (for planned mode, where their records
 * come from the synthesized stacks).
 */
export function testWorld(options: { omitCodes?: readonly string[] } = {}): TestWorld {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const config = testConfig();
  const zones: Record<string, ZoneRecord[]> = {};
  const platform: ZoneRecord[] = [{ name: 'spf.secutix.com', type: 'TXT', value: PLATFORM_SPF }];
  const reports: ZoneRecord[] = [];
  for (const inst of config.institutions) {
    const variant = VARIANTS.find((v) => v.code === inst.code)!;
    for (const prefix of ['sel1', 'sel2']) {
      if (!variant.noKeyFor?.includes(prefix)) platform.push({ name: `${prefix}-${inst.code}._domainkey.dkim.secutix.com`, type: 'TXT', value: `v=DKIM1; k=rsa; p=${p}` });
    }
    reports.push({ name: `${inst.domain}._report._dmarc.${REPORT_DOMAIN}`, type: 'TXT', value: 'v=DMARC1' });
    if (options.omitCodes?.includes(inst.code)) continue;
    const rows = zoneRecords(inst.records);
    zones[inst.domain] = variant.edit ? variant.edit(rows, inst.domain) : rows;
  }
  zones['secutix.com'] = platform;
  zones[REPORT_DOMAIN] = reports;
  zones['thirdparty.test'] = [{ name: 'thirdparty.test', type: 'MX', value: '10 mx.thirdparty.test' }];
  zones['helpers.test'] = [
    { name: 'big.helpers.test', type: 'TXT', value: `v=spf1 ${Array.from({ length: 10 }, (_, i) => `include:s${i + 1}.helpers.test`).join(' ')} -all` },
    ...Array.from({ length: 10 }, (_, i): ZoneRecord => ({ name: `s${i + 1}.helpers.test`, type: 'TXT', value: `v=spf1 ip4:203.0.113.${i + 1} -all` })),
  ];
  return { zones, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), config };
}

/**
 * The zone of a sender domain that passes every check with code `healthy` (whose DKIM keys the platform zone of
 * testWorld publishes; another `code` needs its keys added): its SPF record (`spf`), the DKIM CNAMEs, DMARC with
 * reports inside the domain, one MX.
 * Tests add or replace rows to break one thing.
 */
export function healthyZone(domain: string, spf = 'v=spf1 include:spf.secutix.com ~all', code = 'healthy'): ZoneRecord[] {
  return [
    { name: domain, type: 'TXT', value: spf },
    { name: `stxsel1._domainkey.${domain}`, type: 'CNAME', value: `sel1-${code}._domainkey.dkim.secutix.com` },
    { name: `stxsel2._domainkey.${domain}`, type: 'CNAME', value: `sel2-${code}._domainkey.dkim.secutix.com` },
    { name: `_dmarc.${domain}`, type: 'TXT', value: `v=DMARC1; p=none; rua=mailto:dmarc@${domain}` },
    { name: domain, type: 'MX', value: `10 mx.${domain}` },
  ];
}
