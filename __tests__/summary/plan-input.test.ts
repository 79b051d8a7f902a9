// Plans from outside: malformed fields are refused with the file and the field named (exit 1, one line), unknown
// actions are refused instead of dropped, other providers' DNS deletions and whole zones need attention, and what is
// read is bounded (size, nesting, regular files only).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changesFromPlan } from '../../summary/from-plan';
import { SummaryInputError } from '../../summary/input-error';
import { nestingBeyond, PLAN_LIMITS, readPlanFile } from '../../summary/read-plan';
import { otherDnsResource, readOtherDns } from '../../summary/other-dns';
import { runSummary } from './run-summary';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'email-auth-plan-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function planFile(resourceChanges: unknown[], name = `email-auth-t${n++}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: resourceChanges }));
  return path;
}
const rc = (type: string, actions: unknown, before: unknown, after: unknown, address = `${type}.r`) => ({ address, mode: 'managed', type, change: { actions, before, after } });
const r53 = (over: Record<string, unknown> = {}) => ({ zone_id: 'Z1', name: 'example.com', type: 'TXT', ttl: 300, records: ['v=spf1 -all'], ...over });
const cf = (over: Record<string, unknown> = {}) => ({ zone_id: '0123', name: '_dmarc.example.com', type: 'TXT', ttl: 1, content: '"v=DMARC1; p=none"', ...over });

async function refused(path: string): Promise<string> {
  const { code, out, err } = await runSummary([path]);
  expect(code).toBe(2); // issue 16: unreadable input is no verdict
  expect(out).toBe('');
  expect(err.split('\n')).toHaveLength(1);
  return err;
}

describe('malformed fields of the records the summary reads are refused, naming the file and the field', () => {
  it.each([
    ['records holding a number', rc('aws_route53_record', ['update'], r53(), r53({ records: [42] })), 'change.after.records[0] is a number, not a string'],
    ['records holding an object', rc('aws_route53_record', ['create'], null, r53({ records: ['ok', { a: 1 }] })), 'change.after.records[1] is an object, not a string'],
    ['records that are a string', rc('aws_route53_record', ['delete'], r53({ records: 'v=spf1 -all' }), null), 'change.before.records is a string, not a list of strings'],
    ['a name that is a number', rc('aws_route53_record', ['create'], null, r53({ name: 7 })), 'change.after.name is a number, not a string'],
    ['a TTL that is a string', rc('aws_route53_record', ['create'], null, r53({ ttl: '300' })), 'change.after.ttl is a string, not a number'],
    ['a zone id that is a list', rc('aws_route53_record', ['create'], null, r53({ zone_id: ['Z1'] })), 'change.after.zone_id is a list, not a string'],
    ['Cloudflare content that is an object', rc('cloudflare_dns_record', ['update'], cf(), cf({ content: { x: 1 } })), 'change.after.content is an object, not a string'],
    ['a Cloudflare priority that is a string', rc('cloudflare_dns_record', ['create'], null, cf({ type: 'MX', priority: '10' })), 'change.after.priority is a string, not a number'],
    ['a mode that is a number', { ...rc('aws_route53_record', ['create'], null, r53()), mode: 1 }, 'mode is a number, not a string'],
    ['replace_paths that are not paths', { ...rc('aws_route53_record', ['delete', 'create'], r53(), r53()), change: { actions: ['delete', 'create'], before: r53(), after: r53(), replace_paths: 'zone_id' } }, 'change.replace_paths is not a list of attribute paths'],
  ])('%s', async (_, change, field) => {
    const path = planFile([change]);
    const address = (change as { address: string }).address;
    expect(await refused(path)).toBe(`summary: ${path}: resource_changes[0] (${address}) ${field}`);
  });

  it('never crashes with a TypeError on records of the wrong type (the bug: r.split is not a function)', () => {
    // The reader itself names the field (synth outputs reach it without the plan checker):
    expect(() => changesFromPlan('s', { format_version: '1.2', resource_changes: [rc('aws_route53_record', ['create'], null, r53({ records: [1] }))] } as never)).toThrow('records[0] is number, not a string');
    // readPlanFile checks first, so the summary never reaches that code with such a plan:
    const path = planFile([rc('aws_route53_record', ['create'], null, r53({ records: [1] }))]);
    expect(() => readPlanFile(path)).toThrow(SummaryInputError);
  });
});

it('reads __proto__ keys as plain keys: no prototype is set, no field is read from them', async () => {
  const path = join(dir, 'email-auth-proto.json');
  const after = '{"__proto__": {"records": [1], "name": "evil.example"}, "zone_id": "Z1", "name": "example.com", "type": "TXT", "ttl": 300, "records": ["v=spf1 -all"]}';
  writeFileSync(path, `{"__proto__": {"resource_changes": 5}, "format_version": "1.2", "planned_values": {}, "resource_changes": [{"address": "aws_route53_record.r", "type": "aws_route53_record", "change": {"actions": ["create"], "before": null, "after": ${after}}}]}`);
  const { code, out } = await runSummary([path]);
  expect(code).toBe(0);
  expect(out).toContain('| create | `example.com` | `TXT` (SPF) | 300 | `v=spf1 -all` |');
  expect(out).not.toContain('evil.example');
  expect(({} as Record<string, unknown>).records).toBeUndefined();
});

