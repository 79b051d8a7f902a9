// Plan JSON → RecordChange: Terraform's action lists, logical values, and what is left out.
import { readFileSync } from 'node:fs';
import { assertPlanJson, changesFromPlan, planAction, TerraformPlanJson } from '../../summary/from-plan';
import { SummaryInputError } from '../../summary/input-error';
import { fixture } from './run-summary';

const record = (over: Record<string, unknown> = {}) => ({ zone_id: 'Z1', name: 'example.com', type: 'TXT', ttl: 300, records: ['v=spf1 -all'], ...over });
const rc = (actions: string[], before: object | null, after: object | null, extra: object = {}) => ({
  address: 'aws_route53_record.r',
  mode: 'managed',
  type: 'aws_route53_record',
  change: { actions, before, after, ...extra },
});
const plan = (...changes: object[]): TerraformPlanJson => ({ format_version: '1.2', resource_changes: changes }) as TerraformPlanJson;

describe('planAction', () => {
  it.each([
    [['create'], false, 'create'],
    [['update'], false, 'update'],
    [['delete'], false, 'delete'],
    [['delete', 'create'], false, 'replace'],
    [['create', 'delete'], false, 'replace'],
    [['no-op'], true, 'import'],
    [['no-op'], false, undefined],
    [['read'], false, undefined],
    [['forget'], false, 'forget'],
  ])('%j (importing: %s) → %s', (actions, importing, expected) => {
    expect(planAction(actions, importing)).toBe(expected);
  });
});

describe('changesFromPlan', () => {
  it('reads the real review plan: names, types, TTLs, logical values, replace reason', () => {
    const json = JSON.parse(readFileSync(fixture('plans', 'review', 'email-auth-kunsthaus.json'), 'utf8'));
    const { changes, otherChanges } = changesFromPlan('email-auth-kunsthaus', json);
    expect(changes.map((c) => [c.action, c.type, c.name])).toEqual([
      ['replace', 'TXT', '_dmarc.kunsthaus-beispiel.ch'],
      ['delete', 'MX', 'kunsthaus-beispiel.ch'],
      ['replace', 'TXT', 'kunsthaus-beispiel.ch'],
      ['replace', 'CNAME', 'stxsel1._domainkey.kunsthaus-beispiel.ch'],
      ['replace', 'CNAME', 'stxsel2._domainkey.kunsthaus-beispiel.ch'],
    ]);
    expect(changes[1]).toMatchObject({ before: ['10 mx.kunsthaus-beispiel.ch'], after: [], ttlBefore: 3600, address: 'aws_route53_record.email-auth_mx_CB421446' });
    expect(changes[1]!.ttlAfter).toBeUndefined();
    expect(changes[2]!.note).toBe('`zone_id` `Z0KUNSTHAUS000000OLD` → `Z0KUNSTHAUS000000NEW` forces replacement');
    expect(changes[2]).toMatchObject({ zoneBefore: 'Z0KUNSTHAUS000000OLD', zoneAfter: 'Z0KUNSTHAUS000000NEW' });
    expect(changes[1]!.zoneBefore).toBeUndefined();
    expect(otherChanges).toBe(0);
  });

  it('undoes the "" splits of a long TXT value', () => {
    const long = `v=spf1 ${'ip4:192.0.2.1 '.repeat(20)}-all`;
    const split = `${long.slice(0, 250)}""${long.slice(250)}`;
    const { changes } = changesFromPlan('s', plan(rc(['create'], null, record({ records: [split] }))));
    expect(changes[0]!.after).toEqual([long]);
  });

  it('keeps the old name and type of a replacement that renames or retypes', () => {
    const { changes } = changesFromPlan('s', plan(rc(['delete', 'create'], record({ name: 'old.example.com', type: 'CNAME', records: ['x.example.net'] }), record(), { replace_paths: [['name'], ['type']] })));
    expect(changes[0]).toMatchObject({ action: 'replace', name: 'example.com', nameBefore: 'old.example.com', type: 'TXT', typeBefore: 'CNAME' });
    expect(changes[0]!.note).toBe('`name` `old.example.com` → `example.com`, `type` `CNAME` → `TXT` forces replacement');
  });

  it('marks values known only after apply', () => {
    const { changes } = changesFromPlan('s', plan(rc(['create'], null, record({ records: undefined }), { after_unknown: { records: true } })));
    expect(changes[0]).toMatchObject({ action: 'create', after: [], afterUnknown: true });
  });

  it('reports an import with nothing else to do as "import", and an import with an update as both', () => {
    const { changes } = changesFromPlan('s', plan(rc(['no-op'], record(), record(), { importing: { id: 'Z1_example.com_TXT' } }), rc(['update'], record({ ttl: 60 }), record(), { importing: { id: 'x' } })));
    expect(changes.map((c) => [c.action, c.importing])).toEqual([
      ['import', true],
      ['update', true],
    ]);
  });

  it('reads Cloudflare records (content quoted and split by the provider)', () => {
    const { changes } = changesFromPlan(
      's',
      plan({ address: 'cloudflare_dns_record.dmarc', mode: 'managed', type: 'cloudflare_dns_record', change: { actions: ['update'], before: { name: '_dmarc.example.com', type: 'TXT', ttl: 1, content: '"v=DMARC1; p=reject"' }, after: { name: '_dmarc.example.com', type: 'TXT', ttl: 1, content: '"v=DMARC1; " "p=none"' } } }),
    );
    expect(changes[0]).toMatchObject({ action: 'update', before: ['v=DMARC1; p=reject'], after: ['v=DMARC1; p=none'] });
  });

  it('leaves out no-ops and data sources, and counts other resources', () => {
    const { changes, otherChanges } = changesFromPlan(
      's',
      plan(rc(['no-op'], record(), record()), { ...rc(['read'], null, {}), mode: 'data', type: 'aws_route53_zone' }, { ...rc(['create'], null, { policy: '{}' }), type: 'aws_iam_policy' }),
    );
    expect(changes).toEqual([]);
    expect(otherChanges).toBe(1);
  });

  it('accepts a plan of an empty configuration (no resource_changes key)', () => {
    expect(changesFromPlan('s', { format_version: '1.2' }).changes).toEqual([]);
  });
});

