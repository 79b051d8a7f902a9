import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, loadConfigFile, validateConfig } from '../../config/load';
import { formatProblem } from '../../model/problems';

const mosa = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ' };
const opera = { code: 'operabern', domain: 'tickets.opera-bern.ch', provider: 'cloudflare', zoneName: 'opera-bern.ch' };

function lines(raw: unknown, severity: 'error' | 'warning' = 'error'): string[] {
  return validateConfig(raw).problems.filter((p) => p.severity === severity).map(formatProblem);
}

describe('config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the shipped example is valid', () => {
    const { config, problems } = loadConfigFile(join(__dirname, '../../institutions.yaml'));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(config!.institutions.map((i) => [i.code, i.domain, i.provider])).toEqual([
      ['mosa', 'mosamuseum.com', 'route53'],
      ['operabern', 'tickets.opera-bern.ch', 'cloudflare'],
    ]);
  });

  test('JSON works as well as YAML', () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ institutions: [mosa] }));
    expect(loadConfigFile(file).config!.institutions).toHaveLength(1);
  });

  test.each([
    ['missing file', 'nope.yaml', null, /^config file ".*nope.yaml" does not exist$/],
    ['YAML syntax error', 'bad.yaml', 'institutions: [\n  - code: a\n', /^YAML syntax: .+ at line 2, column \d+$/],
    ['duplicate YAML key', 'dup.yaml', 'institutions: []\ninstitutions: []\n', /^YAML syntax: duplicated mapping key at line 2, column 1$/],
    ['JSON syntax error', 'bad.json', '{"institutions": [}', /^JSON syntax: /],
  ])('%s is one clear error', (_what, name, text, message) => {
    const file = join(dir, name);
    if (text !== null) writeFileSync(file, text);
    const { config, problems } = loadConfigFile(file);
    expect(config).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(message);
  });

  test('YAML is read with the 1.2 core schema: "yes" is a string, not a boolean', () => {
    const file = join(dir, 'yes.yaml');
    writeFileSync(file, 'institutions:\n  - { code: a, domain: a.example.org, provider: route53, zoneId: ZA, dmarc: { t: yes } }\n');
    expect(loadConfigFile(file).problems.map(formatProblem)).toEqual(['institutions[0].dmarc.t: expected boolean, got string "yes"']);
  });

  test('EMAIL_AUTH_CONFIG names the file; institutions.yaml is the default', () => {
    expect(configPath({ EMAIL_AUTH_CONFIG: '/etc/x.yaml' })).toBe('/etc/x.yaml');
    expect(configPath({})).toBe('institutions.yaml');
  });
});

describe('defaults', () => {
  test('are merged under each institution: maps one level deep, institution wins, lists replace', () => {
    const { config } = validateConfig({
      defaults: { ttl: 300, provider: 'route53', dmarc: { policy: 'none', rua: ['mailto:d@example.org'], adkim: 's' }, keepTxt: ['a=1'] },
      institutions: [{ code: 'a', domain: 'a.example.org', zoneId: 'ZA', dmarc: { policy: 'reject' }, keepTxt: ['b=2'] }],
    });
    const [inst] = config!.institutions;
    expect(inst!.ttl).toBe(300);
    expect(inst!.provider).toBe('route53');
    expect(inst!.dmarc).toEqual({ policy: 'reject', rua: ['mailto:d@example.org'], adkim: 's' });
    expect(inst!.keepTxt).toEqual(['b=2']);
  });
});

