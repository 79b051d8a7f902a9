// Rendering: escaping in table cells, code spans, shortened long tokens, counts, the no-change line.
import { renderSummary, countsText, SUMMARY_MARKER } from '../../summary/markdown';
import { code, htmlCode, md, tableCell, valueSpan, LONG_TOKEN } from '../../summary/markdown-text';
import { ChangeReport, RecordChange } from '../../summary/record-change';

const change = (over: Partial<RecordChange>): RecordChange => ({ stack: 'email-auth-a', action: 'create', name: 'example.com', type: 'TXT', before: [], after: [], ...over });
const report = (changes: RecordChange[], source: ChangeReport['source'] = 'plan'): ChangeReport => ({ source, stacks: [{ stack: 'email-auth-a', changes, otherChanges: 0, notes: [] }] });
const tableRows = (md: string) => md.split('\n').filter((l) => /^\| (create|update|delete|replace|import)/.test(l));

describe('markdown text', () => {
  it('escapes | in table cells, inside code spans too (GFM tables)', () => {
    expect(tableCell('`a|b` | c')).toBe('`a\\|b` \\| c');
  });
  it('fences code spans with more backticks than the value holds', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('a`b')).toBe('`` a`b ``');
    expect(code('a``b')).toBe('``` a``b ```');
    expect(code(' lead')).toBe('`  lead `');
  });
  it('shows control characters instead of breaking the table', () => {
    expect(code('a\nb')).toBe('`a\\x0ab`');
  });
  it('shows bidi and invisible characters as escapes, an empty value as (empty), spaces as they are', () => {
    expect(code('a\u202eb\u200b')).toBe('`a\\u{202e}b\\u{200b}`');
    expect(code('')).toBe('_(empty)_');
    expect(code('   ')).toBe('`   `');
  });
  it('shortens beyond a maximum, keeping both ends, whole characters and the length', () => {
    expect(code('abcdefghij', 7)).toBe('`abcd…ij` (10 chars)');
    expect(code('😀😀😀😀😀😀😀😀😀😀', 4)).toBe('`😀😀…😀` (20 chars)');
    expect(valueSpan('x'.repeat(600), true, 100)).toMatch(/^`x{66}…x{33}` \(600 chars\)$/);
  });
  it('writes HTML code elements with entities, for our own <summary>', () => {
    expect(htmlCode(`<b a="1">'&'</b>\n`)).toBe('<code>&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;\\x0a</code>');
  });
  it('builds sentences whose values are code spans, and their shape', () => {
    const inner = md`selector ${'s1'}`;
    expect(md`DKIM ${inner} moves to ${'a`b'} (${3} times)`).toEqual({ markdown: 'DKIM selector `s1` moves to `` a`b `` (3 times)', shape: 'DKIM selector … moves to … (… times)' });
  });
  it('shortens tokens longer than the limit and says how long the value is', () => {
    const key = `p=${'A'.repeat(400)}`;
    expect(valueSpan(`v=DKIM1; k=rsa; ${key}`, false)).toBe(`\`v=DKIM1; k=rsa; p=${'A'.repeat(22)}…${'A'.repeat(12)}\` (${16 + key.length} chars)`);
    expect(valueSpan('x'.repeat(LONG_TOKEN), false)).toBe(`\`${'x'.repeat(LONG_TOKEN)}\``);
    expect(valueSpan(key, true)).toBe(`\`${key}\``);
  });
});

describe('renderSummary', () => {
  it('starts with a marker a pipeline can find its earlier comment by', () => {
    expect(renderSummary(report([])).split('\n')[0]).toBe(SUMMARY_MARKER);
  });

  it('says "No DNS changes" when nothing changes', () => {
    const md = renderSummary(report([]));
    expect(md).toContain('## DNS changes: none');
    expect(md).toContain('No DNS changes in `email-auth-a`.');
    expect(tableRows(md)).toEqual([]);
  });

  it('escapes | in values inside the table', () => {
    const md = renderSummary(report([change({ after: ['a|b'] })]));
    expect(tableRows(md)).toEqual(['| create | `example.com` | `TXT` |  | `a\\|b` |']);
  });

  it('shows the values that differ in full, as removed and added, and leaves out the ones that stay', () => {
    const key = (c: string) => `v=DKIM1; p=${c.repeat(100)}`;
    const md = renderSummary(report([change({ action: 'update', name: 'k._domainkey.example.com', before: [key('A'), 'same'.repeat(20)], after: [key('B'), 'same'.repeat(20)] })]));
    const row = tableRows(md)[0]!;
    expect(row).toContain(`- \`${key('A')}\`<br>+ \`${key('B')}\``);
    expect(row).not.toContain('same');
  });

  it('shortens long tokens of created values', () => {
    const md = renderSummary(report([change({ name: 'k._domainkey.example.com', after: [`v=DKIM1; p=${'A'.repeat(400)}`] })]));
    expect(tableRows(md)[0]).toContain(`\`v=DKIM1; p=${'A'.repeat(22)}…${'A'.repeat(12)}\` (411 chars)`);
  });

  it('shows renames, retypes, TTL changes, unknown values and imports in the row', () => {
    const md = renderSummary(
      report([
        change({ action: 'replace', name: 'b.example.com', nameBefore: 'a.example.com', type: 'TXT', typeBefore: 'CNAME', ttlBefore: 300, ttlAfter: 60 }),
        change({ name: 'c.example.com', afterUnknown: true, ttlAfter: 60 }),
        change({ action: 'update', name: 'd.example.com', importing: true, ttlBefore: 60, ttlAfter: 60 }),
      ]),
    );
    expect(tableRows(md)).toEqual([
      '| replace | `a.example.com` → `b.example.com` | `CNAME` → `TXT` | 300 → 60 | _(same values)_ |',
      '| create | `c.example.com` | `TXT` | 60 | _(known after apply)_ |',
      '| import, update | `d.example.com` | `TXT` | 60 | _(values unchanged)_ |',
    ]);
    expect(md).toContain('## DNS changes: 1 to import, 2 to create, 1 to change, 1 to destroy (1 replacement)');
  });

  it('groups identical notes under the table', () => {
    const note = 'zone_id forces replacement';
    const md = renderSummary(report([change({ action: 'replace', note }), change({ action: 'replace', name: '_dmarc.example.com', note })]));
    expect(md).toContain(`- \`TXT\` \`example.com\`, \`TXT\` \`_dmarc.example.com\`: ${note}`);
  });

  it('counts non-DNS resources without listing them, and states the caveat of a synth comparison', () => {
    const r = report([change({})], 'synth');
    const md = renderSummary({ ...r, stacks: [{ ...r.stacks[0]!, otherChanges: 2 }] });
    expect(md).toContain('2 other resource changes (not DNS records) not shown.');
    expect(md).toContain('not live state');
    expect(renderSummary(report([change({})]))).not.toContain('not live state');
  });
});

it('countsText counts like terraform', () => {
  expect(countsText({ create: 2, update: 1, destroy: 1, replace: 1, import: 0, forget: 0 })).toBe('2 to create, 1 to change, 1 to destroy (1 replacement)');
  expect(countsText({ create: 0, update: 0, destroy: 0, replace: 0, import: 0, forget: 0 })).toBe('0 to create, 0 to change, 0 to destroy');
  expect(countsText({ create: 0, update: 0, destroy: 0, replace: 0, import: 0, forget: 5 })).toBe('0 to create, 0 to change, 0 to destroy, 5 to forget');
});
