// The ladder, and each readiness rule at its threshold's edge (one below, at, one above).
import { BlockingSource, daysAtPolicyRun, InstitutionSummary, SourceSummary } from '../../reports/analysis/summary';
import { evaluateReadiness } from '../../reports/readiness/evaluate';
import { configChangeText, describePolicy, nextStep, PolicyState } from '../../reports/readiness/ladder';
import { READINESS_RULES } from '../../reports/readiness/rules';
import { DEFAULT_THRESHOLDS, resolveThresholds, Thresholds } from '../../reports/readiness/thresholds';

describe('ladder: p=none → p=quarantine; t=y → p=quarantine → p=reject, sp/np follow', () => {
  test.each<[PolicyState, string | undefined, string | undefined]>([
    [{ p: 'none', t: false }, 'p=quarantine; t=y', 'dmarc: { policy: quarantine, t: true }'],
    [{ p: 'none', t: true }, 'p=quarantine; t=y', 'dmarc: { policy: quarantine }'],
    [{ p: 'quarantine', t: true }, 'p=quarantine', 'dmarc: { t: false }'],
    [{ p: 'quarantine', t: false }, 'p=reject', 'dmarc: { policy: reject }'],
    [{ p: 'reject', t: true }, 'p=reject', 'dmarc: { t: false }'],
    [{ p: 'reject', t: false }, undefined, undefined],
    // sp/np set in the config never stay weaker than the new p; stricter ones are left alone.
    [{ p: 'none', t: false, sp: 'none', np: 'reject' }, 'p=quarantine; t=y; sp=quarantine; np=reject', 'dmarc: { policy: quarantine, t: true, subdomainPolicy: quarantine }'],
    [{ p: 'quarantine', t: false, sp: 'none' }, 'p=reject; sp=reject', 'dmarc: { policy: reject, subdomainPolicy: reject }'],
    // At the top, weaker subdomain policies climb one step at a time.
    [{ p: 'reject', t: false, sp: 'none', np: 'quarantine' }, 'p=reject; sp=quarantine; np=reject', 'dmarc: { subdomainPolicy: quarantine, nonexistentSubdomainPolicy: reject }'],
    [{ p: 'reject', t: false, sp: 'reject', np: 'reject' }, undefined, undefined],
  ])('%j → %s', (current, next, change) => {
    const step = nextStep(current);
    expect(step && describePolicy(step.to)).toBe(next);
    expect(step && configChangeText(step.change)).toBe(change);
  });
});

type Over = Partial<Omit<InstitutionSummary, 'platform'>> & { platform?: Partial<InstitutionSummary['platform']> };
const summary = (over: Over = {}): InstitutionSummary => {
  const { platform, ...rest } = over;
  return {
    code: 'mosa',
    domain: 'mosamuseum.com',
    selectors: ['stxsel1', 'stxsel2'],
    policy: { p: 'none', t: false },
    published: { p: 'none', lastSeen: '2026-11-27' },
    thresholds: DEFAULT_THRESHOLDS,
    reports: 30,
    reporters: ['google.com'],
    days: 14,
    daysAtPolicy: 14,
    messages: 1000,
    dmarcPass: 1000,
    passRate: 100,
    platform: { messages: 800, alignedDkimPass: 800, passRate: 100, failingSources: [], ...platform },
    sourceCount: 3,
    failingSources: [],
    receivers: [],
    recent: { days: 90, messages: 1000, blockingSources: [] },
    daily: [],
    ...rest,
  };
};
const rule = (id: string) => READINESS_RULES.find((r) => r.id === id)!;
const T: Thresholds = DEFAULT_THRESHOLDS;

