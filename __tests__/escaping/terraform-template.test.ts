// Issue 9 item 1: config text must never become Terraform code. The pure escape and its inverse, the token-aware
// escape the constructs use, and the guard that refuses synthesized stacks with template syntax left in them.
import fc from 'fast-check';
import { Testing, TerraformStack } from '../../core';
import { CloudflareEmailAuth } from '../../constructs/cloudflare-email-auth';
import { Route53EmailAuth } from '../../constructs/route53-email-auth';
import { terraformLiterals, terraformString } from '../../constructs/terraform-text';
import { publishedText, templateSequences, terraformLiteral } from '../../model/terraform-template';
import { addBackend } from '../../stacks/backend';
import { recordsFromStackJson } from '../../tfjson/records';
import { unescapedTemplates } from '../../tfjson/template-check';
import { TEMPLATE_TEXT } from '../helpers/hostile';

describe('terraformLiteral / publishedText (model)', () => {
  test.each([
    ['${path.cwd}', '$${path.cwd}'],
    ['%{ if true }', '%%{ if true }'],
    ['$${x}', '$$${x}'],
    ['%%{x}', '%%%{x}'],
    ['exists:%{i}._spf.%{d}', 'exists:%%{i}._spf.%%{d}'],
    ['plain $ and % and { }', 'plain $ and % and { }'],
  ])('%s is written %s', (text, literal) => {
    expect(terraformLiteral(text)).toBe(literal);
    expect(publishedText(literal)).toBe(text);
  });

  test('any text round-trips and leaves no template sequence behind', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '%', '{', '}', 'a', ' ', '\\') }), (text) => {
        const literal = terraformLiteral(text);
        expect(templateSequences(literal)).toEqual([]);
        expect(publishedText(literal)).toBe(text);
      }),
    );
  });

  test('templateSequences finds what Terraform evaluates, and not its escapes', () => {
    expect(templateSequences('a ${x} b %{ if y } $${no} %%{no} $$${no}')).toEqual(['${x}', '%{ if y }']);
  });
});

describe('terraformString / terraformLiterals (constructs)', () => {
  test('a whole cdktf token stays a reference; literal parts around tokens are escaped', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const token = new Route53EmailAuth(stack, 'a', { domain: 'a.example.org', code: 'a', zoneName: 'example.org' }).zoneId;
    expect(terraformString(token)).toBe(token);
    expect(terraformString(`\${x} ${token} %{y}`)).toBe(`$\${x} ${token} %%{y}`);
    // `$` right before a token would read as the escape `$${`: it is written as an interpolation of "$".
    expect(terraformString(`cost: $${token}`)).toBe(`cost: \${"$"}${token}`);
  });

  test('props are escaped deeply; numbers, booleans and non-plain objects pass through', () => {
    class Opaque {
      readonly text = '${kept}';
    }
    const opaque = new Opaque();
    expect(terraformLiterals({ a: '${x}', b: ['%{y}', 3, true], c: { d: '${z}' }, e: opaque })).toEqual({ a: '$${x}', b: ['%%{y}', 3, true], c: { d: '$${z}' }, e: opaque });
  });
});

describe('synthesized stacks hold the config text, escaped', () => {
  const hostileProps = {
    domain: 'tpl.example.org',
    code: 'tpl',
    spf: { mechanisms: ['exists:%{i}._spf.%{d}', 'include:%{l}._u.tpl.example.org'] },
    dmarc: { rua: ['mailto:${path.cwd}@tpl.example.org', 'mailto:%{x}@tpl.example.org'] },
    keepTxt: TEMPLATE_TEXT.filter((t) => !t.includes('"')),
  };
  const synth = (build: (stack: TerraformStack) => void) => JSON.parse(Testing.synthScope((scope) => build(scope as TerraformStack)));

  test('Route53: every record value is the escaped text, and reads back as the config text', () => {
    const json = synth((s) => new Route53EmailAuth(s, 'email-auth', { ...hostileProps, zoneId: 'Z0TEMPLATE0000000001' }));
    expect(unescapedTemplates(json)).toEqual([]);
    const back = Object.fromEntries(recordsFromStackJson('tpl', json).map((r) => [`${r.type} ${r.name}`, r.values]));
    expect(back['TXT tpl.example.org']).toEqual(
      [...hostileProps.keepTxt, 'v=spf1 include:spf.secutix.com exists:%{i}._spf.%{d} include:%{l}._u.tpl.example.org ~all'].sort(),
    );
    expect(back['TXT _dmarc.tpl.example.org']).toEqual(['v=DMARC1; p=none; rua=mailto:${path.cwd}@tpl.example.org,mailto:%{x}@tpl.example.org']);
    const spf = (Object.values(json.resource.aws_route53_record) as { name: string; type: string; records: string[] }[]).find((r) => r.type === 'TXT' && r.name === 'tpl.example.org')!;
    expect(spf.records).toContain('$${path.cwd}');
    expect(spf.records).toContain('v=spf1 include:spf.secutix.com exists:%%{i}._spf.%%{d} include:%%{l}._u.tpl.example.org ~all');
  });

  test('Cloudflare: content is escaped too, and a zone name looked up by name', () => {
    const json = synth((s) => new CloudflareEmailAuth(s, 'email-auth', { ...hostileProps, zoneName: 'example.org' }));
    expect(unescapedTemplates(json)).toEqual([]);
    const contents = (Object.values(json.resource.cloudflare_dns_record) as { content: string }[]).map((r) => r.content);
    expect(contents).toContain('"v=spf1 include:spf.secutix.com exists:%%{i}._spf.%%{d} include:%%{l}._u.tpl.example.org ~all"');
  });

  test('backends: free-form names a construct user passes are escaped as well', () => {
    const json = synth((s) => addBackend(s, 'tpl', { type: 'cloud', organization: '${org}', workspacePrefix: 'ws-', project: '%{p}' }));
    expect(unescapedTemplates(json)).toEqual([]);
    expect(json.terraform.cloud).toEqual({ organization: '$${org}', workspaces: { name: 'ws-tpl', project: '%%{p}' } });
  });
});

describe('unescapedTemplates (the synth guard)', () => {
  const stack = {
    '//': { metadata: { note: '${ignored in metadata}' } },
    data: { aws_route53_zone: { zone: { name: 'example.org' } } },
    resource: { aws_route53_record: { spf: { zone_id: '${data.aws_route53_zone.zone.zone_id}', records: ['ok $${x}', '${path.cwd}'] } } },
    output: { policy: { value: '{"Resource":"arn:aws:route53:::hostedzone/${data.aws_route53_zone.zone.zone_id}"} %{ if x }' } },
    terraform: { backend: { local: { path: '${path.root}/x' } } },
  };

  test('accepts references to the stack own elements; reports everything else with its path', () => {
    expect(unescapedTemplates(stack)).toEqual([
      { path: 'resource.aws_route53_record.spf.records[1]', sequence: '${path.cwd}' },
      { path: 'output.policy.value', sequence: '%{ if x }' },
      { path: 'terraform.backend.local.path', sequence: '${path.root}' },
    ]);
  });

  test('a reference to an element the stack does not declare is reported', () => {
    expect(unescapedTemplates({ resource: { x: { y: { v: '${data.aws_route53_zone.other.zone_id}' } } } })).toEqual([
      { path: 'resource.x.y.v', sequence: '${data.aws_route53_zone.other.zone_id}' },
    ]);
  });
});
