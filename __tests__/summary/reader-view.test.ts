// Issue 17 items 1 and 5: the summary as a reader sees it on GitHub (GFM + alerts, scripts/gfm-html.js): the order
// of the sections, what the first screen says, and no value escaping its cell. Fleets of 2 and 12 institutions here;
// the 1,000-institution fleet is in __tests__/fleet/summary-size-limit.int.test.ts.
import { changesFromSynth } from '../../summary/from-synth';
import { renderSummary } from '../../summary/markdown';
import { TerraformDnsRecord } from '../../tfjson/records';
import { analyse, sectionOrder } from './rendered-html';

type Inst = { spf?: string; dmarc?: string; mx?: string[]; dkim?: string };
const rec = (stack: string, name: string, type: string, values: string[]): TerraformDnsRecord => ({ stack, address: `aws_route53_record.${type}-${name}`, provider: 'route53', name, type, ttl: 3600, values });

/** The records of a fleet, institution i at `inst<i>.example`. */
function fleet(insts: readonly Inst[]): TerraformDnsRecord[] {
  return insts.flatMap((inst, i) => {
    const [stack, domain] = [`email-auth-inst${i}`, `inst${i}.example`];
    return [
      ...(inst.spf ? [rec(stack, domain, 'TXT', [inst.spf])] : []),
      ...(inst.dmarc ? [rec(stack, `_dmarc.${domain}`, 'TXT', [inst.dmarc])] : []),
      ...(inst.mx ? [rec(stack, domain, 'MX', inst.mx)] : []),
      rec(stack, `stxsel1._domainkey.${domain}`, 'CNAME', [inst.dkim ?? `sel1-inst${i}._domainkey.dkim.secutix.com`]),
    ];
  });
}
const SPF = 'v=spf1 include:spf.secutix.com ~all';
const NONE = 'v=DMARC1; p=none; rua=mailto:dmarc@example.org';
const STEP1 = 'v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc@example.org';
const QUARANTINE = 'v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org';

function summary(base: readonly Inst[], head: readonly Inst[]): string {
  return renderSummary({ source: 'synth', stacks: changesFromSynth(fleet(base), fleet(head)) }, undefined, { fleet: { retired: new Set() } });
}

/** Every table keeps its columns; no HTML element but ours; values only inside code. */
function expectWhole(markdown: string): void {
  const r = analyse(markdown);
  for (const t of r.tables) for (const cells of t.rows) expect(cells).toBe(t.header);
  expect(r.outsideCode).not.toMatch(/include:|ip4:|rua=/);
}

describe('2 institutions: one adds an include, both take the first rollout step (the issue\'s "done when")', () => {
  const base = [{ spf: SPF, dmarc: NONE, mx: ['10 mx.inst0.example'] }, { spf: SPF, dmarc: NONE }];
  const head = [{ spf: 'v=spf1 include:spf.secutix.com include:servers.mcsv.net ~all', dmarc: STEP1, mx: ['10 mx.inst0.example'] }, { spf: SPF, dmarc: STEP1 }];
  const md = summary(base, head);
  const html = analyse(md).html;

  it('opens with "Needs attention", which names the new sender and its service', () => {
    expect(sectionOrder(html).slice(0, 2)).toEqual(['h2 DNS changes: 0 to create, 3 to change, 0 to destroy', 'h3 ⚠️ Needs attention (1)']);
    const attention = md.slice(md.indexOf('### ⚠️ Needs attention'), md.indexOf('| Stack |'));
    expect(attention).toContain('`email-auth-inst0` `TXT` `inst0.example`: SPF authorises a new sender, Mailchimp: `include:servers.mcsv.net`');
  });

  it('shows no mass-change banner and no false loosening; the rollout step is listed as tightened', () => {
    expect(md).not.toContain('[!CAUTION]');
    expect(md).not.toMatch(/loosened|test mode switched on/);
    expect(sectionOrder(html)).toEqual([
      'h2 DNS changes: 0 to create, 3 to change, 0 to destroy',
      'h3 ⚠️ Needs attention (1)',
      'table',
      'h3 ✅ Tightened (2)',
      'h3 email-auth-inst0: 0 to create, 2 to change, 0 to destroy',
      'table',
      'h3 email-auth-inst1: 0 to create, 1 to change, 0 to destroy',
      'table',
    ]);
    for (const i of [0, 1]) expect(md).toContain(`- \`email-auth-inst${i}\` \`TXT\` \`_dmarc.inst${i}.example\`: DMARC policy tightened: \`p=none\` → \`p=quarantine; t=y\``);
    expectWhole(md);
  });
});

describe('12 institutions, every kind of change', () => {
  const base: Inst[] = Array.from({ length: 12 }, () => ({ spf: SPF, dmarc: QUARANTINE, mx: ['10 mx1.example.net', '20 mx2.example.net'] }));
  const head: Inst[] = base.map((inst, i) => {
    switch (i) {
      case 0: return { ...inst, spf: 'v=spf1 include:spf.secutix.com include:sendgrid.net ip4:198.51.100.7 -all' };
      case 1: return { ...inst, mx: undefined }; // MX deleted
      case 2: return { ...inst, mx: ['0 .'] }; // null MX
      case 3: return { ...inst, dmarc: 'v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc@example.org' }; // relaxed to test mode
      case 4: return { ...inst, dmarc: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.org' };
      case 5: return { ...inst, dkim: 'sel1-x._domainkey.dkim.example.net' };
      default: return { ...inst, spf: 'v=spf1 include:spf.secutix.com -all' };
    }
  });
  const md = summary(base, head);
  const html = analyse(md).html;

  it('reads risk first: Needs attention, the mass-change alert, the counts, Tightened, then each stack', () => {
    const order = sectionOrder(html);
    expect(order.slice(0, 5)).toEqual(['h2 DNS changes: 0 to create, 11 to change, 1 to destroy', expect.stringMatching(/^h3 ⚠️ Needs attention \(\d+\)$/), 'alert:caution', 'table', expect.stringMatching(/^h3 ✅ Tightened \(\d+\)$/)]);
    expect(order.slice(5).filter((s) => s.startsWith('h3'))).toHaveLength(12);
  });

  it('flags the MX deletion, the null MX, the relaxation to test mode and the new senders, and tightens the rest', () => {
    const attention = md.slice(md.indexOf('### ⚠️'), md.indexOf('> [!CAUTION]'));
    expect(attention).toContain('`email-auth-inst1` `MX` `inst1.example`: MX record deleted');
    expect(attention).toContain('`email-auth-inst2` `MX` `inst2.example`: null MX');
    expect(attention).toContain('`email-auth-inst3` `TXT` `_dmarc.inst3.example`: DMARC policy loosened: `p=quarantine` → `p=quarantine; t=y`');
    expect(attention).toContain('SPF authorises a new sender, SendGrid: `include:sendgrid.net`');
    expect(attention).toContain('SPF authorises a new sender: `ip4:198.51.100.7`');
    expect(attention).toContain('DKIM target of selector `stxsel1` changes');
    const tightened = md.slice(md.indexOf('### ✅ Tightened'), md.indexOf('### `email-auth-inst0`'));
    expect(tightened).toContain('`email-auth-inst4` `TXT` `_dmarc.inst4.example`: DMARC policy tightened: `p=quarantine` → `p=reject`');
    expect(tightened).toMatch(/- SPF tightened: `~all` → `-all` \(7 records in 7 stacks\)/);
  });

  it('keeps every value in its cell', () => {
    expectWhole(md);
  });
});
