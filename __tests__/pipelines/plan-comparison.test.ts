// The comparison `apply` makes between the reviewed plan.json (hostile: a pull request's job wrote it) and terraform's
// own reading of a plan: equal plans pass; every way of tampering with the reviewed one is a named difference.
import { planDifferences, planHasChanges } from '../../pipeline/plan-comparison';

/** A plan as `terraform show -json` writes it for one of our stacks: two records created, one left as it is. */
function plan(): Record<string, any> {
  const record = (name: string, records: string[]) => ({ name, records, ttl: 3600, type: 'TXT', zone_id: 'Z1', alias: [], set_identifier: null });
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: [
      {
        address: 'aws_route53_record.spf',
        mode: 'managed',
        type: 'aws_route53_record',
        name: 'spf',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], before: null, after: record('a.example.org', ['v=spf1 include:spf.secutix.com ~all']), after_unknown: { id: true, fqdn: true, records: [false] } },
      },
      {
        address: 'aws_route53_record.dmarc',
        mode: 'managed',
        type: 'aws_route53_record',
        name: 'dmarc',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['update'], before: record('_dmarc.a.example.org', ['v=DMARC1; p=none']), after: record('_dmarc.a.example.org', ['v=DMARC1; p=reject']), after_unknown: {} },
      },
      {
        address: 'aws_route53_record.mx',
        mode: 'managed',
        type: 'aws_route53_record',
        name: 'mx',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['no-op'], before: record('a.example.org', ['10 mx']), after: record('a.example.org', ['10 mx']), after_unknown: {} },
      },
    ],
  };
}

const differences = (tamper: (p: Record<string, any>) => void, side: 'reviewed' | 'current' = 'reviewed') => {
  const changed = plan();
  tamper(changed);
  const lines = (side === 'reviewed' ? planDifferences(changed, plan()) : planDifferences(plan(), changed)).map((d) => `${d.address}: ${d.what}`);
  return lines;
};

