// Issue 17 item 2: each change's cell says what changed, term by term, every value a code span.
import { changeLines } from '../../summary/change-terms';
import { RecordChange } from '../../summary/record-change';
import { analyse } from './rendered-html';

const change = (over: Partial<RecordChange>): RecordChange => ({ stack: 'email-auth-a', action: 'update', name: 'example.com', type: 'TXT', before: [], after: [], ...over });
const SPF = 'v=spf1 include:spf.secutix.com ip4:198.51.100.7 ~all';

describe('changeLines', () => {
  it('shows an SPF change as its terms, a known include named, the whole record folded', () => {
    const lines = changeLines(change({ before: [SPF, 'google-site-verification=x'], after: ['google-site-verification=x', 'v=spf1 include:spf.secutix.com include:servers.mcsv.net -all'] }));
    expect(lines).toEqual([
      '+ `include:servers.mcsv.net` (Mailchimp)',
      '- `ip4:198.51.100.7`',
      '`~all` → `-all`',
      '<details><summary>whole SPF record</summary>before: `v=spf1 include:spf.secutix.com ip4:198.51.100.7 ~all`<br>after: `v=spf1 include:spf.secutix.com include:servers.mcsv.net -all`</details>',
    ]);
  });

  it('shows a DMARC change tag by tag', () => {
    const lines = changeLines(change({ name: '_dmarc.example.com', before: ['v=DMARC1; p=none'], after: ['v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.com'] }));
    expect(lines.slice(0, 3)).toEqual(['`p`: `none` → `quarantine`', '+ `t=y`', '+ `rua=mailto:d@example.com`']);
    expect(lines[3]).toMatch(/^<details><summary>whole DMARC record<\/summary>/);
  });

  it('shows the values of a TXT set added and removed, and a CNAME old → new', () => {
    expect(changeLines(change({ before: ['a', 'b'], after: ['b', 'c'] }))).toEqual(['- `a`', '+ `c`']);
    expect(changeLines(change({ name: 's._domainkey.example.com', type: 'CNAME', before: ['old.example.net'], after: ['new.example.net'] }))).toEqual(['`old.example.net` → `new.example.net`']);
  });

  it('falls back to whole values when an SPF record does not parse', () => {
    expect(changeLines(change({ before: [SPF], after: ['v=spf1 include: ~all'] }))).toEqual([`\`${SPF}\` → \`v=spf1 include: ~all\``]);
  });

  it('keeps hostile terms and tags inside code spans when rendered', () => {
    const lines = changeLines(change({ before: ['v=spf1 ~all'], after: ['v=spf1 include:<h1>x</h1>.example.com exists:`@team`.example.com ~all'] }));
    const r = analyse(`| c |\n|---|\n| ${lines.join('<br>').replace(/\|/g, '\\|')} |`);
    expect(r.outsideCode).not.toMatch(/<h1>|@team/);
    expect(r.tables).toEqual([{ header: 1, rows: [1] }]);
    const tags = changeLines(change({ name: '_dmarc.example.com', before: ['v=DMARC1; p=none'], after: ['v=DMARC1; p=none; rua=mailto:a|b@example.com'] }));
    expect(tags[0]).toBe('+ `rua=mailto:a|b@example.com`');
  });
});