describe('actions', () => {
  it.each([[['explode']], [['create', 'update']], [['delete', 'delete']], [[]], [[1]], [['create', 'forget', 'delete']]])('refuses the action list %j instead of dropping it', async (actions) => {
    const path = planFile([rc('aws_route53_record', actions, r53(), r53())]);
    const err = await refused(path);
    expect(err).toBe(
      `summary: ${path}: resource_changes[0] (aws_route53_record.r) change.actions ${JSON.stringify(actions)} is not an action list Terraform writes ([no-op], [create], [read], [update], [delete], [delete,create], [create,delete], [forget], [create,forget])`,
    );
  });

  it('reads create-then-forget (removed with destroy = false) as a create, saying the old record stays in DNS', () => {
    const { changes } = changesFromPlan('s', { format_version: '1.2', resource_changes: [rc('aws_route53_record', ['create', 'forget'], r53(), r53({ records: ['v=spf1 ~all'] }))] } as never);
    expect(changes).toMatchObject([{ action: 'create', after: ['v=spf1 ~all'] }]);
    expect(changes[0]!.note).toMatch(/forgotten, not destroyed .*: it stays in DNS, no longer managed/);
  });

  it('leaves out read, which changes nothing; lists forget (retired: forget), which leaves the record in DNS', () => {
    const { changes, otherChanges } = changesFromPlan('s', { format_version: '1.2', resource_changes: [rc('aws_route53_record', ['forget'], r53(), null), rc('aws_route53_record', ['read'], null, r53())] } as never);
    expect([changes.map((c) => [c.action, c.name, c.after]), otherChanges]).toEqual([[['forget', 'example.com', []]], 0]);
  });
});

describe("other providers' DNS resources", () => {
  const deletions = [
    rc('google_dns_record_set', ['delete'], { name: 'example.com.', managed_zone: 'zone', type: 'TXT', ttl: 300, rrdatas: ['"google-site-verification=abc"'] }, null),
    rc('azurerm_dns_txt_record', ['delete'], { name: '@', zone_name: 'example.org', ttl: 3600, record: [{ value: 'MS=ms12345' }] }, null),
    rc('cloudflare_record', ['delete'], { zone_id: 'abc', name: 'www', hostname: 'www.example.net', type: 'CNAME', value: 'example.net' }, null),
    rc('dnsimple_zone_record', ['delete', 'create'], { zone_name: 'example.com', name: '', type: 'MX', value: 'mx.example.com', priority: 10 }, { zone_name: 'example.com', name: '', type: 'MX', value: 'mx2.example.com', priority: 10 }),
    rc('aws_route53_zone', ['delete'], { name: 'example.com', zone_id: 'Z1' }, null),
  ];

  it('are DNS changes, listed in the tables and in "Needs attention" (the bug: "DNS changes: none")', async () => {
    const { code, out } = await runSummary([planFile(deletions, 'email-auth-other.json')]);
    expect(code).toBe(0);
    expect(out).not.toContain('DNS changes: none');
    expect(out).toContain('## DNS changes: 1 to create, 0 to change, 5 to destroy (1 replacement)');
    const attention = out.split('\n').filter((l) => /^ *- /.test(l));
    // In record order; three deletions of the same shape are one line with a folded list.
    expect(attention).toEqual([
      '- `email-auth-other` `MX` `example.com`: MX record replaced: deleted first, then created; until then mail to `example.com` bounces',
      '- DNS record of another provider deleted (…, read best-effort): check that mail does not depend on it (SPF, DKIM, DMARC, MX) (3 records in 1 stack)',
      '  - `email-auth-other` `TXT` `example.com`: DNS record of another provider deleted (`google_dns_record_set`, read best-effort): check that mail does not depend on it (SPF, DKIM, DMARC, MX)',
      '  - `email-auth-other` `TXT` `example.org`: DNS record of another provider deleted (`azurerm_dns_txt_record`, read best-effort): check that mail does not depend on it (SPF, DKIM, DMARC, MX)',
      '  - `email-auth-other` `CNAME` `www.example.net`: DNS record of another provider deleted (`cloudflare_record`, read best-effort): check that mail does not depend on it (SPF, DKIM, DMARC, MX)',
      '- `email-auth-other` `zone` `example.com`: DNS zone deleted by `aws_route53_zone`: every record in it goes with it, SPF, DKIM, DMARC and MX included',
    ]);
    expect(out).toContain('### ⚠️ Needs attention (5)');
    expect(out).toContain('| delete | `example.org` | `TXT` | 3600 | `MS=ms12345` |');
  });

  it('an SPF, DKIM or DMARC record among them is flagged by what it breaks, once', async () => {
    const spf = rc('google_dns_record_set', ['delete'], { name: 'example.com.', type: 'TXT', ttl: 300, rrdatas: ['"v=spf1 include:spf.secutix.com ~all"'] }, null);
    const dmarc = rc('cloudflare_record', ['delete'], { zone_id: 'abc', name: '_dmarc', hostname: '_dmarc.example.com', type: 'TXT', content: 'v=DMARC1; p=reject' }, null, 'cloudflare_record.dmarc');
    const { out } = await runSummary([planFile([spf, dmarc], 'email-auth-auth.json')]);
    expect(out.split('\n').filter((l) => l.startsWith('- `email-auth-auth`'))).toEqual([
      '- `email-auth-auth` `TXT` `_dmarc.example.com`: DMARC record deleted: receivers apply no DMARC policy and send no reports (Gmail and Yahoo require DMARC of bulk senders)',
      '- `email-auth-auth` `TXT` `example.com`: SPF record deleted: mail sent by the platform no longer passes SPF',
    ]);
  });

  it.each([
    ['google_dns_record_set', 'record'],
    ['azurerm_dns_mx_record', 'record'],
    ['azurerm_private_dns_zone', 'zone'],
    ['cloudflare_record', 'record'],
    ['dnsimple_zone_record', 'record'],
    ['digitalocean_record', 'record'],
    ['dns_txt_record_set', 'record'],
    ['ovh_domain_zone_record', 'record'],
    ['aws_lightsail_domain_entry', 'record'],
    ['cloudflare_zone', 'zone'],
    ['google_dns_managed_zone', 'zone'],
  ])('%s is a DNS %s', (type, kind) => {
    expect(otherDnsResource(type)).toEqual({ resourceType: type, kind });
  });

  it.each([['aws_route53_record'], ['cloudflare_dns_record'], ['aws_iam_policy'], ['aws_s3_bucket'], ['random_id']])('%s is not one (read in full, or not DNS)', (type) => {
    expect(otherDnsResource(type)).toBeUndefined();
  });

  it('reads what it can and ignores fields of unexpected types, never throwing', () => {
    const record = otherDnsResource('google_dns_record_set')!;
    expect(readOtherDns(record, { name: 'Example.COM.', type: 'txt', ttl: 60, rrdatas: ['"a" "b"'] })).toEqual({ name: 'example.com', type: 'TXT', ttl: 60, values: ['ab'] });
    expect(readOtherDns(record, { name: 5, type: null, ttl: 'x', rrdatas: [1, 2], record: 'x' })).toEqual({ values: [] });
    expect(readOtherDns(otherDnsResource('azurerm_dns_mx_record')!, { name: 'mail', zone_name: 'example.org', record: [{ preference: 10, exchange: 'mx.example.org' }, 3] })).toEqual({
      name: 'mail.example.org',
      type: 'MX',
      values: ['10 mx.example.org'],
    });
  });
});

