// Cloudflare stacks cannot be initialised here (no Cloudflare provider in the mirror), so they are checked at the
// JSON level against the prebuilt binding's declarations (provider 5.14.0): every attribute known, required ones
// present, types right, and the values the provider needs to not drift.
import { join } from 'node:path';
import { bindingInterfaces, checkAgainstBinding } from '../helpers/binding-schema';
import { cleanupTerraformDirs } from '../helpers/terraform';
import { exampleConfig, stackJson, synthApp } from '../helpers/synth-app';
import { CLOUDFLARE } from './test-configs';
import { APP_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const BINDING = join(__dirname, '..', '..', 'node_modules', '@cdktf', 'provider-cloudflare', 'lib');
const DNS_RECORD = bindingInterfaces(join(BINDING, 'dns-record', 'index.d.ts'));
const ZONE = bindingInterfaces(join(BINDING, 'data-cloudflare-zone', 'index.d.ts'));

type Blocks = Record<string, Record<string, unknown>>;

describe('Cloudflare stacks against the binding schema (JSON level)', () => {
  let stacks: [string, Record<string, any>][] = [];
  beforeAll(() => {
    stacks = [exampleConfig(), CLOUDFLARE].flatMap((config) =>
      [...synthApp(config).stacks].map(([name, dir]): [string, Record<string, any>] => [name, stackJson(dir)]).filter(([, json]) => 'cloudflare' in (json.provider ?? {})),
    );
  }, APP_HOOK_TIMEOUT_MS);
  afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

  it('covers the example and test Cloudflare stacks', () => {
    expect(stacks.map(([name]) => name)).toEqual(['email-auth-operabern', 'email-auth-kunsthaus', 'email-auth-tonhalle']);
  });

  it('the check itself rejects an unknown attribute, a missing required one and a wrong type', () => {
    expect(checkAgainstBinding({ zone_id: 'z', name: 'a.example', type: 'TXT', ttl: '300', contnet: '"x"' }, 'DnsRecordConfig', DNS_RECORD)).toEqual([
      'ttl: expected number, got "300"',
      'contnet: not an attribute of DnsRecordConfig',
    ]);
    expect(checkAgainstBinding({ zone_id: 'z', name: 'a.example', type: 'TXT' }, 'DnsRecordConfig', DNS_RECORD)).toEqual(['ttl: required by DnsRecordConfig, missing']);
    expect(checkAgainstBinding({ filter: { name: 'x', nmae: 'y' } }, 'DataCloudflareZoneConfig', ZONE)).toEqual(['filter.nmae: not an attribute of DataCloudflareZoneFilter']);
  });

  it('every cloudflare_dns_record and cloudflare_zone block fits the binding', () => {
    for (const [stack, json] of stacks) {
      const records = Object.entries((json.resource?.cloudflare_dns_record ?? {}) as Blocks);
      expect(records.length).toBeGreaterThanOrEqual(4);
      for (const [id, block] of records) expect({ stack, id, problems: checkAgainstBinding(block, 'DnsRecordConfig', DNS_RECORD) }).toEqual({ stack, id, problems: [] });
      for (const [id, block] of Object.entries((json.data?.cloudflare_zone ?? {}) as Blocks)) {
        expect({ stack, id, problems: checkAgainstBinding(block, 'DataCloudflareZoneConfig', ZONE) }).toEqual({ stack, id, problems: [] });
      }
    }
  });

  it('pins the provider to v5, whose cloudflare_dns_record these blocks are written for', () => {
    for (const [, json] of stacks) expect(json.terraform.required_providers.cloudflare).toEqual({ source: 'cloudflare/cloudflare', version: '~> 5.14' });
  });

  it('writes values the provider keeps without drift: full names, quoted TXT, CNAMEs not proxied, TTL 1 or 60..86400', () => {
    for (const [, json] of stacks) {
      for (const block of Object.values(json.resource.cloudflare_dns_record as Blocks)) {
        expect(block.name).toMatch(/^[a-z0-9_.-]+\.[a-z]+$/); // FQDN without trailing dot, never "@" (#7289)
        const ttl = block.ttl as number;
        expect(ttl === 1 || (ttl >= 60 && ttl <= 86400)).toBe(true);
        if (block.type === 'TXT') expect(block.content).toMatch(/^"[^"]{1,255}"( "[^"]{1,255}")*$/); // #6238, #6354
        if (block.type === 'CNAME') expect({ proxied: block.proxied, dot: String(block.content).endsWith('.') }).toEqual({ proxied: false, dot: false }); // #7286
      }
    }
  });

  it('looks the zone up by name when only zoneName is given, and uses its id', () => {
    const [, tonhalle] = stacks.find(([name]) => name === 'email-auth-tonhalle')!;
    const zones = Object.entries(tonhalle.data.cloudflare_zone as Blocks);
    expect(zones.map(([, z]) => z)).toEqual([expect.objectContaining({ filter: { name: 'tonhalle.example' } })]);
    for (const block of Object.values(tonhalle.resource.cloudflare_dns_record as Blocks)) expect(block.zone_id).toBe(`\${data.cloudflare_zone.${zones[0]![0]}.zone_id}`);
  });
});
