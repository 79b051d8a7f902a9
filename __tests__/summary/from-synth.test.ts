// Two synth outputs → RecordChange, keyed by stack + name + type.
import { changesFromSynth } from '../../summary/from-synth';
import { TerraformDnsRecord } from '../../tfjson/records';

const rec = (over: Partial<TerraformDnsRecord> = {}): TerraformDnsRecord => ({
  stack: 'email-auth-a',
  address: 'aws_route53_record.spf',
  provider: 'route53',
  name: 'example.com',
  type: 'TXT',
  ttl: 300,
  values: ['v=spf1 include:spf.secutix.com ~all'],
  ...over,
});

describe('changesFromSynth', () => {
  it('finds nothing between equal outputs', () => {
    expect(changesFromSynth([rec()], [rec()])).toEqual([{ stack: 'email-auth-a', changes: [], otherChanges: 0, notes: [] }]);
  });

  it('creates, updates (values or TTL) and deletes', () => {
    const base = [rec(), rec({ name: '_dmarc.example.com', address: 'aws_route53_record.dmarc', values: ['v=DMARC1; p=reject'] }), rec({ type: 'MX', address: 'aws_route53_record.mx', values: ['10 mx.example.com'] })];
    const head = [rec({ ttl: 60 }), rec({ name: '_dmarc.example.com', address: 'aws_route53_record.dmarc', values: ['v=DMARC1; p=none'] }), rec({ name: 'stxsel1._domainkey.example.com', type: 'CNAME', address: 'aws_route53_record.dkim', values: ['a.example.net'] })];
    const [stack] = changesFromSynth(base, head);
    expect(stack!.changes.map((c) => [c.action, c.name, c.type, c.ttlBefore, c.ttlAfter, c.before, c.after])).toEqual([
      ['update', '_dmarc.example.com', 'TXT', 300, 300, ['v=DMARC1; p=reject'], ['v=DMARC1; p=none']],
      ['delete', 'example.com', 'MX', 300, undefined, ['10 mx.example.com'], []],
      ['update', 'example.com', 'TXT', 300, 60, ['v=spf1 include:spf.secutix.com ~all'], ['v=spf1 include:spf.secutix.com ~all']],
      ['create', 'stxsel1._domainkey.example.com', 'CNAME', undefined, 300, [], ['a.example.net']],
    ]);
  });

  it('calls a record set whose Terraform address changes a replacement (destroy + create without a moved block)', () => {
    const [stack] = changesFromSynth([rec()], [rec({ address: 'aws_route53_record.spf2' })]);
    expect(stack!.changes).toEqual([expect.objectContaining({ action: 'replace', note: 'address changes from `aws_route53_record.spf`; a `moved` block keeps it' })]);
  });

  it('keeps stacks apart; a stack gone from the head is orphaned: no record changes (nothing deletes them)', () => {
    const stacks = changesFromSynth([rec(), rec({ stack: 'email-auth-b' })], [rec()]);
    expect(stacks.map((s) => [s.stack, s.changes.map((c) => c.action), s.orphaned ?? false])).toEqual([
      ['email-auth-a', [], false],
      ['email-auth-b', [], true],
    ]);
    expect(stacks[1]!.notes).toEqual([]);
  });

  it('a stack still in the head without records (retired: true) deletes them; with removed blocks (retired: forget) forgets them', () => {
    const head = (forgotten: string[]) => ({ stacks: ['email-auth-a'], records: [], forgotten: new Map([['email-auth-a', new Set(forgotten)]]) });
    expect(changesFromSynth([rec()], head([]))[0]!.changes.map((c) => c.action)).toEqual(['delete']);
    expect(changesFromSynth([rec()], head([rec().address]))[0]!.changes.map((c) => c.action)).toEqual(['forget']);
  });

  it('compares value sets in order (recordsFromSynth sorts them)', () => {
    const [stack] = changesFromSynth([rec({ values: ['a', 'b'] })], [rec({ values: ['a'] })]);
    expect(stack!.changes.map((c) => c.action)).toEqual(['update']);
  });
});