describe('assertPlanJson', () => {
  const fails = (json: unknown) => {
    try {
      assertPlanJson(json, 'x.json');
    } catch (e) {
      expect(e).toBeInstanceOf(SummaryInputError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };
  it.each([
    ['an array', [], 'x.json is not a Terraform plan: expected the output of `terraform show -json <planfile>`'],
    ['a string', 'plan', 'x.json is not a Terraform plan: expected the output of `terraform show -json <planfile>`'],
    ['JSON without format_version', { resource_changes: [] }, 'x.json is not a Terraform plan (no format_version and resource_changes): expected the output of `terraform show -json <planfile>`'],
    ['format_version alone', { format_version: '1.2' }, 'x.json is not a Terraform plan (no format_version and resource_changes): expected the output of `terraform show -json <planfile>`'],
    ['terraform show -json of a state', { format_version: '1.0', values: {} }, 'x.json is a Terraform state, not a plan: expected the output of `terraform show -json <planfile>`'],
    ['a terraform.tfstate', { version: 4, resources: [] }, 'x.json is a terraform.tfstate file, not a plan: expected the output of `terraform show -json <planfile>`'],
    ['a cdk.tf.json', { terraform: {}, provider: {}, resource: {} }, 'x.json is Terraform configuration (cdk.tf.json?), not a plan: expected the output of `terraform show -json <planfile>`, or compare synth outputs with --base/--head'],
    ['another format', { format_version: '2.0', resource_changes: [] }, 'x.json has plan format 2.0; this summary reads format 1.x'],
    ['resource_changes not a list', { format_version: '1.2', resource_changes: {} }, 'x.json: resource_changes is not a list'],
    ['a change without actions', { format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', change: {} }] }, 'x.json: resource_changes[0] (a.b) has no change.actions'],
    ['an entry without address', { format_version: '1.2', resource_changes: [{ change: { actions: [] } }] }, 'x.json: resource_changes[0] has no address or type'],
    ['a non-object entry', { format_version: '1.2', resource_changes: [3] }, 'x.json: resource_changes[0] is not an object'],
    ['before not an object', { format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', change: { actions: ['delete'], before: 'x' } }] }, 'x.json: resource_changes[0] (a.b) change.before is not an object'],
  ])('refuses %s', (_, json, message) => {
    expect(fails(json)).toBe(message);
  });
});
