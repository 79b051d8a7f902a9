/**
 * The JSON Schema shipped for editors (dist/institutions.schema.json, built from the zod schema by
 * scripts/build-schema.js): the shipped examples are valid against it, and on a corpus of good and bad configs it
 * gives the same verdict as zod's schema of the whole file and as the loader (shape-level: types, enums, unknown
 * keys, required keys that may come from `defaults`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { configDocument } from '../../config/document-schema';
import { validateConfig } from '../../config/load';
import { institutionFields } from '../../config/schema';
import { REPO_ROOT } from '../helpers/repo-root';

const SCHEMA_FILE = join(REPO_ROOT, 'dist', 'institutions.schema.json');
if (!existsSync(SCHEMA_FILE)) throw new Error(`${SCHEMA_FILE} is missing: run \`npm run build\` (npm test does) before these tests`);
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const r53 = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ' };
const cf = { code: 'opera', domain: 'tickets.opera-bern.ch', provider: 'cloudflare', zoneName: 'opera-bern.ch' };
const one = (extra: Record<string, unknown>, base: Record<string, unknown> = r53) => ({ institutions: [{ ...base, ...extra }] });

const GOOD: [string, unknown][] = [
  ['the repository example', parse(readFileSync(join(REPO_ROOT, 'institutions.yaml'), 'utf8'))],
  ['the init template', parse(readFileSync(join(REPO_ROOT, 'templates', 'init', 'institutions.yaml'), 'utf8'))],
  ['the smallest config', one({})],
  ['required keys from defaults', { defaults: { provider: 'route53', zoneId: r53.zoneId }, institutions: [{ code: 'mosa', domain: 'mosamuseum.com' }] }],
  ['every required key from defaults but code and domain, two institutions', { defaults: { provider: 'cloudflare', zoneName: 'example.org', ttl: 1 }, institutions: [{ code: 'a', domain: 'a.example.org' }, { code: 'b', domain: 'b.example.org' }] }],
  ['a local backend without type', { backend: {}, ...one({}) }],
  ['an s3 backend', { backend: { type: 's3', bucket: 'my-state', region: 'eu-central-1', keyPrefix: 'dns/', useLockfile: false }, ...one({}) }],
  ['a cloud backend, host name in capitals', { backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'dns-', project: 'DNS records', hostname: 'TFE.example.com:8443' }, ...one({}) }],
  ['adoptExisting: true', one({ adoptExisting: true })],
  ['adoptExisting: false', one({ adoptExisting: false })],
  ['adoptExisting: a list', one({ adoptExisting: ['spf', 'mx'] })],
  ['retired: forget', one({ retired: 'forget' })],
  ['retired: true', one({ retired: true })],
  ['fo as a number', one({ dmarc: { policy: 'reject', ruf: ['mailto:f@mosamuseum.com'], fo: 1 } })],
  ['every DMARC key', one({ dmarc: { policy: 'quarantine', subdomainPolicy: 'reject', nonexistentSubdomainPolicy: 'reject', rua: ['mailto:d@mosamuseum.com'], ruf: ['mailto:f@mosamuseum.com'], adkim: 's', aspf: 'r', fo: 'd:s', t: true, psd: 'n', pct: 50, ri: 3600, rf: 'afrf' } })],
  ['SPF, MX, keepTxt, TTL, protect', one({ spf: { mechanisms: ['ip4:192.0.2.0/24'], all: '-all' }, mx: [{ priority: 0, host: 'mx.mosamuseum.com' }], keepTxt: ['v=verify1'], ttl: 300, protect: true })],
  ['aws options', one({ aws: { region: 'eu-central-1', profile: 'dns@prod', assumeRoleArn: 'arn:aws:iam::123456789012:role/dns' }, allowOverwrite: false })],
  ['a sender profile', one({ senderProfile: { spfInclude: 'spf.other.example', dkimTargetDomain: 'dkim.other.example', dkimSelectors: [{ selector: 's1', targetPrefix: 'k1' }] } })],
  ['cloudflare by zone name', one({ ttl: 1 }, cf)],
  ['publishReportAuthorization off', one({ dmarc: { rua: ['mailto:d@reports.vendor.net'], publishReportAuthorization: false } })],
  ['a report collector, every key', { ...one({ dmarc: { rua: ['mailto:d@reports.vendor.net'] } }), reportAuthorizations: [{ name: 'vendor', reportDomain: 'reports.vendor.net', provider: 'route53', zoneId: 'Z0VENDOR', ttl: 600, aws: { region: 'eu-central-1' }, protect: true, allowOverwrite: true }] }],
];

const BAD: [string, unknown][] = [
  ['no institutions', {}],
  ['an empty list', { institutions: [] }],
  ['institutions as a map', { institutions: { mosa: r53 } }],
  ['an unknown top-level key', { ...one({}), institution: [] }],
  ['an unknown institution key', one({ zoneid: 'Z1' })],
  ['an unknown key in defaults', { defaults: { tll: 60 }, ...one({}) }],
  ['an unknown DMARC key', one({ dmarc: { policcy: 'none' } })],
  ['a code that YAML read as a number', one({ code: 815 })],
  ['an unknown provider', one({ provider: 'gcp' })],
  ['a misspelt policy', one({ dmarc: { policy: 'rejct' } })],
  ['+all', one({ spf: { all: '+all' } })],
  ['mechanisms as text', one({ spf: { mechanisms: 'include:x.example' } })],
  ['provider missing, no defaults', { institutions: [{ code: 'mosa', domain: 'mosamuseum.com', zoneId: r53.zoneId }] }],
  ['code missing, defaults without it', { defaults: { provider: 'route53' }, institutions: [{ domain: 'mosamuseum.com', zoneId: r53.zoneId }] }],
  ['domain missing in one institution of two', { institutions: [r53, { code: 'b', provider: 'route53', zoneId: r53.zoneId }] }],
  ['an MX priority as text', one({ mx: [{ priority: '10', host: 'mx.mosamuseum.com' }] })],
  ['an MX without host', one({ mx: [{ priority: 10 }] })],
  ['a TTL as text', one({ ttl: '3600' })],
  ['adoptExisting: yes', one({ adoptExisting: 'yes' })],
  ['adoptExisting: an unknown purpose', one({ adoptExisting: ['spf', 'dkimm'] })],
  ['retired: yes', one({ retired: 'yes' })],
  ['keepTxt as text', one({ keepTxt: 'v=verify1' })],
  ['an AWS region that is none', one({ aws: { region: 'mars' } })],
  ['an unknown aws key', one({ aws: { secretKeyId: 'x' } })],
  ['a credential key', one({ apiToken: 'secret' })],
  ['a __proto__ key', { institutions: [JSON.parse(`{"__proto__": {"provider": "route53"}, "code": "mosa", "domain": "mosamuseum.com", "provider": "route53", "zoneId": "${r53.zoneId}"}`)] }],
  ['a backend of unknown type', { backend: { type: 'gcs' }, ...one({}) }],
  ['an s3 backend without bucket', { backend: { type: 's3', region: 'eu-central-1' }, ...one({}) }],
  ['a bucket name with capitals', { backend: { type: 's3', bucket: 'My_State', region: 'eu-central-1' }, ...one({}) }],
  ['a local backend with a bucket', { backend: { bucket: 'my-state' }, ...one({}) }],
  ['a sender profile without selectors', one({ senderProfile: { spfInclude: 'spf.other.example', dkimTargetDomain: 'dkim.other.example' } })],
  ['an empty domain', one({ domain: '' })],
  ['null as an institution', { institutions: [null] }],
  ['publishReportAuthorization as text', one({ dmarc: { publishReportAuthorization: 'no' } })],
  ['a report collector without reportDomain', { ...one({}), reportAuthorizations: [{ name: 'vendor', provider: 'route53', zoneId: 'Z0VENDOR' }] }],
  ['a report collector with a name that is no label', { ...one({}), reportAuthorizations: [{ name: 'Vendor 1', reportDomain: 'reports.vendor.net', provider: 'route53', zoneId: 'Z0VENDOR' }] }],
  ['a report collector with an unknown key', { ...one({}), reportAuthorizations: [{ name: 'vendor', reportDomain: 'reports.vendor.net', provider: 'route53', zoneId: 'Z0VENDOR', code: 'x' }] }],
  ['reportAuthorizations as a map', { ...one({}), reportAuthorizations: { name: 'vendor' } }],
];

describe('dist/institutions.schema.json', () => {
  it('is draft-07 with a description on every key, for editors', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schema.properties.institutions.items.properties).sort()).toEqual(Object.keys(institutionFields).sort());
    // Every property at any depth, but a backend's `type`, whose shape's description says what it picks.
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const { properties, ...rest } = node as { properties?: Record<string, { description?: string }> };
      for (const [key, child] of Object.entries(properties ?? {})) {
        if (!child.description && key !== 'type') undocumented.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      // allOf holds the required-keys rule, which restates keys without describing them again.
      for (const [key, child] of Object.entries(rest)) if (key !== 'allOf') walk(child, `${path}/${key}`);
    };
    walk(schema, '');
    expect(undocumented).toEqual([]);
  });

  it.each(GOOD)('accepts %s, like zod and the loader', (_, config) => {
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    expect(configDocument.safeParse(config).success).toBe(true);
    expect(validateConfig(config).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it.each(BAD)('rejects %s, like zod and the loader', (_, config) => {
    expect(validate(config)).toBe(false);
    expect(configDocument.safeParse(config).success).toBe(false);
    expect(validateConfig(config).config).toBeUndefined();
  });
});