describe('readiness rules at each edge', () => {
  test.each([
    ['days', summary({ daysAtPolicy: 13 }), false, '13 days of reports at p=none, need 14'],
    ['days', summary({ daysAtPolicy: 14 }), true, '14 days of reports at p=none (need 14)'],
    ['days', summary({ daysAtPolicy: 15 }), true, '15 days of reports at p=none (need 14)'],
    ['days', summary({ policy: { p: 'quarantine', t: true }, daysAtPolicy: 0 }), false, '0 days of reports at p=quarantine; t=y, need 14; receivers still saw p=none on 2026-11-27: deploy the config first'],
    ['messages', summary({ messages: 99, dmarcPass: 99 }), false, '99 messages reported, need 100'],
    ['messages', summary({ messages: 100, dmarcPass: 100 }), true, '100 messages (need 100)'],
    ['messages', summary({ messages: 101, dmarcPass: 101 }), true, '101 messages (need 100)'],
    ['pass-rate', summary({ messages: 1000, dmarcPass: 979 }), false, 'DMARC pass rate 97.9 % (979 of 1,000), need 98 %'],
    ['pass-rate', summary({ messages: 1000, dmarcPass: 980 }), true, 'DMARC pass rate 98.0 % (need 98 %)'],
    ['pass-rate', summary({ messages: 1000, dmarcPass: 981 }), true, 'DMARC pass rate 98.1 % (need 98 %)'],
    // 97.99 % must not round up to a pass.
    ['pass-rate', summary({ messages: 10000, dmarcPass: 9799 }), false, 'DMARC pass rate 97.9 % (9,799 of 10,000), need 98 %'],
    ['pass-rate', summary({ messages: 0, dmarcPass: 0 }), false, 'DMARC pass rate – (0 of 0), need 98 %'],
    ['platform-dkim', summary({ platform: { messages: 800, alignedDkimPass: 799, failingSources: [{ ip: '192.0.2.27', messages: 1, dmarcPass: 0, spfAlignedPass: 0, dkimAlignedPass: 0, spf: [], spfDomains: [], dkim: [], reporters: ['Yahoo'] }] } }), false, '1 of 800 platform messages failed aligned DKIM (from 192.0.2.27 (1 of 1 failing, Yahoo)): fix this first; check the DKIM CNAMEs with `email-auth verify` and that signing is enabled at the platform'],
    ['platform-dkim', summary({ platform: { messages: 800, alignedDkimPass: 800 } }), true, 'all 800 platform messages passed aligned DKIM'],
    ['platform-signed', summary({ platform: { messages: 0, alignedDkimPass: 0 } }), false, 'no message signed by the platform (DKIM stxsel1/stxsel2 with d=mosamuseum.com) in the reports: is DKIM signing enabled (a support request)?'],
    ['platform-signed', summary({ platform: { messages: 1, alignedDkimPass: 1 } }), true, '1 message signed by the platform'],
  ])('%s: %#', (id, s, ok, reason) => {
    expect(rule(id).check(s, T)).toMatchObject({ ok, reason });
  });

  test('the largest failing sources are named when the pass rate is too low', () => {
    const source = (ip: string, messages: number, pass: number) => ({ ip, messages, dmarcPass: pass, spfAlignedPass: 0, dkimAlignedPass: 0, spf: [], spfDomains: [], dkim: [], reporters: ['google.com'] });
    const s = summary({ messages: 100, dmarcPass: 90, failingSources: [source('198.51.100.7', 8, 0), source('203.0.113.9', 2, 0)] });
    expect(rule('pass-rate').check(s, T).reason).toBe('DMARC pass rate 90.0 % (90 of 100), need 98 %; largest failing sources: 198.51.100.7 (8 of 8 failing, google.com); 203.0.113.9 (2 of 2 failing, google.com)');
  });
});

describe('evaluateReadiness', () => {
  test('ready: every rule passes; the verdict names the config change', () => {
    const r = evaluateReadiness(summary());
    expect(r.status).toBe('ready');
    expect(r.next).toEqual({ policy: 'p=quarantine; t=y', change: { policy: 'quarantine', t: true }, configText: 'dmarc: { policy: quarantine, t: true }' });
  });

  test('not ready: the failing rules come first, with their numbers', () => {
    const r = evaluateReadiness(summary({ daysAtPolicy: 3, messages: 50, dmarcPass: 50 }));
    expect(r.status).toBe('not-ready');
    expect(r.rules.filter((o) => !o.ok).map((o) => o.id)).toEqual(['days', 'messages']);
  });

  test('fix first: platform mail failing aligned DKIM outranks everything, even at the last step', () => {
    const failing = { platform: { messages: 10, alignedDkimPass: 9 } };
    expect(evaluateReadiness(summary(failing)).status).toBe('fix-first');
    expect(evaluateReadiness(summary({ ...failing, policy: { p: 'reject', t: false } })).status).toBe('fix-first');
  });

  test('at the last step', () => {
    expect(evaluateReadiness(summary({ policy: { p: 'reject', t: false } }))).toMatchObject({ status: 'at-last-step', next: null });
  });

  test('thresholds: flag over config over default, key by key', () => {
    expect(resolveThresholds(undefined)).toEqual({ days: 14, messages: 100, passRate: 98, rejectDays: 30, blockingMessages: 10, blockingShare: 1 });
    expect(resolveThresholds({ days: 7, passRate: 95, rejectDays: 45 }, { passRate: 99, blockingShare: 2.5 })).toEqual({ days: 7, messages: 100, passRate: 99, rejectDays: 45, blockingMessages: 10, blockingShare: 2.5 });
    const lenient = summary({ daysAtPolicy: 7, thresholds: resolveThresholds({ days: 7 }) });
    expect(evaluateReadiness(lenient).status).toBe('ready');
  });
});

