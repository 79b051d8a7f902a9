// Hostile values from plans and synth output, rendered by a real CommonMark + GFM renderer (markdown-it): no value
// creates an element, every value's text is inside <code>, tables keep their columns, mentions stay inside code.
import { terminalText } from '../../model/terminal-text';
import { changesFromPlan, TerraformPlanJson } from '../../summary/from-plan';
import { changesFromSynth } from '../../summary/from-synth';
import { renderSummaries } from '../../summary/markdown';
import { code, htmlCode, INLINE_MAX, md, tableCell } from '../../summary/markdown-text';
import { ChangeReport } from '../../summary/record-change';
import { MIN_MAX_CHARS } from '../../summary/size-limit';
import { TerraformDnsRecord } from '../../tfjson/records';
import { analyse, OUR_ELEMENTS, RenderedSummary } from './rendered-html';

const LONG = `${'x'.repeat(3000)}<h1>end</h1>`;

/** Values an attacker can put in a plan or a synthesized stack: each tries to leave its code span or cell. */
const HOSTILE: readonly string[] = [
  '<h1>big</h1>',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<details open><summary>hi</summary>',
  '</code></td></tr><tr><td>',
  '</summary></details><h2>out</h2>',
  '`',
  '``',
  'a`b``c```d',
  '```\nfenced\n```',
  ' `lead and trail` ',
  'pipe|in|the|value',
  'back\\|slash|pipe\\',
  '@org/team and @someone',
  '#123, GH-7 and org/repo#5',
  '[link](https://evil.example/l)',
  '![img](https://evil.example/i.png)',
  'https://evil.example/bare www.evil.example',
  '<https://evil.example/auto>',
  'line1\n# heading\n- item\n| a | b |',
  'tab\there\rcr \x1b[31mesc\x1b[0m nul\x00 del\x7f c1\x9b',
  'bidi \u202eoverride\u202c and \u200bzero-width',
  '*emph* _u_ **strong** ~~strike~~',
  '&amp; &lt;h1&gt; &#64;team',
  '<!-- email-auth-dns summary -->',
  '\\',
  '   ',
  '${file("/etc/passwd")} %{i} $${x}',
  '__proto__',
  LONG,
];

/** Strings that must never appear outside <code> in the rendered summary. */
const PAYLOADS = ['@', 'evil.example', 'onerror', 'alert(', 'big', 'heading', 'emph', 'strike', 'fenced', 'override', '&#64;', 'GH-7'];

/** What a value looks like inside its code span: control, bidi and invisible characters as escapes. */
const visible = (value: string) => terminalText(value);

function expectSafe(r: RenderedSummary): void {
  for (const element of r.elements.keys()) expect(OUR_ELEMENTS).toContain(element);
  expect(r.comments).toBeLessThanOrEqual(1);
  for (const payload of PAYLOADS) expect(r.outsideCode).not.toContain(payload);
  expect(r.outsideCode).not.toMatch(/#\d/);
  for (const table of r.tables) for (const cells of table.rows) expect(cells).toBe(table.header);
}

describe('the escaping family, one value at a time', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v).slice(0, 60), v]))('%s', (_, value) => {
    const paragraph = analyse(`before ${code(value)} after`);
    expectSafe(paragraph);
    expect(paragraph.codeTexts).toEqual([visible(value)]);

    const table = analyse(`| a | b |\n|---|---|\n| ${tableCell(code(value))} | ${tableCell(code(value))} |`);
    expectSafe(table);
    expect(table.tables).toEqual([{ header: 2, rows: [2] }]);
    expect(table.codeTexts).toEqual([visible(value), visible(value)]);

    const sentence = md`a sentence with ${value} and ${value} in it`;
    const rendered = analyse(sentence.markdown);
    expectSafe(rendered);
    expect(rendered.codeTexts).toHaveLength(2);
    expect(sentence.shape).toBe('a sentence with … and … in it');

    const folded = analyse(`<details><summary>${htmlCode(value)}: counts</summary>\n\ntext\n\n</details>`);
    expectSafe(folded);
    expect(folded.codeTexts).toEqual([visible(value)]);
  });

  it('shortens long values in sentences, keeping both ends and the length', () => {
    const rendered = analyse(md`x ${LONG}`.markdown);
    expect(rendered.codeTexts[0]!.length).toBeLessThanOrEqual(INLINE_MAX);
    expect(rendered.codeTexts[0]!.startsWith('xxx')).toBe(true);
    expect(rendered.codeTexts[0]!.endsWith('<h1>end</h1>')).toBe(true);
    expect(rendered.outsideCode).toContain(`(${LONG.length} chars)`);
  });

  it('shows an empty value as (empty), not as stray backticks', () => {
    expect(analyse(`x ${code('')}`).outsideCode).toContain('(empty)');
  });
});

