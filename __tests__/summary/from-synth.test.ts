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

describe('hostile synth outputs (a pull request branch can write anything into its cdktf.out)', () => {
  const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const { join } = require('node:path') as typeof import('node:path');
  const { readSynthOutput } = require('../../tfjson/records') as typeof import('../../tfjson/records');

  const output = (stackJson: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'email-auth-hostile-synth-'));
    mkdirSync(join(dir, 'stacks', 's'), { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: { s: { synthesizedStackPath: 'stacks/s/cdk.tf.json', workingDirectory: 'stacks/s' } } }));
    writeFileSync(join(dir, 'stacks', 's', 'cdk.tf.json'), stackJson);
    return dir;
  };
  const deep = `${'['.repeat(200_000)}"x"${']'.repeat(200_000)}`;

  test.each([
    ['null', 'null', /stack s: .* is not a Terraform JSON configuration/],
    ['a resource list', '{"resource": ["x"]}', /is not a Terraform JSON configuration/],
    ['records that are not strings', '{"resource":{"aws_route53_record":{"r":{"name":"a.example","type":"TXT","records":[1]}}}}', /records\[0\] is number, not a string/],
    ['records nested 200,000 deep', `{"resource":{"aws_route53_record":{"r":{"name":"a.example","type":"TXT","records":${deep}}}}}`, /records\[0\] is object, not a string/],
  ])('%s: one clear error, no crash', (_what, json, message) => {
    const dir = output(json);
    try {
      expect(() => readSynthOutput(dir)).toThrow(message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('resource types and resources that are not objects are passed over', () => {
    const dir = output('{"resource":{"aws_route53_record":"x","other":{"r":7}}}');
    try {
      expect(readSynthOutput(dir).records).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
