// Failing senders named: PTR lookups bounded and checked (a table of answers stands in for DNS; the BIND suite does
// the same against a real server), the cache, and the known service with its fix; forwarders told apart.
import { SourceSummary } from '../../reports/analysis/summary';
import { PtrCacheFile } from '../../reports/history/ptr-cache';
import { identifySender } from '../../reports/senders/identify';
import { hostName, lookupOne, lookupPtrs, PTR_LIMITS, ReverseDns } from '../../reports/senders/ptr';

/** Answers from tables; an address absent from `ptr` is NXDOMAIN; `hang` never answers until cancelled. */
function tableDns(ptr: Record<string, string[]>, forward: Record<string, string[]> = {}, hang: string[] = []): ReverseDns & { asked: string[] } {
  const pending: (() => void)[] = [];
  const asked: string[] = [];
  const fail = (code: string) => Object.assign(new Error(code), { code });
  return {
    asked,
    reverse: (ip) => {
      asked.push(ip);
      if (hang.includes(ip)) return new Promise((_, reject) => pending.push(() => reject(fail('ECANCELLED'))));
      return ptr[ip] ? Promise.resolve(ptr[ip]!) : Promise.reject(fail('ENOTFOUND'));
    },
    addresses: (name) => (forward[name] ? Promise.resolve(forward[name]!) : Promise.reject(fail('ENOTFOUND'))),
    cancel: () => pending.splice(0).forEach((f) => f()),
  };
}

describe('PTR names', () => {
  test.each<[unknown, string | undefined]>([
    ['mail77.atl31.mcsv.net.', 'mail77.atl31.mcsv.net'],
    ['MAIL.Example.ORG', 'mail.example.org'],
    ['localhost', undefined],
    ['evil\\032name.example', undefined],
    ['a b.example', undefined],
    ['\u001b[2J.example', undefined],
    [`${'a'.repeat(64)}.example`, undefined],
    [`${'a.'.repeat(130)}example`, undefined],
    ['-lead.example', undefined],
    [42, undefined],
  ])('%j → %j', (answer, name) => expect(hostName(answer)).toBe(name));

  test('confirmed only when the name resolves back to the address (IPv6 in any form)', async () => {
    const dns = tableDns({ '198.51.100.77': ['mail77.mcsv.net'], '2001:db8::7': ['mx.example.org'], '203.0.113.9': ['mail.mcsv.net'] }, { 'mail77.mcsv.net': ['198.51.100.77'], 'mx.example.org': ['2001:0db8:0:0::7'], 'mail.mcsv.net': ['192.0.2.1'] });
    expect(await lookupOne('198.51.100.77', dns)).toEqual({ kind: 'name', name: 'mail77.mcsv.net', confirmed: true });
    expect(await lookupOne('2001:db8::7', dns)).toEqual({ kind: 'name', name: 'mx.example.org', confirmed: true });
    // A forged PTR name: the name's own addresses do not include the source.
    expect(await lookupOne('203.0.113.9', dns)).toEqual({ kind: 'name', name: 'mail.mcsv.net', confirmed: false });
    expect(await lookupOne('192.0.2.99', dns)).toEqual({ kind: 'none' });
  });

  test('at most 4 names of an answer are looked at; invalid ones are skipped', async () => {
    const dns = tableDns({ '192.0.2.1': ['bad name', 'x\u0000.example', 'also bad', 'no', 'good.example'], '192.0.2.2': ['bad name'] });
    expect(await lookupOne('192.0.2.1', dns)).toEqual({ kind: 'invalid' });
    expect(await lookupOne('192.0.2.2', dns)).toEqual({ kind: 'invalid' });
  });

  test('bounded: at most `lookups` addresses are asked; the rest are counted, not looked up', async () => {
    const dns = tableDns({});
    const ips = Array.from({ length: 12 }, (_, i) => `192.0.2.${i + 1}`);
    const run = await lookupPtrs(ips, dns, { limits: { ...PTR_LIMITS, lookups: 5 } });
    expect(dns.asked).toHaveLength(5);
    expect(run).toMatchObject({ looked: 5, cached: 0, notLooked: 7, stopped: 'the limit of 5 PTR lookups per run' });
  });

  test('bounded in time: a server that never answers is cancelled when the budget runs out', async () => {
    const dns = tableDns({ '192.0.2.1': ['a.example'] }, {}, ['192.0.2.2', '192.0.2.3']);
    const run = await lookupPtrs(['192.0.2.1', '192.0.2.2', '192.0.2.3'], dns, { limits: { ...PTR_LIMITS, budgetMs: 50, concurrency: 1 } });
    expect(run).toMatchObject({ looked: 1, notLooked: 2, stopped: 'the PTR time budget of 0.05 s' });
    expect(run.outcomes.get('192.0.2.1')).toEqual({ kind: 'name', name: 'a.example', confirmed: false });
  });

  test('the run signal stops the lookups too', async () => {
    const dns = tableDns({}, {}, ['192.0.2.2']);
    const stop = new AbortController();
    const running = lookupPtrs(['192.0.2.2'], dns, { signal: stop.signal });
    stop.abort();
    expect(await running).toMatchObject({ looked: 0, notLooked: 1, stopped: 'the run was stopped' });
  });

  test('the cache answers first and keeps answers (never errors) for 30 days', async () => {
    const now = Date.UTC(2026, 10, 28) / 1000;
    const cache = new PtrCacheFile(now);
    cache.load('# c\n192.0.2.1 2026-11-20 cached.example confirmed\n192.0.2.5 2026-09-01 stale.example confirmed\n192.0.2.6 2026-11-27 - none\n');
    const dns = tableDns({ '192.0.2.5': ['fresh.example'] }, {}, []);
    const run = await lookupPtrs(['192.0.2.1', '192.0.2.5', '192.0.2.6', 'not-an-ip'], dns, { cache });
    expect(dns.asked).toEqual(['192.0.2.5']);
    expect(run).toMatchObject({ looked: 1, cached: 2, notLooked: 0 });
    expect(cache.text()).toBe(
      '# email-auth-dns PTR cache, version 1: <ip> <day looked up> <name|-> <confirmed|unconfirmed|none|invalid>\n' +
        '192.0.2.1 2026-11-20 cached.example confirmed\n192.0.2.5 2026-11-28 fresh.example unconfirmed\n192.0.2.6 2026-11-27 - none\n',
    );
  });

  test.each([
    ['192.0.2.1 2026-11-20 cached.example', /line 1: has 3 fields/],
    ['192.0.2.1 2026-11-20 cached.example maybe', /has the status "maybe"/],
    ['evil 2026-11-20 cached.example confirmed', /"evil" is not an IP address/],
    ['192.0.2.1 2026-11-20 x.example confirmed\n192.0.2.1 2026-11-20 x.example confirmed', /line 2: repeats the address 192\.0\.2\.1/],
    ['192.0.2.1 2026-11-20 name.example none', /an address with none has "-" for its name/],
  ])('a cache line refused: %j', (text, message) => {
    expect(() => new PtrCacheFile(Date.UTC(2026, 10, 28) / 1000).load(text)).toThrow(message);
  });
});

