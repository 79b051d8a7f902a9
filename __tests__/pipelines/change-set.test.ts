// The change set between two synth outputs is a pure function of their stacks: what counts as a change (anything
// Terraform reads) and what does not (whitespace, key order, cdktf's `//` metadata).
import { ADDED_REASON, changeSet, ORPHANED_REASON, StackState, stacksToPlan } from '../../pipeline/change-set';
import { canonicalJson, MAX_DEPTH, stackTerraform, TooDeepError } from '../../pipeline/stack-digest';

const LOCK = 'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n  hashes = [\n    "h1:x=",\n  ]\n}\n';

/** A synthesized Route53 stack as cdktf writes it, with a TTL and a DMARC policy to vary. */
function stackJson(code: string, { ttl = 3600, policy = 'none', backend = `../../../terraform.email-auth-${code}.tfstate` } = {}) {
  return {
    '//': { metadata: { backend: 'local', stackName: `email-auth-${code}`, version: '0.21.0' }, outputs: {} },
    output: { iam_policy_json: { value: `{"zone":"Z${code}"}` } },
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: {
      aws_route53_record: {
        'email-auth_spf_20C5DE82': { '//': { metadata: { path: `email-auth-${code}/email-auth/spf` } }, name: `${code}.example`, type: 'TXT', ttl, records: ['v=spf1 ~all'] },
        'email-auth_dmarc_548800EE': { name: `_dmarc.${code}.example`, type: 'TXT', ttl, records: [`v=DMARC1; p=${policy}`] },
      },
    },
    terraform: { backend: { local: { path: backend } }, required_providers: { aws: { source: 'aws', version: '>= 5.100, < 7' } } },
  };
}

/** A stack of a synth output; `lockText` null for one without a lock file. */
const state = (name: string, tf: unknown, lockText: string | null = LOCK): StackState => ({ name, terraform: stackTerraform(tf, lockText ?? undefined), lockText: lockText ?? undefined });