describe('the step to p=reject (issue 19)', () => {
  const quarantine = { policy: { p: 'quarantine' as const, t: false } };
  const source = (ip: string, recentFailing: number, sender?: SourceSummary['sender']): BlockingSource => ({
    ip,
    messages: recentFailing,
    dmarcPass: 0,
    spfAlignedPass: 0,
    dkimAlignedPass: 0,
    spf: [],
    spfDomains: [],
    dkim: [],
    reporters: ['google.com'],
    recentFailing,
    ...(sender !== undefined && { sender }),
  });
  const mailchimp: SourceSummary['sender'] = { id: 'mailchimp', name: 'Mailchimp', kind: 'esp', via: 'ptr', matched: 'mail77.mcsv.net', forwarder: false, spfInclude: 'servers.mcsv.net', fix: { dkim: 'authenticate the domain in Mailchimp' } };
  const groups: SourceSummary['sender'] = { id: 'google-groups', name: 'Google Groups', kind: 'mailing-list', via: 'ptr', matched: 'mail.google.com', forwarder: true, fix: { dkim: 'nothing to publish' } };

  test.each([
    [29, false, '29 days of reports at p=quarantine, need 30 before p=reject'],
    [30, true, '30 days of reports at p=quarantine (need 30 before p=reject)'],
    [31, true, '31 days of reports at p=quarantine (need 30 before p=reject)'],
  ])('needs rejectDays (30) at p=quarantine: %i days', (days, ok, reason) => {
    expect(rule('days').check(summary({ ...quarantine, daysAtPolicy: days }), T)).toEqual({ ok, reason });
  });

  test('the other steps keep `days`, and rejectDays is overridable', () => {
    expect(rule('days').check(summary({ policy: { p: 'quarantine', t: true }, daysAtPolicy: 14 }), T).ok).toBe(true);
    expect(rule('days').check(summary({ ...quarantine, daysAtPolicy: 20 }), resolveThresholds({ rejectDays: 20 })).ok).toBe(true);
  });

  test('a source failing with a meaningful volume over 90 days blocks it, named with its service and fix', () => {
    const s = summary({ ...quarantine, daysAtPolicy: 40, recent: { days: 90, messages: 5000, blockingSources: [source('198.51.100.77', 280, mailchimp), source('203.0.113.5', 60)] } });
    const outcome = rule('blocking-sources').check(s, T);
    expect(outcome).toEqual({
      ok: false,
      reason:
        "2 sources failed DMARC with 10 failing messages and 1 % of the last 90 days' 5,000 messages or more: " +
        '198.51.100.77 (Mailchimp): 280 failing; fix: add include:servers.mcsv.net to the SPF record (SPF alone may not align with the From domain: the DKIM set-up does); authenticate the domain in Mailchimp; ' +
        '203.0.113.5: 60 failing',
    });
    expect(evaluateReadiness(s).status).toBe('not-ready');
  });

  test('forwarders and mailing lists do not block it (listed apart); other steps are never blocked', () => {
    const forwarded = summary({ ...quarantine, daysAtPolicy: 40, recent: { days: 90, messages: 5000, blockingSources: [source('209.85.220.69', 400, groups)] } });
    expect(rule('blocking-sources').check(forwarded, T)).toEqual({
      ok: true,
      reason: "no source besides the platform failed DMARC with 10 failing messages and 1 % of the last 90 days' 5,000 messages; not counted, forwarders whose failures are expected: 209.85.220.69 (Google Groups)",
    });
    expect(evaluateReadiness(forwarded).status).toBe('ready');
    const first = summary({ recent: { days: 90, messages: 5000, blockingSources: [source('198.51.100.77', 280, mailchimp)] } });
    expect(rule('blocking-sources').check(first, T)).toEqual({ ok: true, reason: 'failing sources block the step to p=reject only' });
  });

  test('platform mail failing at a forwarder is expected, not a fix-first', () => {
    const failing = (sender?: SourceSummary['sender']) =>
      summary({ platform: { messages: 800, alignedDkimPass: 790, failingSources: [{ ...source('209.85.220.69', 10, sender), messages: 10, dkimAlignedPass: 0 }] } });
    expect(rule('platform-dkim').check(failing(groups), T)).toEqual({ ok: true, reason: 'all 790 platform messages passed aligned DKIM; 10 more failed at forwarders, as expected (209.85.220.69 (Google Groups))' });
    expect(evaluateReadiness(failing()).status).toBe('fix-first');
  });
});

describe('days at the policy: counted back from the latest day', () => {
  test.each<[boolean[], number]>([
    [[], 0],
    [[true, true, true], 3],
    // A rollback (or the deploy of this policy) starts the count again: older days at the same policy do not count.
    [[true, true, false, true, true], 2],
    [[true, true, false], 0],
  ])('%j → %i', (days, run) => expect(daysAtPolicyRun(days)).toBe(run));
});
