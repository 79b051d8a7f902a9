// Each risk rule with a change it must flag and a harmless neighbour it must not (cdk-nag style pairs).
import { MdText, plainText } from '../../summary/markdown-text';
import { RecordChange } from '../../summary/record-change';
import { DEFAULT_RISK_CONTEXT, findRisks } from '../../summary/risks';
import { authRecordRemoved } from '../../summary/risks/auth-record-removed';
import { dkimTargetChanged } from '../../summary/risks/dkim-target-changed';
import { dmarcLoosened } from '../../summary/risks/dmarc-loosened';
import { spfLoosened } from '../../summary/risks/spf-loosened';
import { spfNewSender } from '../../summary/risks/spf-new-sender';
import { mxRemoved } from '../../summary/risks/mx-removed';
import { tightenings } from '../../summary/tightened';

const SPF = 'v=spf1 include:spf.secutix.com include:_spf.google.com -all';
/** The Markdown of each message a rule returns. */
const texts = (messages: MdText[]) => messages.map((m) => m.markdown);

function change(action: RecordChange['action'], name: string, type: string, before: string[], after: string[], extra: Partial<RecordChange> = {}): RecordChange {
  return { stack: 'email-auth-t', action, name, type, before, after, ...extra };
}
const txt = (action: RecordChange['action'], before: string[], after: string[]) => change(action, 'example.com', 'TXT', before, after);
const dmarc = (before: string, after: string) => change('update', '_dmarc.example.com', 'TXT', [before], [after]);
const dkim = (action: RecordChange['action'], before: string[], after: string[]) => change(action, 'stxsel1._domainkey.example.com', 'CNAME', before, after);
const spf = (before: string, after: string) => texts(spfLoosened(txt('update', [before], [after]), DEFAULT_RISK_CONTEXT));

describe('authRecordRemoved', () => {
  it.each([
    ['SPF deleted', txt('delete', [SPF, 'google-site-verification=abc'], []), /^SPF record deleted: mail sent by the platform no longer passes SPF$/],
    ['DMARC deleted', change('delete', '_dmarc.example.com', 'TXT', ['v=DMARC1; p=none'], []), /^DMARC record deleted/],
    ['DKIM deleted', dkim('delete', ['sel1-t._domainkey.dkim.secutix.com'], []), /^DKIM CNAME deleted: mail signed with selector `stxsel1` fails DKIM$/],
    ['SPF replaced', change('replace', 'example.com', 'TXT', [SPF], [SPF], { note: 'type forces replacement' }), /^SPF record replaced: deleted first, then created; until then mail sent by the platform no longer passes SPF$/],
    ['SPF moved to another zone', change('replace', 'example.com', 'TXT', [SPF], [SPF], { zoneBefore: 'Z1', zoneAfter: 'Z2' }), /^SPF record moves from zone `Z1` to `Z2`: it is deleted from the old zone, so while the old zone is the delegated one mail/],
    ['SPF value dropped from the set', txt('update', [SPF, 'google-site-verification=abc'], ['google-site-verification=abc']), /^SPF record removed from the record set/],
    ['renamed DKIM record', dkim('replace', ['a.example.net'], ['a.example.net']), /^DKIM CNAME replaced: deleted first/],
    ['a DMARC report authorisation deleted', change('delete', 'news.example.com._report._dmarc.example.com', 'TXT', ['v=DMARC1'], []), /^DMARC report authorisation deleted: receivers stop sending DMARC reports about `news\.example\.com` to this domain \(RFC 7489 §7\.1\)$/],
  ])('flags %s', (_, c, message) => {
    expect(texts(authRecordRemoved(c))).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['an MX deleted', change('delete', 'example.com', 'MX', ['10 mx.example.com'], [])],
    ['a verification TXT deleted', txt('delete', ['google-site-verification=abc'], [])],
    ['an SPF update', txt('update', [SPF], [SPF.replace('-all', '~all')])],
    ['an SPF created', txt('create', [], [SPF])],
    ['a report authorisation created', change('create', 'news.example.com._report._dmarc.example.com', 'TXT', [], ['v=DMARC1'])],
  ])('ignores %s', (_, c) => {
    expect(texts(authRecordRemoved(c))).toEqual([]);
  });

  it('classifies the old side of a rename by its old name', () => {
    const renamed = change('replace', 'other.example.com', 'TXT', ['v=DMARC1; p=none'], ['v=DMARC1; p=none'], { nameBefore: '_dmarc.example.com' });
    expect(texts(authRecordRemoved(renamed))).toEqual([expect.stringMatching(/^DMARC record replaced/)]);
  });
});