/** A plan of one stack in which every field the summary reads holds hostile values. */
function hostilePlan(h: string, i: number): TerraformPlanJson {
  const r53 = (address: string, actions: string[], before: object | null, after: object | null, extra: object = {}) => ({
    address,
    mode: 'managed',
    type: 'aws_route53_record',
    change: { actions, before, after, ...extra },
  });
  const rec = (over: object) => ({ zone_id: 'Z1', name: `n${i}.example.com`, type: 'TXT', ttl: 300, records: [], ...over });
  return {
    format_version: '1.2',
    resource_changes: [
      r53(h, ['update'], rec({ name: h, records: [h, 'v=spf1 include:spf.secutix.com -all'] }), rec({ name: h, records: [h, 'v=spf1 ~all'] })),
      r53(`${h}.dmarc`, ['update'], rec({ name: `_dmarc.${h}`, records: [`v=DMARC1; p=reject; rua=mailto:${h}`] }), rec({ name: `_dmarc.${h}`, records: [`v=DMARC1; ${h}`] })),
      r53(`${h}.dkim`, ['update'], rec({ name: `stxsel1._domainkey.${h}`, type: 'CNAME', records: ['a.example.net'] }), rec({ name: `stxsel1._domainkey.${h}`, type: 'CNAME', records: [h] })),
      r53(`${h}.zone`, ['delete', 'create'], rec({ zone_id: h, records: ['v=spf1 -all'] }), rec({ zone_id: `${h}2`, records: ['v=spf1 -all'] }), { replace_paths: [['zone_id'], [h]] }),
      r53(`${h}.type`, ['create'], null, rec({ type: h, records: [h] })),
      r53(`${h}.renamed`, ['delete', 'create'], rec({ name: `${h}.old`, type: h, records: [h] }), rec({ name: `${h}.new`, records: [h] }), { replace_paths: [['name']] }),
      {
        address: `cloudflare_dns_record.${h}`,
        type: 'cloudflare_dns_record',
        change: { actions: ['delete'], before: { zone_id: h, name: `_dmarc.${h}`, type: 'TXT', ttl: 1, content: `"v=DMARC1; p=none; rua=mailto:${h}"` }, after: null },
      },
      { address: `google_dns_record_set.${h}`, type: 'google_dns_record_set', change: { actions: ['delete'], before: { name: `${h}.`, type: h, rrdatas: [h] }, after: null } },
      { address: `x.${h}`, type: `evil_dns_${h}`, change: { actions: ['delete'], before: { fqdn: h, record_type: 'MX', value: h }, after: null } },
      { address: `z.${h}`, type: 'aws_route53_zone', change: { actions: ['delete'], before: { name: h }, after: null } },
    ],
  } as TerraformPlanJson;
}

/** Two synth outputs whose stack names, addresses, names and values are hostile. */
function hostileSynth(h: string): [TerraformDnsRecord[], TerraformDnsRecord[]] {
  const rec = (over: Partial<TerraformDnsRecord>): TerraformDnsRecord => ({ stack: h, address: h, provider: 'route53', name: h, type: 'TXT', ttl: 300, values: [h], ...over });
  const base = [rec({}), rec({ address: 'old', name: `_dmarc.${h}`, values: ['v=DMARC1; p=reject'] }), rec({ stack: `gone-${h}`, values: ['v=spf1 include:spf.secutix.com -all'] })];
  const head = [rec({ values: [h, 'v=spf1 ~all'] }), rec({ address: h, name: `_dmarc.${h}`, values: [`v=DMARC1; p=none; ${h}`] }), rec({ name: `new-${h}`, type: h })];
  return [base, head];
}

describe('whole summaries of hostile plans and synth outputs', () => {
  const planReport: ChangeReport = { source: 'plan', stacks: HOSTILE.map((h, i) => changesFromPlan(h || `s${i}`, hostilePlan(h, i))) };
  const synthReport: ChangeReport = {
    source: 'synth',
    stacks: HOSTILE.flatMap((h) => changesFromSynth(...hostileSynth(h))).concat([{ stack: HOSTILE[0]!, changes: [], otherChanges: 0, notes: [md`a note on ${HOSTILE[13]!}`.markdown] }]),
  };

  describe.each([
    ['plans', planReport],
    ['synth outputs', synthReport],
  ])('%s', (_, report) => {
    const full = renderSummaries(report).full;
    const shortened = renderSummaries(report, undefined, { maxChars: 20_000, fullReport: '@team/<h1>.md' });
    const smallest = renderSummaries(report, undefined, { maxChars: MIN_MAX_CHARS });

    it('creates no element from a value, keeps tables whole and mentions inside code (full, shortened, smallest)', () => {
      expect(shortened.shortened).toBe(true);
      for (const markdown of [full, shortened.comment, smallest.comment]) expectSafe(analyse(markdown));
    });

    it('shows every value in full, inside <code>, in the full report', () => {
      const { codeTexts } = analyse(full);
      for (const h of HOSTILE.filter((v) => v !== '')) expect(codeTexts.some((t) => t.includes(visible(h)))).toBe(true);
    });

    it('writes no raw control character, so no value can start a line of its own', () => {
      for (const markdown of [full, shortened.comment]) expect(markdown).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\u200b]/);
    });

    it('keeps its own structure: one marker, one h2, the attention heading once', () => {
      const r = analyse(full);
      expect(r.comments).toBe(1);
      expect(r.elements.get('h2')).toBe(1);
      expect(full.match(/^### ⚠️ Needs attention/gm)).toHaveLength(1);
    });
  });

  it('flags the risky hostile changes with the values in code: zone moves, DKIM targets, other providers, zones', () => {
    const md = renderSummaries(planReport).full;
    expect(md).toContain('DNS zone deleted by `aws_route53_zone`');
    expect(md).toContain('DNS record of another provider deleted (`google_dns_record_set`, read best-effort)');
    expect(md).toMatch(/SPF record moves from zone `<h1>big<\/h1>` to `<h1>big<\/h1>2`/);
    expect(md).toContain('DKIM target of selector `stxsel1` changes from `a.example.net` to `<h1>big</h1>`');
    expect(md).toContain('DKIM target of selector `stxsel1` changes from `a.example.net` to ```` a`b``c```d ````');
  });
});
