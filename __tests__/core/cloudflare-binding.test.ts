// Our three Cloudflare types (core/cloudflare-binding.ts) against the prebuilt binding they replace,
// @cdktf/provider-cloudflare 13.9.1 (a development dependency): the same props synthesize the same stack, byte for
// byte in JSON and equal in HCL, metadata included. Runs on cdktf, the binding's core.
import { Construct } from 'constructs';
import { DataCloudflareZone as BindingZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { DnsRecord as BindingRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { CloudflareProvider as BindingProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { CORE, Testing, TerraformStack } from '../../core';
import { CloudflareDnsRecord, CloudflareProvider, DataCloudflareZone } from '../../core/cloudflare-binding';

interface Kit {
  provider(scope: Construct): void;
  zone(scope: Construct, id: string, name: string): { zoneId: string };
  record(scope: Construct, id: string, props: { zoneId: string; name: string; type: string; ttl: number; content: string; priority?: number; proxied?: boolean; lifecycle?: { preventDestroy: boolean } }): void;
}

const OURS: Kit = {
  provider: (scope) => new CloudflareProvider(scope, 'cloudflare'),
  zone: (scope, id, name) => new DataCloudflareZone(scope, id, { filter: { name } }),
  record: (scope, id, props) => new CloudflareDnsRecord(scope, id, props),
};
const BINDING: Kit = {
  provider: (scope) => new BindingProvider(scope, 'cloudflare', {}),
  zone: (scope, id, name) => new BindingZone(scope, id, { filter: { name } }),
  record: (scope, id, props) => new BindingRecord(scope, id, props),
};

/** The example's kind of Cloudflare stack: a zone looked up, CNAMEs not proxied, an MX, quoted TXT, one protected record. */
function stack(kit: Kit): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'email-auth-operabern');
  kit.provider(s);
  s.addOverride('terraform.required_providers.cloudflare.version', '~> 5.14');
  const zoneId = kit.zone(s, 'zone', 'opera-bern.ch').zoneId;
  kit.record(s, 'dkim', { zoneId, name: 'stxsel1._domainkey.tickets.opera-bern.ch', type: 'CNAME', ttl: 1, content: 'sel1-operabern._domainkey.dkim.secutix.com', proxied: false });
  kit.record(s, 'mx', { zoneId, name: 'tickets.opera-bern.ch', type: 'MX', ttl: 300, content: 'mail.opera-bern.ch', priority: 10 });
  kit.record(s, 'spf', { zoneId: '023e105f4ecef8ad9ca31a8372d0c353', name: 'tickets.opera-bern.ch', type: 'TXT', ttl: 1, content: '"v=spf1 include:spf.secutix.com ~all"', lifecycle: { preventDestroy: true } });
  return s;
}

const onCdktf = CORE.name === 'cdktf' ? describe : describe.skip;

onCdktf('our Cloudflare types against @cdktf/provider-cloudflare', () => {
  test('the same JSON, byte for byte', () => {
    const ours = Testing.synth(stack(OURS));
    expect(JSON.parse(ours).resource.cloudflare_dns_record).toBeDefined();
    expect(ours).toBe(Testing.synth(stack(BINDING)));
  });

  test('the same HCL', () => {
    const ours = Testing.synthHcl(stack(OURS)) as string;
    expect(ours).toContain('resource "cloudflare_dns_record"');
    expect(ours).toBe(Testing.synthHcl(stack(BINDING)));
  });

  test('a record without a provider in its stack fails validation, as the binding\'s does', () => {
    for (const kit of [OURS, BINDING]) {
      const s = new TerraformStack(Testing.app(), 's');
      kit.record(s, 'r', { zoneId: 'z', name: 'a.example', type: 'TXT', ttl: 1, content: '"x"' });
      expect(() => Testing.synth(s, true)).toThrow(/cloudflare/);
    }
  });
});