describe('schema errors name the path and the rule, all at once', () => {
  test('the example from the issue: a bad enum', () => {
    expect(lines({ institutions: [mosa, { ...opera, dmarc: { policy: 'rejct' } }] })).toEqual([
      'institutions[1].dmarc.policy: expected none|quarantine|reject, got "rejct"',
    ]);
  });

  test.each<[string, unknown, string[]]>([
    ['no institutions key', {}, ['institutions: is required']],
    ['empty institutions', { institutions: [] }, ['institutions: list at least one institution']],
    ['institutions not a list', { institutions: { a: 1 } }, ['institutions: expected array, got a map']],
    ['unknown top-level key', { institutions: [mosa], institution: [] }, ['unknown key "institution" (did you mean "institutions"?)']],
    ['unknown institution key, close to a known one', { institutions: [{ ...mosa, zoneid: 'Z1' }] }, ['institutions[0]: unknown key "zoneid" (did you mean "zoneId"?)']],
    ['unknown key, nothing close', { institutions: [{ ...mosa, colour: 'red' }] }, ['institutions[0]: unknown key "colour"']],
    ['unknown nested key', { institutions: [{ ...mosa, dmarc: { polcy: 'none' } }] }, ['institutions[0].dmarc: unknown key "polcy" (did you mean "policy"?)']],
    ['wrong type', { institutions: [{ ...mosa, ttl: '3600' }] }, ['institutions[0].ttl: expected number, got string "3600"']],
    ['wrong type in a list', { institutions: [{ ...mosa, mx: [{ priority: 'ten', host: 'mx.mosamuseum.com' }] }] }, ['institutions[0].mx[0].priority: expected number, got string "ten"']],
    ['bad provider', { institutions: [{ ...mosa, provider: 'route 53' }] }, ['institutions[0].provider: expected route53|cloudflare, got "route 53"']],
    ['bad spf.all', { institutions: [{ ...mosa, spf: { all: '+all' } }] }, ['institutions[0].spf.all: expected ~all|-all|?all, got "+all"']],
    ['missing required keys', { institutions: [{ zoneId: 'Z1' }] }, ['institutions[0].code: is required', 'institutions[0].domain: is required', 'institutions[0].provider: is required']],
    ['bad default', { defaults: { dmarc: { policy: 'nope' } }, institutions: [mosa] }, ['defaults.dmarc.policy: expected none|quarantine|reject, got "nope"']],
    ['bad AWS region', { institutions: [{ ...mosa, aws: { region: 'Frankfurt' } }] }, ['institutions[0].aws.region: expected an AWS region such as "eu-central-1", got "Frankfurt"']],
    ['bad role ARN', { institutions: [{ ...mosa, aws: { assumeRoleArn: 'dns-role' } }] }, ['institutions[0].aws.assumeRoleArn: expected an IAM role ARN such as "arn:aws:iam::123456789012:role/dns", got "dns-role"']],
  ])('%s', (_what, raw, expected) => {
    expect(lines(raw)).toEqual(expected);
  });

  test('errors in several institutions are all reported', () => {
    const errors = lines({ institutions: [{ ...mosa, ttl: 'x' }, { ...opera, provider: 'gcp' }, { ...mosa, code: 'other', domain: 'other.org', spf: { mechanisms: ['foo'] } }] });
    expect(errors.map((e) => e.split(': ')[0])).toEqual(['institutions[0].ttl', 'institutions[1].provider', 'institutions[2].spf.mechanisms[0]']);
  });
});