describe('planDifferences', () => {
  it('the same plan: no difference, whatever the order of resources and keys', () => {
    const shuffled = plan();
    shuffled.resource_changes.reverse();
    shuffled.resource_changes[0].change = Object.fromEntries(Object.entries(shuffled.resource_changes[0].change).reverse());
    expect(planDifferences(plan(), shuffled)).toEqual([]);
    // Fields the comparison does not read (sensitivity marks, reasons, other top-level keys) do not matter.
    const annotated = plan();
    annotated.resource_changes[0].change.after_sensitive = { records: [false] };
    annotated.resource_changes[0].action_reason = 'whatever';
    annotated.planned_values = { root_module: {} };
    expect(planDifferences(annotated, plan())).toEqual([]);
  });

  it.each<[string, (p: Record<string, any>) => void, string[]]>([
    ['resource_changes emptied (the issue\'s second attack)', (p) => (p.resource_changes = []), [
      'aws_route53_record.spf: not in the reviewed plan (now create)',
      'aws_route53_record.dmarc: not in the reviewed plan (now update)',
      'aws_route53_record.mx: not in the reviewed plan (now no-op)',
    ]],
    ['resource_changes left out', (p) => delete p.resource_changes, [
      'aws_route53_record.spf: not in the reviewed plan (now create)',
      'aws_route53_record.dmarc: not in the reviewed plan (now update)',
      'aws_route53_record.mx: not in the reviewed plan (now no-op)',
    ]],
    ['one resource removed', (p) => p.resource_changes.splice(1, 1), ['aws_route53_record.dmarc: not in the reviewed plan (now update)']],
    ['a deletion shown as a no-op', (p) => (p.resource_changes[1].change.actions = ['no-op']), ['aws_route53_record.dmarc: actions: reviewed no-op, now update']],
    ['a replacement shown as an update', (p) => (p.resource_changes[1].change.actions = ['delete', 'create']), ['aws_route53_record.dmarc: actions: reviewed delete,create, now update']],
    ['another value after', (p) => (p.resource_changes[1].change.after.records = ['v=DMARC1; p=quarantine']), ['aws_route53_record.dmarc: after.records differs']],
    ['another value before', (p) => (p.resource_changes[1].change.before.ttl = 300), ['aws_route53_record.dmarc: before.ttl differs']],
    ['a value shown as known that is unknown', (p) => (p.resource_changes[0].change.after_unknown = {}), ['aws_route53_record.spf: after_unknown.id, after_unknown.fqdn, after_unknown.records differ']],
    ['several attributes', (p) => Object.assign(p.resource_changes[1].change.after, { name: 'x', ttl: 1, type: 'CNAME', zone_id: 'Z2' }), ['aws_route53_record.dmarc: after.name, after.ttl, after.type and 1 more differ']],
    ['an extra key named __proto__', (p) => (p.resource_changes[1].change.after = JSON.parse('{"__proto__":{}}')), ['aws_route53_record.dmarc: after.__proto__, after.name, after.records and 5 more differ']],
    ['a resource the plan at hand does not have', (p) => p.resource_changes.push({ ...plan().resource_changes[0], address: 'aws_route53_record.extra' }), ['aws_route53_record.extra: in the reviewed plan (create) but not in the plan at hand']],
    ['another provider', (p) => (p.resource_changes[2].provider_name = 'registry.terraform.io/evil/aws'), ['aws_route53_record.mx: provider differs']],
    ['an import added', (p) => (p.resource_changes[2].change.importing = { id: 'Z1_a.example.org_MX' }), ['aws_route53_record.mx: import differs']],
    ['a deposed object', (p) => p.resource_changes.push({ ...plan().resource_changes[2], deposed: 'abcd' }), ['aws_route53_record.mx (deposed abcd): in the reviewed plan (no-op) but not in the plan at hand']],
  ])('%s', (_what, tamper, expected) => {
    expect(differences(tamper)).toEqual(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /^\(plan\): the reviewed plan\.json is not a JSON object$/],
    ['a state file', { version: 4, resources: [] }, /is not a plan of format 1\.x/],
    ['format 2', { ...plan(), format_version: '2.0' }, /is not a plan of format 1\.x/],
    ['resource_changes that is not a list', { ...plan(), resource_changes: { a: 1 } }, /has resource_changes that is not a list/],
    ['an entry without actions', { ...plan(), resource_changes: [{ address: 'x', change: {} }] }, /has a resource_changes\[0\] without address and change\.actions/],
    ['actions that are not text', { ...plan(), resource_changes: [{ address: 'x', change: { actions: [1] } }] }, /resource_changes\[0\] without address/],
    ['a list of a million resource changes', { ...plan(), resource_changes: new Array(1_000_000).fill(0) }, /has more than 10000 resource changes/],
    ['a resource listed twice', { ...plan(), resource_changes: [plan().resource_changes[0], plan().resource_changes[0]] }, /lists aws_route53_record\.spf twice/],
    ['an address of a megabyte', { ...plan(), resource_changes: [{ ...plan().resource_changes[0], address: 'a'.repeat(1 << 20) }, plan().resource_changes[0], plan().resource_changes[0]] }, /lists aws_route53_record\.spf twice/],
  ])('a reviewed plan.json that is %s is one named problem, nothing else compared', (_what, reviewed, message) => {
    const found = planDifferences(reviewed, plan());
    expect(found).toHaveLength(1);
    expect(`${found[0]!.address}: ${found[0]!.what}`).toMatch(message);
  });

  it('names a long address shortened', () => {
    const long = plan();
    long.resource_changes[0].address = `aws_route53_record.${'x'.repeat(500)}`;
    const found = planDifferences(long, plan());
    expect(found[0]!.address.length).toBeLessThanOrEqual(121);
  });
});

describe('planHasChanges', () => {
  it('create, update, delete are changes; no-op and read are not', () => {
    expect(planHasChanges(plan())).toBe(true);
    const quiet = plan();
    quiet.resource_changes = [plan().resource_changes[2], { ...plan().resource_changes[2], address: 'data.aws_route53_zone.z', change: { ...plan().resource_changes[2].change, actions: ['read'] } }];
    expect(planHasChanges(quiet)).toBe(false);
    expect(planHasChanges({ format_version: '1.2' })).toBe(false);
  });
});
