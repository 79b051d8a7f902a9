// Issue 17 item 3: known Cloudflare v5 no-op diffs are not changes. Each fixture is a plan shaped after the provider
// issue it names (see its "//" key); real changes beside the noise stay changes.
import { readFileSync } from 'node:fs';
import { changesFromPlan, TerraformPlanJson } from '../../summary/from-plan';
import { renderSummary } from '../../summary/markdown';
import { isProviderNoise } from '../../summary/provider-noise';
import { fixture } from './run-summary';

const plan = (name: string) => JSON.parse(readFileSync(fixture('plans', 'cloudflare-noise', `${name}.json`), 'utf8')) as TerraformPlanJson & { '//': string };

describe.each([
  ['issue-5517', '#5517'],
  ['issue-6195', '#6195'],
  ['issue-5411-5383', '#5411'],
  ['automatic-ttl-empty-comment', 'ttl = 1 is automatic'],
])('%s: a no-op update', (name, cited) => {
  const p = plan(name);
  it('cites where its shape comes from', () => {
    expect(p['//']).toContain(cited);
  });
  it('is no change, and is counted', () => {
    const stack = changesFromPlan('email-auth-inst0001', p);
    expect(stack.changes).toEqual([]);
    expect(stack.providerNoise).toBe(p.resource_changes!.length);
  });
  it('reads "DNS changes: none" with one line saying what was left out', () => {
    const md = renderSummary({ source: 'plan', stacks: [changesFromPlan('email-auth-inst0001', p)] });
    expect(md).toContain('## DNS changes: none');
    expect(md).toContain(`${p.resource_changes!.length} Cloudflare record update`);
    expect(md).not.toContain('| update |');
  });
});

describe('real changes beside the noise', () => {
  const stack = changesFromPlan('email-auth-inst0001', plan('real-changes'));
  it('stay changes: a new MX host, flatten_cname switched on, a real comment, content known after apply', () => {
    expect(stack.providerNoise).toBeUndefined();
    expect(stack.changes.map((c) => `${c.type} ${c.name}`)).toEqual([
      'TXT _dmarc.tickets.theatre0001.example.ch',
      'CNAME stxsel2._domainkey.tickets.theatre0001.example.ch',
      'MX theatre0001.example.ch',
      'TXT tickets.theatre0001.example.ch',
    ]);
    expect(stack.changes.find((c) => c.type === 'MX')).toMatchObject({ before: ['10 mx1.theatre0001.example.ch'], after: ['10 mx2.theatre0001.example.ch'] });
    expect(stack.changes.find((c) => c.name.startsWith('_dmarc'))).toMatchObject({ afterUnknown: true });
  });
});

describe('isProviderNoise, attribute by attribute', () => {
  const rc = (before: Record<string, unknown>, after: Record<string, unknown>, after_unknown: Record<string, unknown> = {}, type = 'cloudflare_dns_record') => ({
    address: 'x',
    type,
    change: { actions: ['update'], before: { name: 'a.example', type: 'TXT', content: 'v', ...before }, after: { name: 'a.example', type: 'TXT', content: 'v', ...after }, after_unknown },
  });
  it.each([
    ['ttl 1 → 300: a change', rc({ ttl: 1 }, { ttl: 300 }), false],
    ['ttl 3600 → unknown: a change', rc({ ttl: 3600 }, { ttl: null }, { ttl: true }), false],
    ['proxied false → true: a change', rc({ proxied: false }, { proxied: true }), false],
    ['proxied null → false: noise', rc({ proxied: null }, { proxied: false }), true],
    ['settings.ipv6_only → true: a change', rc({ settings: {} }, { settings: { ipv6_only: true } }), false],
    ['settings true → unknown: a change', rc({ settings: { flatten_cname: true } }, { settings: null }, { settings: true }), false],
    ['tags [] → ["x"]: a change', rc({ tags: [] }, { tags: ['x'] }), false],
    ['data value changed: a change', rc({ data: { flags: 0, value: 'a' } }, { data: { flags: 0, value: 'b' } }), false],
    ['zone_id changed: a change', rc({ zone_id: 'a' }, { zone_id: 'b' }), false],
    ['an unknown new attribute, unknown: a change', rc({}, { priority: null }, { priority: true }), false],
    ['the same record, another provider: a change', rc({ ttl: 1 }, { ttl: null }, {}, 'aws_route53_record'), false],
  ])('%s', (_, change, noise) => {
    expect(isProviderNoise(change as never)).toBe(noise);
  });
  it('is never a create or delete', () => {
    expect(isProviderNoise({ address: 'x', type: 'cloudflare_dns_record', change: { actions: ['create'], before: null, after: {} } })).toBe(false);
  });
});
