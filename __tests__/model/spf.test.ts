import { Problems } from '../../model/problems';
import { problemLines } from './problem-lines';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { buildSpf, countLookups, isSpfRecord, parseSpfRecord, SpfOptions } from '../../model/spf';

function build(options: SpfOptions) {
  const problems = new Problems();
  const record = buildSpf(options, SECUTIX_PROFILE, problems.at('spf'));
  return { record, errors: problemLines(problems, 'error'), warnings: problemLines(problems, 'warning') };
}

describe('SPF record', () => {
  test('default: the platform include and ~all', () => {
    expect(build({})).toEqual({ record: 'v=spf1 include:spf.secutix.com ~all', errors: [], warnings: [] });
  });

  test('extra terms are kept in order after the platform include, all last, modifiers after all', () => {
    const { record, errors } = build({ mechanisms: ['ip4:192.0.2.0/24', 'include:_spf.google.com', 'exp=explain.example.org', 'ip6:2001:db8::/32'], all: '-all' });
    expect(errors).toEqual([]);
    expect(record).toBe('v=spf1 include:spf.secutix.com ip4:192.0.2.0/24 include:_spf.google.com ip6:2001:db8::/32 -all exp=explain.example.org');
  });

  test('mechanism names are case-insensitive and written lowercase', () => {
    expect(build({ mechanisms: ['INCLUDE:_spf.google.com', '~MX'] }).record).toBe('v=spf1 include:spf.secutix.com include:_spf.google.com ~mx ~all');
  });

  // Each rule: a rejected input (path + message) and, next to it, a close input that passes.
  test.each<[string, string, RegExp]>([
    ['unknown mechanism', 'inclde:_spf.google.com', /unknown SPF mechanism "inclde" \(did you mean "include"\?\)/],
    ['unknown modifier', 'redirekt=_spf.example.org', /unknown SPF modifier "redirekt" \(did you mean "redirect"\?\)/],
    ['all in the list', '-all', /"all" goes in spf.all/],
    ['v=spf1 given', 'v=spf1', /"v=spf1" is added by the library/],
    ['the platform include again', 'include:spf.secutix.com', /is added by the sender profile/],
    ['the platform include again, other case and dot', '?include:SPF.secutix.com.', /is added by the sender profile/],
    ['include without domain', 'include', /"include" needs a domain/],
    ['exists without domain', 'exists:', /"exists" needs a domain/],
    ['include of a bare label', 'include:localhost', /not a fully qualified domain/],
    ['bad domain label', 'include:-bad.example.org', /label "-bad" must be/],
    ['bad macro', 'exists:%{q}.example.org', /bad macro/],
    ['ip4 without address', 'ip4', /needs an address/],
    ['ip4 bad address', 'ip4:192.0.2.300', /"192.0.2.300" is not a valid IPv4 address/],
    ['ip4 CIDR > 32', 'ip4:192.0.2.0/33', /ip4 CIDR length must be 0–32, got "\/33"/],
    ['ip4 CIDR not a number', 'ip4:192.0.2.0/x', /ip4 CIDR length must be 0–32/],
    ['ip6 with an IPv4 address', 'ip6:192.0.2.1', /not a valid IPv6 address/],
    ['ip6 CIDR > 128', 'ip6:2001:db8::/129', /ip6 CIDR length must be 0–128/],
    ['a with bad dual CIDR', 'a/24//129', /a IPv6 CIDR length must be 0–128/],
    ['mx with an IPv4 CIDR > 32', 'mx:example.org/40', /mx IPv4 CIDR length must be 0–32/],
    ['all with an argument (as mechanism syntax)', 'ptr/24', /"ptr" takes no CIDR length/],
    ['two terms in one entry', 'ip4:192.0.2.1 ip4:192.0.2.2', /one term per list entry/],
    ['garbage', 'include:', /"include" needs a domain/],
    ['not a term', '@example.org', /is not an SPF term/],
  ])('rejects %s: %j', (_rule, term, message) => {
    const { record, errors } = build({ mechanisms: ['ip4:198.51.100.1', term] });
    expect(record).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spf\.mechanisms\[1\]: /);
    expect(errors[0]).toMatch(message);
  });

  test.each([
    'include:_spf.google.com',
    '-include:bad.example.org',
    'exists:%{i}._spf.example.org',
    'exists:%{ir}.%{l1r+-}._spf.%{d}',
    'ip4:192.0.2.0/24',
    'ip4:192.0.2.1',
    'ip4:0.0.0.0/0',
    'ip6:2001:db8::/32',
    'ip6:::1/128',
    'a',
    'a/24',
    'a//64',
    'a:mail.example.org/24//64',
    'mx',
    'mx:example.org',
    '?a:example.org.',
    'exp=explain._spf.example.org',
  ])('accepts %j', (term) => {
    const { record, errors } = build({ mechanisms: [term] });
    expect(errors).toEqual([]);
    expect(record).toContain(term.replace(/^([+\-~?]?)([A-Za-z0-9]+)/, (_m, q, n) => q + n.toLowerCase()));
  });

  test('a repeated term is rejected, naming the first', () => {
    expect(build({ mechanisms: ['include:_spf.google.com', 'ip4:192.0.2.1', 'include:_SPF.google.com'] }).errors).toEqual([
      'spf.mechanisms[2]: "include:_SPF.google.com" repeats mechanisms[0]',
    ]);
  });

  test('a modifier may appear once', () => {
    expect(build({ mechanisms: ['exp=a.example.org', 'exp=b.example.org'] }).errors).toEqual(['spf.mechanisms[1]: "exp=" may appear only once (RFC 7208 §6)']);
  });

  test.each([
    ['+all', /expected ~all\|-all\|\?all, got "\+all" \("\+all" lets anyone send/],
    ['all', /expected ~all\|-all\|\?all, got "all"/],
    ['softfail', /expected ~all\|-all\|\?all, got "softfail"/],
  ])('all = %j is rejected', (all, message) => {
    const { errors } = build({ all: all as never });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spf\.all: /);
    expect(errors[0]).toMatch(message);
  });

  test.each(['~all', '-all', '?all'] as const)('all = %j is accepted and ends the record', (all) => {
    expect(build({ all }).record).toBe(`v=spf1 include:spf.secutix.com ${all}`);
  });

  describe('DNS lookup limit (RFC 7208 §4.6.4)', () => {
    const includes = (n: number) => Array.from({ length: n }, (_, i) => `include:s${i}.example.org`);

    test('10 lookups including the platform include pass, with a warning that nested includes count too', () => {
      const { record, errors, warnings } = build({ mechanisms: [...includes(9), 'ip4:192.0.2.1'] });
      expect(errors).toEqual([]);
      expect(record).toBeDefined();
      expect(warnings).toEqual(['spf.mechanisms: 10 DNS lookups at the top level; nested includes add more: run "verify" to count the live total (limit 10)']);
    });

    test('11 lookups are an error', () => {
      const { record, errors } = build({ mechanisms: [...includes(8), 'a', 'mx'] });
      expect(record).toBeUndefined();
      expect(errors).toEqual([expect.stringMatching(/^spf\.mechanisms: the record needs 11 DNS lookups .* at most 10$/)]);
    });

    test('ip4, ip6 and exp cost no lookup; a, mx, ptr, exists, redirect do', () => {
      const { terms } = parseSpfRecord('v=spf1 ip4:192.0.2.1 ip6:::1 a mx ptr exists:x.example.org redirect=y.example.org include:z.example.org exp=e.example.org -all');
      expect(countLookups(terms)).toBe(6);
    });

    test('only the platform include: no warning', () => {
      expect(build({ mechanisms: ['ip4:192.0.2.1'] }).warnings).toEqual([]);
    });
  });

  test('ptr warns (RFC 7208 §5.5) but is accepted', () => {
    const { record, warnings } = build({ mechanisms: ['ptr:example.org'] });
    expect(record).toBeDefined();
    expect(warnings).toContainEqual(expect.stringMatching(/^spf\.mechanisms\[0\]: "ptr" is discouraged/));
  });

  test('redirect warns that it is ignored next to all', () => {
    const { record, warnings } = build({ mechanisms: ['redirect=_spf.example.org'] });
    expect(record).toBe('v=spf1 include:spf.secutix.com ~all redirect=_spf.example.org');
    expect(warnings).toContainEqual(expect.stringMatching(/^spf\.mechanisms\[0\]: "redirect" is ignored/));
  });

  describe('record length', () => {
    const ip4s = (n: number) => Array.from({ length: n }, (_, i) => `ip4:198.51.${Math.floor(i / 250)}.${i % 250}`);

    test('more than 512 bytes is an error', () => {
      const { record, errors } = build({ mechanisms: ip4s(35) });
      expect(record).toBeUndefined();
      expect(errors).toEqual([expect.stringMatching(/^spf\.mechanisms: the SPF record would be \d+ bytes; keep it at most 512/)]);
    });

    test('between 450 and 512 bytes warns', () => {
      const { record, warnings } = build({ mechanisms: ip4s(28) });
      expect(record!.length).toBeGreaterThan(450);
      expect(record!.length).toBeLessThanOrEqual(512);
      expect(warnings).toContainEqual(expect.stringMatching(/close to the 512-byte limit/));
    });

    test('up to 450 bytes: no warning', () => {
      const { record, warnings } = build({ mechanisms: ip4s(26) });
      expect(record!.length).toBeLessThanOrEqual(450);
      expect(warnings).toEqual([]);
    });
  });
});