/** The same JSON with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
  return value;
}

describe('changeSet', () => {
  const base = ['a', 'b', 'c'].map((c) => state(`email-auth-${c}`, stackJson(c)));

  it('nothing changed: every stack unchanged', () => {
    expect(changeSet(base, base.map((s) => ({ ...s })))).toEqual({ added: [], changed: [], removed: [], unchanged: 3 });
  });

  it('whitespace, key order and cdktf metadata never count', () => {
    const noisy = (c: string) => {
      const tf = reversed(JSON.parse(JSON.stringify(stackJson(c), null, 7))) as ReturnType<typeof stackJson>;
      tf['//'].metadata.version = '0.99.0';
      (tf.resource.aws_route53_record['email-auth_spf_20C5DE82']['//'] as { metadata: { path: string } }).metadata.path = 'elsewhere';
      return tf;
    };
    const head = ['a', 'b', 'c'].map((c) => state(`email-auth-${c}`, noisy(c), LOCK.replace(/\n/g, '\r\n')));
    expect(changeSet(base, head)).toEqual({ added: [], changed: [], removed: [], unchanged: 3 });
  });

  it('a changed record names the resource that differs', () => {
    const head = [base[0]!, state('email-auth-b', stackJson('b', { policy: 'reject' })), base[2]!];
    expect(changeSet(base, head)).toEqual({
      added: [],
      changed: [{ stack: 'email-auth-b', reason: 'aws_route53_record.email-auth_dmarc_548800EE', elements: ['aws_route53_record.email-auth_dmarc_548800EE'] }],
      removed: [],
      unchanged: 2,
    });
  });

  it('the backend, an output and the lock file are named too', () => {
    const tf = stackJson('a', { ttl: 300, backend: 's3' });
    tf.output.iam_policy_json.value = '{}';
    const set = changeSet(base, [state('email-auth-a', tf, LOCK.replace('5.100.0', '6.0.0')), base[1]!, base[2]!]);
    expect(set.changed[0]!.elements).toEqual([
      'aws_route53_record.email-auth_dmarc_548800EE',
      'aws_route53_record.email-auth_spf_20C5DE82',
      'output.iam_policy_json',
      'terraform.backend',
      '.terraform.lock.hcl',
    ]);
    expect(set.changed[0]!.reason).toBe(set.changed[0]!.elements.join(', '));
  });

  it('a lock file that appears is a change', () => {
    expect(changeSet([state('s', stackJson('a'), null)], [state('s', stackJson('a'))]).changed).toEqual([{ stack: 's', reason: '.terraform.lock.hcl', elements: ['.terraform.lock.hcl'] }]);
  });

  it('long reasons list the first elements and a count; the JSON keeps them all', () => {
    const many = (n: number) => ({ resource: { r: Object.fromEntries(Array.from({ length: n }, (_, i) => [`x${String(i).padStart(2, '0')}`, { v: n }])) } });
    const [change] = changeSet([state('s', many(12))], [state('s', many(13))]).changed;
    expect(change!.elements).toHaveLength(13);
    expect(change!.reason).toBe('r.x00, r.x01, r.x02, r.x03, r.x04, r.x05, r.x06, r.x07 and 5 more');
  });

  it('added and removed stacks, with the orphan warning and its two ways out', () => {
    const head = [base[0]!, base[1]!, state('email-auth-d', stackJson('d'))];
    const set = changeSet(base, head);
    expect(set).toEqual({ added: [{ stack: 'email-auth-d', reason: ADDED_REASON }], changed: [], removed: [{ stack: 'email-auth-c', reason: ORPHANED_REASON }], unchanged: 2 });
    expect(ORPHANED_REASON).toMatch(/^orphaned: records stay live, state stays/);
    expect(ORPHANED_REASON).toContain('`retired: true`');
    expect(ORPHANED_REASON).toContain('`retired: forget`');
  });

  it('lists are sorted by stack name; stacksToPlan is added and changed, not removed', () => {
    const head = [state('email-auth-z', stackJson('z')), state('email-auth-b', stackJson('b', { ttl: 1 })), state('email-auth-a', stackJson('a', { ttl: 1 }))];
    const set = changeSet(base, head);
    expect(set.changed.map((c) => c.stack)).toEqual(['email-auth-a', 'email-auth-b']);
    expect(stacksToPlan(set)).toEqual(['email-auth-a', 'email-auth-b', 'email-auth-z']);
  });
});

describe('canonicalJson and the stack digest', () => {
  it('sorts keys, drops `//` at every depth, keeps array order', () => {
    expect(canonicalJson({ b: [2, 1], a: { '//': 'x', c: null } })).toBe('{"a":{"c":null},"b":[2,1]}');
    expect(stackTerraform({ a: [1, 2] }, undefined).digest).not.toBe(stackTerraform({ a: [2, 1] }, undefined).digest);
  });

  it('keeps a `__proto__` key as data', () => {
    const tf = JSON.parse('{"resource":{"__proto__":{"x":{"v":1}}}}');
    expect([...stackTerraform(tf, undefined).elements.keys()]).toEqual(['__proto__.x']);
  });

  it(`refuses JSON nested more than ${MAX_DEPTH} levels deep`, () => {
    const deep = JSON.parse(`${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}`);
    expect(() => stackTerraform({ locals: { x: deep } }, undefined)).toThrow(TooDeepError);
  });

  it('is sha256 of the canonical form: metadata and lock-file line endings aside, equal stacks have equal digests', () => {
    const a = stackTerraform(stackJson('a'), LOCK);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stackTerraform(reversed(stackJson('a')), LOCK.replace(/\n/g, '\r\n')).digest).toBe(a.digest);
    expect(stackTerraform(stackJson('a'), undefined).digest).not.toBe(a.digest);
  });
});