describe('the service behind a source, and its fix', () => {
  const source = (over: Partial<SourceSummary> = {}): Pick<SourceSummary, 'ptr' | 'dkim' | 'spfDomains'> => ({ ptr: undefined, dkim: [], spfDomains: [], ...over });

  test('by a confirmed PTR name: the include to add and the DKIM set-up', () => {
    expect(identifySender({ ...source({ ptr: { name: 'mail77.atl31.mcsv.net', confirmed: true } }), platformSigned: false })).toEqual({
      id: 'mailchimp',
      name: 'Mailchimp',
      kind: 'esp',
      via: 'ptr',
      matched: 'mail77.atl31.mcsv.net',
      forwarder: false,
      spfInclude: 'servers.mcsv.net',
      fix: { dkim: "authenticate the domain in Mailchimp (two DKIM CNAMEs), so that its mail is signed with the institution's domain" },
    });
  });

  test('an unconfirmed PTR name names nothing; the DKIM or SPF domains of the mail still may', () => {
    expect(identifySender({ ...source({ ptr: { name: 'mail.mcsv.net', confirmed: false } }), platformSigned: false })).toBeNull();
    expect(identifySender({ ...source({ ptr: { name: 'x.example', confirmed: false }, dkim: [{ domain: 'mcsv.net', selector: 'k1', result: 'pass', aligned: false, messages: 1 }] }), platformSigned: false })).toMatchObject({ id: 'mailchimp', via: 'dkim' });
    expect(identifySender({ ...source({ spfDomains: ['bounces.o1.sendgrid.net'] }), platformSigned: false })).toMatchObject({ id: 'sendgrid', via: 'spf', spfInclude: 'sendgrid.net' });
    expect(identifySender({ ...source({ spfDomains: ['evilmcsv.net'] }), platformSigned: false })).toBeNull();
  });

  test('forwarders told apart: a source that relays the platform-signed mail is the forwarding service, with nothing to fix', () => {
    const outlook = source({ ptr: { name: 'mail-db8eur05on2101.outbound.protection.outlook.com', confirmed: true } });
    expect(identifySender({ ...outlook, platformSigned: false })).toMatchObject({ id: 'microsoft-365', forwarder: false, spfInclude: 'spf.protection.outlook.com' });
    const forwarded = identifySender({ ...outlook, platformSigned: true });
    expect(forwarded).toMatchObject({ id: 'microsoft-365-forwarding', kind: 'forwarder', forwarder: true });
    expect(forwarded).not.toHaveProperty('spfInclude');
    expect(identifySender({ ...source({ ptr: { name: 'mail-yw1-f170.google.com', confirmed: true } }), platformSigned: true })).toMatchObject({ id: 'google-groups', kind: 'mailing-list', forwarder: true });
  });
});