describe('bounds on what is read', () => {
  it('refuses a file over the size limit before reading it, saying the limit', async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, '');
    truncateSync(path, PLAN_LIMITS.maxBytes + 1); // sparse: nothing is written
    expect(await refused(path)).toBe(`summary: ${path} is 32.0 MB: plan files over 32.0 MB are refused`);
  });

  it('refuses nesting deeper than the limit, saying the limit', async () => {
    const deep = `{"format_version":"1.2","resource_changes":[],"x":${'['.repeat(PLAN_LIMITS.maxDepth)}${']'.repeat(PLAN_LIMITS.maxDepth)}}`;
    const path = join(dir, 'deep.json');
    writeFileSync(path, deep);
    expect(await refused(path)).toMatch(new RegExp(`^summary: ${path} nests objects and lists deeper than 128 levels \\(at byte \\d+\\): not a Terraform plan$`));
  });

  it('counts nesting outside strings only', () => {
    expect(nestingBeyond(Buffer.from('{"a":"[[[[[[\\"[[["}'), 2)).toBeUndefined();
    expect(nestingBeyond(Buffer.from('[[[1]]]'), 2)).toBe(2);
    expect(nestingBeyond(Buffer.from('[[1],[2],[3]]'), 2)).toBeUndefined();
  });

  it('reads only regular files: /dev/zero and a named pipe are refused at once', async () => {
    expect(await refused('/dev/zero')).toBe('summary: /dev/zero is not a regular file (a device, pipe or socket)');
    const fifo = join(dir, 'pipe.json');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return; // no mkfifo: /dev/zero above covers the rule
    expect(await refused(fifo)).toBe(`summary: ${fifo} is not a regular file (a device, pipe or socket)`);
  });

  it('shows control characters of a broken file as escapes in the one-line error', async () => {
    const path = join(dir, 'esc.json');
    writeFileSync(path, '{"format_version": "1.2", "x": \x1b[31m\n::error::forged}');
    const err = await refused(path);
    expect(err).not.toMatch(/[\x00-\x1f]/);
    expect(err).toMatch(/^summary: .* is not JSON \(.*\): expected the output of `terraform show -json <planfile>`$/);
  });
});
