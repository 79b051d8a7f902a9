// Issue 9 items 1 and 3: config files that try to kill, fool or inject through the loader get one clear error each,
// and nothing is written.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, validateConfig } from '../../config/load';
import { MAX_CONFIG_VALUES } from '../../config/config-tree';
import { MAX_CONFIG_BYTES } from '../../config/read-text';
import { formatProblem } from '../../model/problems';

const mosa = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ' };
const dir = mkdtempSync(join(tmpdir(), 'email-auth-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Error lines of loading a file, as the CLI prints them. */
const errorsOf = (path: string) => loadConfigFile(path).problems.filter((p) => p.severity === 'error').map(formatProblem);
const errorsOfConfig = (raw: unknown) => validateConfig(raw).problems.filter((p) => p.severity === 'error').map(formatProblem);

/** A YAML "billion laughs": nine levels of aliases, each naming ten of the level below (10^9 values from ~640 bytes). */
export function billionLaughs(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 8; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('institutions: [*a8]');
  return `${lines.join('\n')}\n`;
}

describe('bounded work', () => {
  test('a billion-laughs YAML file is refused with one error, without expanding it', () => {
    const text = billionLaughs();
    expect(text.length).toBeLessThan(700);
    expect(errorsOf(file('laughs.yaml', text))).toEqual([`the file expands to more than ${MAX_CONFIG_VALUES.toLocaleString('en-US')} values (YAML aliases repeat what they name); refused`]);
  });

  test('aliases a real config uses (a shared dmarc block) are fine', () => {
    const yaml = `x: &dmarc { policy: reject, rua: ["mailto:d@mosamuseum.com"] }\n`;
    const { problems } = loadConfigFile(file('alias.yaml', `${yaml}institutions:\n  - { code: mosa, domain: mosamuseum.com, provider: route53, zoneId: Z0123456789ABCDEFGHIJ, dmarc: *dmarc }\n`));
    expect(problems.map(formatProblem)).toEqual(['unknown key "x" (did you mean "mx"?)']);
  });

  test.each([
    ['JSON nested 2,000 deep', 'deep.json', `{"institutions": ${'['.repeat(2000)}${']'.repeat(2000)}}`, /^JSON: nested deeper than 64 levels at line 1$/],
    ['YAML nested 2,000 deep', 'deep.yaml', `institutions: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, /^YAML syntax: nesting exceeded maxDepth/],
    ['a multi-document YAML file', 'multi.yaml', 'institutions: []\n---\nfoo: 1\n', /^YAML: the file holds more than one document \("---" starts each\); a config file is one document$/],
    ['an empty file', 'empty.yaml', '\n', /^the config file is empty$/],
  ])('%s is one clean error', (_what, name, text, message) => {
    const errors = errorsOf(file(name, text));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  test('/dev/zero and a folder are refused at once (regular files only)', () => {
    expect(errorsOf('/dev/zero')).toEqual(['config file "/dev/zero" is not a regular file (a device, pipe or socket): give the path of a YAML or JSON file']);
    expect(errorsOf(dir)).toEqual([`config file ${JSON.stringify(dir)} is a folder: give the path of a YAML or JSON file`]);
  });

  test('a file over the size limit is refused without reading it', () => {
    const big = file('big.yaml', '');
    truncateSync(big, MAX_CONFIG_BYTES + 1); // sparse: costs no disk
    expect(errorsOf(big)).toEqual([`cannot read config file ${JSON.stringify(big)}: has ${MAX_CONFIG_BYTES + 1} bytes, more than the ${MAX_CONFIG_BYTES} allowed`]);
  });
});

describe('keys that fool the shape check', () => {
  test.each([
    ['JSON, institution level', 'proto.json', JSON.stringify({ institutions: [{ ...mosa, zoneId: undefined }] }).replace('"code"', '"__proto__":{"zoneId":"Z9","keepTxt":["x"]},"code"'), 'institutions[0].__proto__'],
    ['JSON, top level', 'proto-top.json', `{"__proto__": {"institutions": []}, "institutions": [${JSON.stringify(mosa)}]}`, '__proto__'],
    ['YAML, nested in dmarc', 'proto.yaml', `institutions:\n  - { code: mosa, domain: mosamuseum.com, provider: route53, zoneId: Z0123456789ABCDEFGHIJ, dmarc: { __proto__: { policy: reject } } }\n`, 'institutions[0].dmarc.__proto__'],
  ])('__proto__ (%s) is an unknown key, and what it holds is never read', (_what, name, text, path) => {
    const errors = errorsOf(file(name, text));
    expect(errors).toContain(`${path}: unknown key "__proto__"`);
    expect(loadConfigFile(join(dir, name)).config).toBeUndefined();
  });

  test('a JSON key given twice is refused with its line (JSON.parse keeps the last one silently)', () => {
    const text = `{\n  "institutions": [\n    {\n      "code": "mosa", "domain": "mosamuseum.com", "provider": "route53",\n      "zoneId": "Z0123456789ABCDEFGHIJ",\n      "zone\\u0049d": "Z0OTHER"\n    }\n  ]\n}\n`;
    expect(errorsOf(file('dup.json', text))).toEqual(['JSON: duplicate key "zoneId" at line 6: each key may appear once in an object']);
  });

  test('the same key in two different objects is fine', () => {
    expect(errorsOf(file('two.json', JSON.stringify({ institutions: [mosa, { ...mosa, code: 'b', domain: 'b.example.org' }] })))).toEqual([]);
  });
});

describe('numbers where text is meant', () => {
  test.each([
    ['0815', 815],
    ['007', 7],
    ['0x1F', 31],
    ['1e3', 1000],
    ['.inf', Infinity],
  ])('code: %s is refused, showing the quoted form', (written, read) => {
    const yaml = `institutions:\n  - { code: ${written}, domain: mosamuseum.com, provider: route53, zoneId: Z0123456789ABCDEFGHIJ }\n`;
    expect(errorsOf(file(`code-${read}.yaml`, yaml))).toEqual([
      `institutions[0].code: expected a string, got the number ${read} (the file writes ${written}, which YAML reads as ${read}); quote it: "${written}"`,
    ]);
  });

  test('a quoted code keeps its leading zero all the way to the DKIM targets', () => {
    const yaml = `institutions:\n  - { code: "0815", domain: mosamuseum.com, provider: route53, zoneId: Z0123456789ABCDEFGHIJ }\n`;
    const dkim = loadConfigFile(file('code-quoted.yaml', yaml)).config!.institutions[0]!.records.filter((r) => r.purpose === 'dkim');
    expect(dkim.map((r) => r.values[0])).toEqual(['sel1-0815._domainkey.dkim.secutix.com', 'sel2-0815._domainkey.dkim.secutix.com']);
  });
});

describe('encodings', () => {
  const json = JSON.stringify({ institutions: [mosa] });
  const yaml = 'institutions:\n  - { code: mosa, domain: mosamuseum.com, provider: route53, zoneId: Z0123456789ABCDEFGHIJ }\n';
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);

  test('a UTF-8 byte-order mark is accepted in JSON and in YAML', () => {
    expect(errorsOf(file('bom.json', Buffer.concat([bom, Buffer.from(json)])))).toEqual([]);
    expect(errorsOf(file('bom.yaml', Buffer.concat([bom, Buffer.from(yaml)])))).toEqual([]);
  });

  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  test.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')]), 'UTF-16LE (it starts with a UTF-16 byte-order mark)'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(yaml)]), 'UTF-16BE (it starts with a UTF-16 byte-order mark)'],
    ['UTF-16LE without BOM', Buffer.from(yaml, 'utf16le'), 'UTF-16LE (without byte-order mark)'],
    ['UTF-32LE with BOM', Buffer.from([0xff, 0xfe, 0, 0, 0x69, 0, 0, 0]), 'UTF-32LE (it starts with a UTF-32 byte-order mark)'],
    ['UTF-32BE without BOM', Buffer.from([0, 0, 0, 0x69, 0, 0, 0, 0x6e]), 'UTF-32BE (without byte-order mark)'],
    ['Latin-1 text', Buffer.from('institutions: [] # M\xfcller\n', 'latin1'), null],
  ])('%s is named, and UTF-8 asked for', (what, bytes, encoding) => {
    const path = file(`${what.replace(/\W/g, '-')}.yaml`, bytes);
    expect(errorsOf(path)).toEqual([encoding ? `config file ${JSON.stringify(path)} is ${encoding}; save it as UTF-8` : `config file ${JSON.stringify(path)} is not valid UTF-8 text; save it as UTF-8`]);
  });
});

describe('values that are too big for DNS', () => {
  test('a domain whose derived names exceed 253 characters is refused at the domain, naming the derived name', () => {
    const domain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}.example`; // 243 characters
    const errors = errorsOfConfig({ institutions: [{ ...mosa, domain }] });
    expect(errors).toEqual([`institutions[0].domain: is too long for the records built from it: "stxsel1._domainkey.${domain}" would have 260 characters, DNS allows 253 (RFC 1035)`]);
  });

  test('10,000 keepTxt values are refused with the DNS answer limit', () => {
    const keepTxt = Array.from({ length: 10_000 }, (_, i) => `token-${i}=${'x'.repeat(2000)}`);
    const errors = errorsOfConfig({ institutions: [{ ...mosa, keepTxt }] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^institutions\[0\]\.keepTxt: the TXT record set at mosamuseum\.com \(the SPF record and 10000 keepTxt values\) makes a DNS answer of \d+ octets; at most 4096 fit the largest UDP answer resolvers accept/);
  });

  test('a TXT set above an unfragmented UDP answer (1,232 octets) only warns', () => {
    const keepTxt = Array.from({ length: 12 }, (_, i) => `verification-token-${i}=${'x'.repeat(80)}`);
    const { config, problems } = validateConfig({ institutions: [{ ...mosa, keepTxt }] });
    expect(config).toBeDefined();
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^warning: institutions\[0\]\.keepTxt: the TXT record set at mosamuseum\.com .* makes a DNS answer of \d+ octets, more than the 1232 of an unfragmented UDP answer/)]);
  });
});

describe('fields Terraform never needs as text refuse template syntax (their real syntax)', () => {
  test.each([
    [{ institutions: [{ ...mosa, aws: { profile: '${file("/etc/passwd")}' } }] }, 'institutions[0].aws.profile: expected an AWS profile name: 1 to 128 letters, digits and _ . @ + = : / -, got "${file(\\"/etc/passwd\\")}"'],
    [{ institutions: [{ ...mosa, aws: { region: '%{ if true }' } }] }, 'institutions[0].aws.region: expected an AWS region such as "eu-central-1", got "%{ if true }"'],
    [{ backend: { type: 'cloud', organization: '${path.cwd}' }, institutions: [mosa] }, 'backend.organization: expected an HCP Terraform organization name: letters, digits, "-" and "_", got "${path.cwd}"'],
    [{ backend: { type: 'cloud', organization: 'acme', project: '%{x}' }, institutions: [mosa] }, 'backend.project: expected an HCP Terraform project name: letters, digits, spaces, "-" and "_", got "%{x}"'],
    [{ backend: { type: 'cloud', organization: 'acme', workspacePrefix: '${x}' }, institutions: [mosa] }, 'backend.workspacePrefix: expected letters, digits, "-" and "_" (a workspace name prefix), got "${x}"'],
    [{ backend: { type: 's3', bucket: 'b-${x}', region: 'eu-central-1' }, institutions: [mosa] }, 'backend.bucket: expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-", got "b-${x}"'],
  ])('%#: %s', (config, error) => {
    expect(errorsOfConfig(config)).toEqual([error]);
  });
  test('ordinary profile names pass', () => {
    expect(errorsOfConfig({ institutions: [{ ...mosa, aws: { profile: 'AdministratorAccess-123456789012' } }] })).toEqual([]);
  });
});

describe('messages never carry control characters to the terminal', () => {
  test('a newline in a domain cannot forge a GitHub Actions command line', () => {
    const errors = errorsOfConfig({ institutions: [{ ...mosa, domain: 'a.example\n::error::forged' }] });
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });

});