describe('spfLoosened', () => {
  it('flags the platform include dropped', () => {
    expect(spf(SPF, 'v=spf1 include:_spf.google.com -all')).toEqual(["SPF drops the platform's `include:spf.secutix.com`: mail sent by the platform no longer passes SPF"]);
  });
  it('treats a trailing dot and upper case as the same include, and a -include as no include', () => {
    expect(spf(SPF, 'v=spf1 include:SPF.secutix.com. -all')).toEqual([]);
    expect(spf(SPF, 'v=spf1 -include:spf.secutix.com -all')).toEqual([expect.stringMatching(/drops the platform's/)]);
  });
  it('follows the sender profile of the context', () => {
    const c = txt('update', ['v=spf1 include:spf.other.example ~all'], ['v=spf1 ~all']);
    expect(texts(spfLoosened(c, { spfInclude: 'spf.other.example' }))).toEqual([expect.stringMatching(/`include:spf\.other\.example`/)]);
    expect(texts(spfLoosened(c, DEFAULT_RISK_CONTEXT))).toEqual([]);
  });
  it.each([
    ['-all', '~all', 'soft fail', 'fail'],
    ['-all', '?all', 'neutral', 'fail'],
    ['~all', '?all', 'neutral', 'soft fail'],
    ['~all', '+all', 'pass', 'soft fail'],
  ])('flags %s → %s', (from, to, now, was) => {
    expect(spf(`v=spf1 include:spf.secutix.com ${from}`, `v=spf1 include:spf.secutix.com ${to}`)).toEqual([
      `SPF loosened from \`${from}\` to \`${to}\`: unlisted senders get "${now}" instead of "${was}"`,
    ]);
  });
  it('counts a missing all as neutral (RFC 7208 §4.7), and skips records that redirect', () => {
    expect(spf('v=spf1 include:spf.secutix.com -all', 'v=spf1 include:spf.secutix.com')).toEqual([expect.stringMatching(/to `\?all`/)]);
    expect(spf('v=spf1 include:spf.secutix.com -all', 'v=spf1 include:spf.secutix.com redirect=_spf.example.com')).toEqual([]);
  });
  it.each([['~all', '-all'], ['?all', '~all'], ['-all', '-all']])('ignores %s → %s', (from, to) => {
    expect(spf(`v=spf1 include:spf.secutix.com ${from}`, `v=spf1 include:spf.secutix.com ip4:192.0.2.1 ${to}`)).toEqual([]);
  });
  it('flags two SPF records in one set (RFC 7208 §4.5) and an invalid one', () => {
    expect(texts(spfLoosened(txt('create', [], [SPF, 'v=spf1 -all']), DEFAULT_RISK_CONTEXT))).toEqual([expect.stringMatching(/^2 SPF records at one name/)]);
    expect(texts(spfLoosened(txt('create', [], ['v=spf1 include: -all']), DEFAULT_RISK_CONTEXT))).toEqual([expect.stringMatching(/^the new SPF record is not valid: `"include" needs a domain/)]);
  });
});

describe('dmarcLoosened', () => {
  it.each([
    ['v=DMARC1; p=reject', 'v=DMARC1; p=quarantine', 'DMARC policy loosened: `p=reject` → `p=quarantine`'],
    ['v=DMARC1; p=quarantine', 'v=DMARC1; p=none', 'DMARC policy loosened: `p=quarantine` → `p=none`'],
    ['v=DMARC1; p=reject; sp=reject', 'v=DMARC1; p=reject; sp=none', 'DMARC subdomain policy loosened: `sp=reject` → `sp=none`'],
    ['v=DMARC1; p=reject', 'v=DMARC1; p=reject; sp=quarantine', 'DMARC subdomain policy loosened: `sp=reject` → `sp=quarantine`'],
    ['v=DMARC1; p=reject; np=reject', 'v=DMARC1; p=reject; np=none', 'DMARC non-existent subdomain policy loosened: `np=reject` → `np=none`'],
    ['v=DMARC1; p=reject', 'v=DMARC1; p=reject; pct=25', 'DMARC `pct` lowered from 100 to 25: the policy applies to fewer failing messages'],
    ['v=DMARC1; p=reject; t=n', 'v=DMARC1; p=reject; t=y', 'DMARC policy loosened: `p=reject` → `p=reject; t=y` (receivers apply `quarantine` instead of `reject`)'],
    // Issue 17: test mode switched on at quarantine is a loosening, in the one strictness order.
    ['v=DMARC1; p=quarantine', 'v=DMARC1; p=quarantine; t=y', 'DMARC policy loosened: `p=quarantine` → `p=quarantine; t=y` (receivers apply `none` instead of `quarantine`)'],
    ['v=DMARC1; p=reject; sp=none', 'v=DMARC1; p=reject; sp=none; t=y', 'DMARC policy loosened: `p=reject` → `p=reject; t=y` (receivers apply `quarantine` instead of `reject`)'],
    ['v=DMARC1; p=none; rua=mailto:d@example.com', 'v=DMARC1; p=none', 'DMARC aggregate reports dropped (`rua` removed): failures go unseen'],
  ])('flags %s → %s', (before, after, message) => {
    expect(texts(dmarcLoosened(dmarc(before, after)))).toEqual([message]);
  });

  it.each([
    ['v=DMARC1; p=none', 'v=DMARC1; p=quarantine'],
    ['v=DMARC1; p=quarantine; pct=50', 'v=DMARC1; p=quarantine'],
    ['v=DMARC1; p=reject; t=y', 'v=DMARC1; p=reject'],
    // Issue 17: the ladder's first step is a tightening, not "test mode switched on".
    ['v=DMARC1; p=none', 'v=DMARC1; p=quarantine; t=y'],
    ['v=DMARC1; p=quarantine', 'v=DMARC1; p=reject; t=y'],
    ['v=DMARC1; p=none; t=y', 'v=DMARC1; p=none'],
    ['v=DMARC1; p=none', 'v=DMARC1; p=none; rua=mailto:d@example.com'],
  ])('ignores tightening %s → %s', (before, after) => {
    expect(texts(dmarcLoosened(dmarc(before, after)))).toEqual([]);
  });

  it('reports an inherited sp/np only through the p line', () => {
    expect(texts(dmarcLoosened(dmarc('v=DMARC1; p=reject', 'v=DMARC1; p=none')))).toEqual(['DMARC policy loosened: `p=reject` → `p=none`']);
  });

  it('flags an invalid new record and two records at one name', () => {
    expect(texts(dmarcLoosened(dmarc('v=DMARC1; p=none', 'v=DMARC1; rua=mailto:d@example.com')))).toEqual([
      'the new DMARC record is not valid: no "p" tag (RFC 9989 receivers read it as p=none; RFC 7489 receivers require it)',
    ]);
    expect(texts(dmarcLoosened(dmarc('v=DMARC1; p=none', 'v=DMARC1; p=rejekt')))).toEqual(['the new DMARC record is not valid: `p: expected none|quarantine|reject, got "rejekt"`']);
    expect(texts(dmarcLoosened(dmarc('v=DMARC1; p=none', 'p=none; v=DMARC1')))).toEqual(['the new DMARC record is not valid: `record does not start with "v=DMARC1"`']);
    expect(texts(dmarcLoosened(change('create', '_dmarc.example.com', 'TXT', [], ['v=DMARC1; p=none', 'v=DMARC1; p=reject'])))).toEqual([
      '2 DMARC records at one name: receivers discard them all (RFC 9989 §4.10)',
    ]);
  });

  it('judges the new record with the parser verify uses: a value receivers drop makes it invalid', () => {
    expect(texts(dmarcLoosened(dmarc('v=DMARC1; p=reject; adkim=s', 'v=DMARC1; p=reject; adkim=strict')))).toEqual([
      'the new DMARC record is not valid: `adkim: expected r|s (relaxed or strict), got "strict"`',
    ]);
  });

  it('reads policy names case-insensitively: p=ReJect is p=reject, so p=reject → p=Quarantine is a loosening', () => {
    expect(texts(dmarcLoosened(dmarc('v=DMARC1; p=ReJect', 'v=DMARC1; p=reject')))).toEqual([]);
    expect(texts(dmarcLoosened(dmarc('v=DMARC1; p=reject', 'v=DMARC1; p=Quarantine')))).toEqual(['DMARC policy loosened: `p=reject` → `p=quarantine`']);
  });

  it('ignores TXT records that are not at _dmarc', () => {
    expect(texts(dmarcLoosened(change('update', 'example.com', 'TXT', ['v=DMARC1; p=reject'], ['v=DMARC1; p=none'])))).toEqual([]);
  });
});

describe('dkimTargetChanged', () => {
  it('flags a CNAME pointing elsewhere', () => {
    expect(texts(dkimTargetChanged(dkim('update', ['sel1-t._domainkey.dkim.secutix.com'], ['sel1-t._domainkey.dkim.example.net'])))).toEqual([
      'DKIM target of selector `stxsel1` changes from `sel1-t._domainkey.dkim.secutix.com` to `sel1-t._domainkey.dkim.example.net`: the new target must already publish the key for this selector',
    ]);
  });
  it.each([
    ['a TTL-only update', dkim('update', ['a.example.net'], ['a.example.net'])],
    ['a create', dkim('create', [], ['a.example.net'])],
    ['a CNAME that is not DKIM', change('update', 'www.example.com', 'CNAME', ['a.example.net'], ['b.example.net'])],
  ])('ignores %s', (_, c) => {
    expect(texts(dkimTargetChanged(c))).toEqual([]);
  });
});

it('findRisks attaches stack, name and type to each message, and its shape (values as …)', () => {
  expect(findRisks([txt('delete', [SPF], [])])).toEqual([
    { stack: 'email-auth-t', name: 'example.com', type: 'TXT', message: expect.stringMatching(/^SPF record deleted/), shape: 'SPF record deleted: mail sent by the platform no longer passes SPF' },
  ]);
  const [one, two] = findRisks([dkim('delete', ['a.example.net'], []), change('delete', 'stxsel2._domainkey.example.com', 'CNAME', ['b.example.net'], [])]);
  expect(one!.message).not.toBe(two!.message);
  expect(one!.shape).toBe('DKIM CNAME deleted: mail signed with selector … fails DKIM');
  expect(two!.shape).toBe(one!.shape);
});

describe('spfNewSender (issue 17)', () => {
  const sender = (before: string[], after: string[], action: RecordChange['action'] = 'update') => texts(spfNewSender(txt(action, before, after), DEFAULT_RISK_CONTEXT));
  it.each([
    ['include:servers.mcsv.net', /^SPF authorises a new sender, Mailchimp: `include:servers\.mcsv\.net`; anyone who can send through Mailchimp now passes SPF/],
    ['include:spf.example.org', /^SPF authorises a new sender: `include:spf\.example\.org`; every host it names now passes SPF for this domain: confirm/],
    ['a:web.example.com', /`a:web\.example\.com`/],
    ['mx', /`mx`/],
    ['ip4:198.51.100.7', /`ip4:198\.51\.100\.7`/],
    ['ip6:2001:db8::/32', /`ip6:2001:db8::\/32`/],
    ['exists:%{i}.spf.example.com', /`exists:%\{i\}\.spf\.example\.com`/],
    ['+include:sendgrid.net', /new sender, SendGrid: `\+include:sendgrid\.net`/],
  ])('flags a new %s', (term, message) => {
    expect(sender([SPF], [SPF.replace(' -all', ` ${term} -all`)])).toEqual([expect.stringMatching(message)]);
  });
  it('flags redirect= and every sender of a new record, except the platform include', () => {
    expect(sender(['v=spf1 include:spf.secutix.com ~all'], ['v=spf1 include:spf.secutix.com redirect=_spf.example.com'])).toEqual([expect.stringMatching(/`redirect=_spf\.example\.com`/)]);
    expect(sender([], ['v=spf1 include:spf.secutix.com include:sendgrid.net ~all'], 'create')).toEqual([expect.stringMatching(/SendGrid: `include:sendgrid\.net`/)]);
  });
  it.each([
    ['a term that grants nothing (~, ?, -)', [SPF], ['v=spf1 include:spf.secutix.com include:_spf.google.com ~ip4:192.0.2.1 ?a -mx -all']],
    ['a sender already there, in another case or order', [SPF], ['v=spf1 include:_SPF.google.com include:spf.secutix.com -all']],
    ['a sender removed', [SPF], ['v=spf1 include:spf.secutix.com -all']],
    ['the platform include of a new record', [], ['v=spf1 include:spf.secutix.com ~all']],
    ['a record that does not parse (spfLoosened reports it)', [SPF], ['v=spf1 include: ip4:192.0.2.1 -all']],
  ])('ignores %s', (_, before, after) => {
    expect(sender(before, after, before.length === 0 ? 'create' : 'update')).toEqual([]);
  });
  it('names a service in escaped plain text, never as Markdown', () => {
    expect(plainText('Brevo (Sendinblue) *x* <b>').markdown).toBe('Brevo \\(Sendinblue\\) \\*x\\* \\<b\\>');
  });
});

describe('mxRemoved (issue 17)', () => {
  const mx = (action: RecordChange['action'], before: string[], after: string[], extra: Partial<RecordChange> = {}) => texts(mxRemoved(change(action, 'example.com', 'MX', before, after, extra)));
  it.each([
    ['the MX set deleted', mx('delete', ['10 mx1.example.com', '20 mx2.example.com'], []), /^MX record deleted: mail to `example\.com` bounces until it is back$/],
    ['the MX set replaced', mx('replace', ['10 mx1.example.com'], ['10 mx1.example.com']), /^MX record replaced: deleted first, then created; until then mail to `example\.com` bounces$/],
    ['the MX set moved to another zone', mx('replace', ['10 mx1.example.com'], ['10 mx1.example.com'], { zoneBefore: 'Z1', zoneAfter: 'Z2' }), /^MX record moves from zone `Z1` to `Z2`/],
    ['a null MX', mx('update', ['10 mx1.example.com'], ['0 .']), /^null MX \(`0 \.`, RFC 7505\) for `example\.com`: the domain accepts no mail, so bounces and replies to the sender address are lost$/],
    ['a new record that is a null MX', mx('create', [], ['0 .']), /^null MX/],
    ['the last Cloudflare MX host deleted', mx('delete', ['10 mx1.example.com'], [], { setAfter: [] }), /^last MX host of `example\.com` removed \(`10 mx1\.example\.com`\)/],
  ])('flags %s', (_, messages, message) => {
    expect(messages).toEqual([expect.stringMatching(message)]);
  });
  it.each([
    ['one Cloudflare MX host of two deleted', mx('delete', ['20 mx2.example.com'], [], { setAfter: ['10 mx1.example.com'] })],
    ['a host replaced by another', mx('update', ['10 mx1.example.com'], ['10 mx2.example.com'])],
    ['a new MX', mx('create', [], ['10 mx1.example.com'])],
    ['a null MX that stays', mx('update', ['0 .'], ['0 .'])],
    ['a TXT deleted', texts(mxRemoved(txt('delete', [SPF], [])))],
  ])('ignores %s', (_, messages) => {
    expect(messages).toEqual([]);
  });
});

describe('tightenings (issue 17): progress, listed apart', () => {
  const t = (before: string, after: string) => texts(tightenings(dmarc(before, after)));
  it.each([
    ['v=DMARC1; p=none', 'v=DMARC1; p=quarantine; t=y', 'DMARC policy tightened: `p=none` → `p=quarantine; t=y`'],
    ['v=DMARC1; p=quarantine; t=y', 'v=DMARC1; p=quarantine', 'DMARC policy tightened: `p=quarantine; t=y` → `p=quarantine`'],
    ['v=DMARC1; p=reject; sp=none', 'v=DMARC1; p=reject; sp=quarantine', 'DMARC subdomain policy tightened: `sp=none` → `sp=quarantine`'],
  ])('%s → %s', (before, after, message) => {
    expect(t(before, after)).toEqual([message]);
  });
  it('the rollout\'s first step is a tightening and no risk', () => {
    const step = dmarc('v=DMARC1; p=none; rua=mailto:d@example.com', 'v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.com');
    expect(findRisks([step])).toEqual([]);
    expect(texts(tightenings(step))).toHaveLength(1);
  });
  it('SPF all made stricter; a loosening or an unchanged all is not', () => {
    expect(texts(tightenings(txt('update', ['v=spf1 include:spf.secutix.com ~all'], ['v=spf1 include:spf.secutix.com -all'])))).toEqual(['SPF tightened: `~all` → `-all`']);
    expect(texts(tightenings(txt('update', ['v=spf1 include:spf.secutix.com -all'], ['v=spf1 include:spf.secutix.com ~all'])))).toEqual([]);
    expect(texts(tightenings(txt('create', [], ['v=spf1 -all'])))).toEqual([]);
  });
});