describe('semantic errors carry the institution path', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['domain that is a URL', { ...mosa, domain: 'https://mosamuseum.com' }, 'institutions[0].domain: domain must be a bare domain name, not a URL, got "https://mosamuseum.com"'],
    ['domain outside the zone', { ...opera, zoneName: 'opera.ch' }, 'institutions[0].domain: "tickets.opera-bern.ch" is not inside zone "opera.ch"'],
    ['no zone', { code: 'x', domain: 'x.org', provider: 'route53' }, 'institutions[0].zoneId: give zoneId or zoneName: the zone that holds the domain'],
    ['Route53 zone id with prefix', { ...mosa, zoneId: '/hostedzone/Z0123' }, 'institutions[0].zoneId: a Route53 hosted zone id is "Z" followed by up to 32 upper-case letters and digits, without "/hostedzone/", got "/hostedzone/Z0123"'],
    ['Cloudflare zone id', { ...opera, zoneName: undefined, zoneId: 'Z123' }, 'institutions[0].zoneId: a Cloudflare zone id is 32 lowercase hexadecimal characters, got "Z123"'],
    ['Cloudflare TTL', { ...opera, ttl: 3 }, 'institutions[0].ttl: Cloudflare takes 1 (automatic) or 60 to 86400 seconds, got 3'],
    ['aws options on Cloudflare', { ...opera, aws: { region: 'eu-central-1' } }, 'institutions[0].aws: applies to provider route53 only'],
    ['bare rua address', { ...mosa, dmarc: { rua: ['dmarc@mosamuseum.com'] } }, 'institutions[0].dmarc.rua[0]: report addresses are URIs: write "mailto:dmarc@mosamuseum.com", got "dmarc@mosamuseum.com"'],
  ])('%s', (_what, institution, error) => {
    expect(lines({ institutions: [institution] })).toEqual([error]);
  });

  test('the code is lowercased, the domain normalised', () => {
    const { config } = validateConfig({ institutions: [{ ...mosa, code: 'MOSA', domain: 'MosaMuseum.com.' }] });
    expect(config!.institutions[0]).toMatchObject({ code: 'mosa', domain: 'mosamuseum.com' });
  });

  test('a numeric code is refused with its quoted form (a number would lose leading zeros)', () => {
    const { config, problems } = validateConfig({ institutions: [{ ...mosa, code: 4711 }] });
    expect(config).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual(['institutions[0].code: expected a string, got the number 4711; quote it: "4711"']);
  });
});

describe('across institutions', () => {
  test('duplicate codes name both entries', () => {
    expect(lines({ institutions: [mosa, { ...opera, code: 'MOSA' }] })).toEqual([
      'institutions[1].code: "mosa" is also the code of institutions[0]; codes name the stacks and must be unique',
    ]);
  });

  test('the same sender domain twice names both entries', () => {
    expect(lines({ institutions: [mosa, { ...mosa, code: 'mosa2' }] })).toEqual([
      'institutions[1].domain: "mosamuseum.com" is also the domain of institutions[0]; one domain has one SPF and one DMARC record: merge the two entries',
    ]);
  });

  test('different domains in one zone are fine', () => {
    expect(lines({ institutions: [mosa, { ...mosa, code: 'news', domain: 'news.mosamuseum.com' }] })).toEqual([]);
  });
});

describe('secrets are refused, with the environment variable to use', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['apiToken', { apiToken: 'x' }, /institutions\[0\]\.apiToken: looks like a credential; .* set the CLOUDFLARE_API_TOKEN environment variable instead/],
    ['secretKey', { aws: { secretKey: 'x' } }, /institutions\[0\]\.aws\.secretKey: looks like a credential; .* standard AWS credential chain \(AWS_PROFILE, AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY/],
    ['accessKey', { accessKey: 'x' }, /institutions\[0\]\.accessKey: looks like a credential; .*AWS credential chain/],
    ['password', { password: 'x' }, /institutions\[0\]\.password: looks like a credential; .*never in this file/],
  ])('%s', (_key, extra, message) => {
    const errors = lines({ institutions: [{ ...mosa, ...extra }] });
    expect(errors).toHaveLength(1); // not also reported as an unknown key
    expect(errors[0]).toMatch(message);
  });

  test('in defaults too', () => {
    expect(lines({ defaults: { apiToken: 'x' }, institutions: [mosa] })).toEqual([
      expect.stringMatching(/^defaults\.apiToken: looks like a credential/),
    ]);
  });
});

test('warnings are returned with a valid config', () => {
  const { config, problems } = validateConfig({ institutions: [{ ...mosa, dmarc: { pct: 50 } }] });
  expect(config).toBeDefined();
  expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^warning: institutions\[0\]\.dmarc\.pct: removed by RFC 9989: .*use test mode instead \(t=y; in the config "t: true"\)$/)]);
});