describe('parseSpfRecord', () => {
  test('reads back the terms', () => {
    const { terms, errors } = parseSpfRecord('v=spf1 include:spf.secutix.com -ip4:192.0.2.0/24 ~all');
    expect(errors).toEqual([]);
    expect(terms.map((t) => [t.qualifier, t.name, t.value])).toEqual([
      ['', 'include', 'spf.secutix.com'],
      ['-', 'ip4', '192.0.2.0/24'],
      ['~', 'all', ''],
    ]);
  });

  test('reports a missing version and bad terms', () => {
    expect(parseSpfRecord('include:x.example.org').errors).toEqual(['record does not start with "v=spf1"']);
    expect(parseSpfRecord('v=spf1 foo:bar').errors[0]).toMatch(/unknown SPF mechanism "foo"/);
  });
});

describe('SPF grammar against RFC 7208 §6 and §7.1', () => {
  const configErrors = (term: string) => build({ mechanisms: [term] }).errors;

  test.each(['exists:%{c}.example.org', 'a:%{t}.example.org', 'include:%{r}.example.org', 'exists:%{C}.example.org', 'exp=%{r}.example.org'])(
    'macro letters c, r, t belong to explanation text only: the config refuses %j',
    (term) => {
      expect(configErrors(term)).toEqual([expect.stringMatching(/^spf\.mechanisms\[0\]: bad macro in ".*": "%\{[crtC]\}": the letters c, r and t are allowed only in the explanation text that exp= points to \(RFC 7208 §7\.1\)$/)]);
    },
  );

  test.each(['exists:%{c}.example.org', 'a:%{t}.example.org', 'include:%{r}.example.org'])('and so does the parser verify uses: %j', (term) => {
    expect(parseSpfRecord(`v=spf1 ${term} -all`).errors).toEqual([expect.stringMatching(/allowed only in the explanation text/)]);
  });

  test.each([
    ['%{d0}', /the number of parts must be nonzero/],
    ['%{q}', /unknown macro letter "q"/],
    ['%(i)', /"%" must start %\{letter\}, %%, %_ or %-/],
    ['%{i', /"%\{i\.example\.org" is not %\{letter/],
  ])('a bad macro %j is refused', (macro, message) => {
    expect(parseSpfRecord(`v=spf1 exists:${macro}.example.org -all`).errors).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    ['redirect:_spf.example.org', '"redirect" is a modifier, written with "=": "redirect=_spf.example.org" (RFC 7208 §6)'],
    ['exp:explain.example.org', '"exp" is a modifier, written with "=": "exp=explain.example.org" (RFC 7208 §6)'],
    ['-redirect:x.example.org', '"redirect" is a modifier, written with "=": "redirect=x.example.org" and without a qualifier (RFC 7208 §6)'],
  ])('a modifier written as a mechanism, %j, says how to write it', (term, message) => {
    expect(configErrors(term)).toEqual([`spf.mechanisms[0]: ${message}`]);
    expect(parseSpfRecord(`v=spf1 ${term} -all`).errors).toEqual([message]);
  });

  test('a:foo:bar/baz.example.com is a domain-spec ("/" and ":" are macro-literals), not a CIDR', () => {
    expect(configErrors('a:foo:bar/baz.example.com')).toEqual([
      'spf.mechanisms[0]: "foo:bar/baz.example.com" is not a valid domain: label "foo:bar/baz" must be 1–63 letters, digits, hyphens or underscores',
    ]);
    // Receivers accept it and query that name (the OpenSPF suite's a-colon-domain passes), so verify reads it too.
    const { terms, errors } = parseSpfRecord('v=spf1 a:foo:bar/baz.example.com mx:foo:bar/baz.example.com/24 -all');
    expect(errors).toEqual([]);
    expect(terms.map((t) => t.value)).toEqual(['foo:bar/baz.example.com', 'foo:bar/baz.example.com/24', '']);
  });

  test.each([
    ['include:_spf.example.org/24', '"include" takes no CIDR length'],
    ['a:example.com:8080', '"example.com:8080" is not a valid domain-spec: it must end in "." and a top-level label, e.g. "_spf.example.com" (RFC 7208 §7.1)'],
    ['a:abc.123', '"abc.123" is not a valid domain-spec: it must end in "." and a top-level label, e.g. "_spf.example.com" (RFC 7208 §7.1)'],
    ['a:mail.example..com', '"mail.example..com" is not a valid domain: label "" must be 1–63 characters'],
  ])('a live record with %j is a permerror: %s', (term, message) => {
    expect(parseSpfRecord(`v=spf1 ${term} -all`).errors).toEqual([message]);
  });

  test('unknown modifiers are ignored by receivers (RFC 7208 §6) but refused in a config, where they are typos', () => {
    expect(parseSpfRecord('v=spf1 moo.cow-far_out=man:dog/cat default=pass -all').errors).toEqual([]);
    expect(parseSpfRecord('v=spf1 -all foo=%abc').errors).toEqual([expect.stringMatching(/^bad macro in "%abc"/)]);
    expect(configErrors('default=pass')[0]).toMatch(/unknown SPF modifier "default"/);
  });

  test('redirect= and exp= may appear once per record (RFC 7208 §6)', () => {
    expect(parseSpfRecord('v=spf1 redirect=a.example.org -all redirect=a.example.org').errors).toEqual(['"redirect=" may appear only once (RFC 7208 §6)']);
    expect(parseSpfRecord('v=spf1 exp=a.example.org -all exp=b.example.org').errors).toEqual(['"exp=" may appear only once (RFC 7208 §6)']);
  });
});

describe('isSpfRecord (RFC 7208 §4.5)', () => {
  test.each([
    ['v=spf1 -all', true],
    ['v=spf1', true],
    ['V=SPF1 include:x.example.org ~all', true],
    ['v=spf10 -all', false],
    ['v=spf1-all', false],
    ['google-site-verification=abc', false],
  ])('%j → %s', (text, expected) => expect(isSpfRecord(text)).toBe(expected));
});
