// The summary of plans made by real terraform (fixtures/make-fixtures.sh), compared with reviewed golden Markdown,
// then read for meaning: headline counts, table rows, and every risky change in "Needs attention".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, runSummary } from './run-summary';
import { APP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const plans = (scenario: string, ...stacks: string[]) => stacks.map((s) => fixture('plans', scenario, `${s}.json`));
const REVIEW = plans('review', 'email-auth-mosa', 'email-auth-kunsthaus', 'email-auth-filmfest');

/** The Markdown section of one stack: from its heading to the next heading. */
function section(markdown: string, stack: string): string {
  const start = markdown.indexOf(`### \`${stack}\``);
  if (start < 0) throw new Error(`no section for ${stack}`);
  const next = markdown.indexOf('\n### ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

/** Table rows of a section as cells. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => /^\| (create|update|delete|replace|import)/.test(l))
    .map((l) => l.slice(2, -2).split(' | '));
}

function attention(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('- `email-auth-'));
}

describe.each([
  ['review', REVIEW],
  ['create', plans('create', 'email-auth-neuclub')],
  ['destroy', plans('destroy', 'email-auth-altclub')],
  ['no-change', plans('no-change', 'email-auth-mosa')],
  ['synth', ['--base', fixture('synth', 'base'), '--head', fixture('synth', 'head')]],
])('golden: %s', (scenario, args) => {
  it('prints exactly the reviewed Markdown', async () => {
    const { code, out, err } = await runSummary(args);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(`${out}\n`).toBe(readFileSync(fixture(`${scenario}.expected.md`), 'utf8'));
  });
});

describe('a real plan with every kind of change (base state → head config)', () => {
  let md: string;
  beforeAll(async () => {
    md = (await runSummary(REVIEW)).out;
  }, APP_HOOK_TIMEOUT_MS);

  it('counts like terraform: a replacement is one create and one destroy', () => {
    expect(md).toContain('## DNS changes: 5 to create, 6 to change, 5 to destroy (4 replacements)');
    expect(md).toContain('| `email-auth-mosa` | 1 | 2 | 0 | 0 |');
    expect(md).toContain('| `email-auth-kunsthaus` | 4 | 0 | 5 | 4 |');
    expect(md).toContain('| `email-auth-filmfest` | 0 | 4 | 0 | 0 |');
    expect(md).toContain('| **Total** | 5 | 6 | 5 | 4 |');
  });

  it('shows an update term by term (DMARC tag by tag, SPF term by term, the whole records folded) and a create whole', () => {
    const whole = (label: string, before: string, after: string) => `<details><summary>whole ${label} record</summary>before: \`${before}\`<br>after: \`${after}\`</details>`;
    expect(rows(section(md, 'email-auth-mosa'))).toEqual([
      [
        'update',
        '`_dmarc.mosamuseum.com`',
        '`TXT` (DMARC)',
        '3600',
        '`p`: `reject` → `quarantine`<br>`sp`: `reject` → `none`<br>+ `pct=50`<br>' +
          whole('DMARC', 'v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@mosamuseum.com', 'v=DMARC1; p=quarantine; sp=none; pct=50; rua=mailto:dmarc@mosamuseum.com'),
      ],
      ['create', '`mosamuseum.com`', '`MX`', '3600', '`10 mx1.mosamuseum.com`'],
      [
        'update',
        '`mosamuseum.com`',
        '`TXT` (SPF)',
        '3600',
        // The verification value in the same TXT set does not change: it is not listed.
        '+ `ip4:192.0.2.0/24`<br>`-all` → `~all`<br>' + whole('SPF', 'v=spf1 include:spf.secutix.com include:_spf.google.com -all', 'v=spf1 include:spf.secutix.com include:_spf.google.com ip4:192.0.2.0/24 ~all'),
      ],
    ]);
  });

  it('joins the strings Route53 stores a >255-character SPF record in, names known services, and shows TTL changes', () => {
    const spf = rows(section(md, 'email-auth-filmfest')).find((r) => r[1] === '`filmfest-beispiel.ch`')!;
    expect(spf[3]).toBe('3600 → 300');
    expect(spf[4]).toMatch(/^\+ `include:spf\.other-platform\.example`<br>- `include:spf\.secutix\.com` \(SecuTix\)<br><details>/);
    expect(spf[4]).toMatch(/after: `v=spf1 include:spf\.other-platform\.example .* ip4:192\.0\.2\.13 ip6:2001:db8::\/32 ip6:2001:db8:1::\/48 -all`<\/details>$/);
    expect(spf[4]).not.toContain('""');
  });

  it('shows replacements and deletes, with what forces the replacement', () => {
    const kunsthaus = section(md, 'email-auth-kunsthaus');
    expect(rows(kunsthaus).map((r) => `${r[0]} ${r[2]} ${r[1]}`)).toEqual([
      'replace `TXT` (DMARC) `_dmarc.kunsthaus-beispiel.ch`',
      'delete `MX` `kunsthaus-beispiel.ch`',
      'replace `TXT` (SPF) `kunsthaus-beispiel.ch`',
      'replace `CNAME` (DKIM) `stxsel1._domainkey.kunsthaus-beispiel.ch`',
      'replace `CNAME` (DKIM) `stxsel2._domainkey.kunsthaus-beispiel.ch`',
    ]);
    expect(kunsthaus).toContain('`zone_id` `Z0KUNSTHAUS000000OLD` → `Z0KUNSTHAUS000000NEW` forces replacement');
  });

  it('flags every risky change, and nothing else, in the order the plans were given', () => {
    const items = attention(md);
    const expected: [string, RegExp][] = [
      ['`email-auth-mosa` `TXT` `_dmarc.mosamuseum.com`', /policy loosened: `p=reject` → `p=quarantine`/],
      ['`email-auth-mosa` `TXT` `_dmarc.mosamuseum.com`', /subdomain policy loosened: `sp=reject` → `sp=none`/],
      ['`email-auth-mosa` `TXT` `_dmarc.mosamuseum.com`', /`pct` lowered from 100 to 50/],
      ['`email-auth-mosa` `TXT` `mosamuseum.com`', /SPF loosened from `-all` to `~all`/],
      ['`email-auth-mosa` `TXT` `mosamuseum.com`', /SPF authorises a new sender: `ip4:192\.0\.2\.0\/24`/],
      ['`email-auth-kunsthaus` `TXT` `_dmarc.kunsthaus-beispiel.ch`', /DMARC record moves from zone `Z0KUNSTHAUS000000OLD` to `Z0KUNSTHAUS000000NEW`/],
      ['`email-auth-kunsthaus` `MX` `kunsthaus-beispiel.ch`', /MX record deleted: mail to `kunsthaus-beispiel\.ch` bounces/],
      ['`email-auth-kunsthaus` `TXT` `kunsthaus-beispiel.ch`', /SPF record moves from zone/],
      ['`email-auth-kunsthaus` `CNAME` `stxsel1._domainkey.kunsthaus-beispiel.ch`', /DKIM CNAME moves from zone/],
      ['`email-auth-kunsthaus` `CNAME` `stxsel2._domainkey.kunsthaus-beispiel.ch`', /DKIM CNAME moves from zone/],
      ['`email-auth-filmfest` `TXT` `filmfest-beispiel.ch`', /drops the platform's `include:spf\.secutix\.com`/],
      // Without --config the summary does not know this institution's own platform include: a new sender.
      ['`email-auth-filmfest` `TXT` `filmfest-beispiel.ch`', /SPF authorises a new sender: `include:spf\.other-platform\.example`/],
      ['`email-auth-filmfest` `CNAME` `stxsel1._domainkey.filmfest-beispiel.ch`', /DKIM target .* to `sel1-filmfest\._domainkey\.dkim\.other-platform\.example`/],
      ['`email-auth-filmfest` `CNAME` `stxsel2._domainkey.filmfest-beispiel.ch`', /DKIM target .* to `sel2-filmfest\._domainkey\.dkim\.other-platform\.example`/],
    ];
    expect(items).toHaveLength(expected.length);
    expected.forEach(([where, what], i) => {
      expect(items[i]!.startsWith(`- ${where}: `)).toBe(true);
      expect(items[i]).toMatch(what);
    });
    expect(md).toContain(`### ⚠️ Needs attention (${expected.length})`);
  });
});

describe('other real plans', () => {
  it('a new institution: four creates, nothing to attend to', async () => {
    const { out } = await runSummary(plans('create', 'email-auth-neuclub'));
    expect(out).toContain('## DNS changes: 4 to create, 0 to change, 0 to destroy');
    expect(rows(out).map((r) => r[0])).toEqual(['create', 'create', 'create', 'create']);
    expect(out).not.toContain('Needs attention');
  });

  it('a destroyed institution: every SPF, DKIM and DMARC deletion needs attention', async () => {
    const { out } = await runSummary(plans('destroy', 'email-auth-altclub'));
    expect(out).toContain('## DNS changes: 0 to create, 0 to change, 4 to destroy');
    expect(attention(out).map((l) => l.split(': ')[1])).toEqual(['DMARC record deleted', 'SPF record deleted', 'DKIM CNAME deleted', 'DKIM CNAME deleted']);
  });

  it('no changes: one clear line, no table', async () => {
    const { out } = await runSummary(plans('no-change', 'email-auth-mosa'));
    expect(out).toContain('No DNS changes in `email-auth-mosa`.');
    expect(rows(out)).toEqual([]);
  });
});

describe('credential-free mode on a real synth pair', () => {
  let md: string;
  beforeAll(async () => {
    md = (await runSummary(['--base', fixture('synth', 'base'), '--head', fixture('synth', 'head')])).out;
  }, APP_HOOK_TIMEOUT_MS);

  it('compares record sets by stack, name and type', () => {
    expect(md).toContain('## DNS changes: 5 to create, 7 to change, 1 to destroy');
    expect(rows(section(md, 'email-auth-neuclub')).map((r) => r[0])).toEqual(['create', 'create', 'create', 'create']);
    expect(rows(section(md, 'email-auth-kunsthaus'))).toEqual([['delete', '`kunsthaus-beispiel.ch`', '`MX`', '3600', '`10 mx.kunsthaus-beispiel.ch`']]);
  });

  it('reads Cloudflare stacks too (no provider binary needed)', () => {
    expect(rows(section(md, 'email-auth-operabern'))).toEqual([
      [
        'update',
        '`_dmarc.tickets.opera-bern.ch`',
        '`TXT` (DMARC)',
        '1',
        '`p`: `quarantine` → `none`<br><details><summary>whole DMARC record</summary>before: `v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@opera-bern.ch`<br>after: `v=DMARC1; p=none; rua=mailto:dmarc-reports@opera-bern.ch`</details>',
      ],
    ]);
    expect(md).toContain('`email-auth-operabern` `TXT` `_dmarc.tickets.opera-bern.ch`: DMARC policy loosened: `p=quarantine` → `p=none`');
  });

  it('flags a removed stack as orphaned (its records stay live) in "Needs attention", with the ways out', () => {
    expect(attention(md)[0]).toBe(
      '- `email-auth-altclub`: Orphaned: the institution is gone from the config, but its records stay live and its Terraform state stays; nothing deletes or manages them any more. Two ways out: put it back with `retired: true` (the reviewed plan deletes its records) or `retired: forget` (Terraform forgets them, they stay in DNS), apply, then remove it; or keep it as it was.',
    );
    expect(() => section(md, 'email-auth-altclub')).toThrow('no section');
    expect(md).toMatch(/_Compared the synthesized configuration of both branches, not live state: .*_$/);
  });
});

describe('docs/reviewing.md', () => {
  it('shows the review summary exactly as the golden file has it, fenced so that its headings stay out of the page', () => {
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'reviewing.md'), 'utf8');
    const open = '<details><summary>Example: the summary of three real plans (<code>__tests__/summary/fixtures/review.expected.md</code>)</summary>\n\n```markdown\n';
    const start = page.indexOf(open);
    expect(start).toBeGreaterThan(0);
    const end = page.indexOf('```\n\n</details>', start);
    expect(page.slice(start + open.length, end)).toBe(readFileSync(fixture('review.expected.md'), 'utf8'));
  });
});
