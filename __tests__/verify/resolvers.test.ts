/** The DNS plumbing of verify without a server: recorded answers, the planned overlay, mailauth's shape, the pool. */
import { parseDnsServer } from '../../cli/dns-server';
import { UsageError } from '../../cli/command';
import { mailauthResolver } from '../../verify/mailauth-resolver';
import { answerForError } from '../../verify/node-resolver';
import { PlannedResolver } from '../../verify/planned-resolver';
import { mapBounded } from '../../io/pool';
import { exitCodeOf } from '../../cli/verify';
import { buildReport } from '../../verify/report';
import { CheckStatus, worst } from '../../verify/check-result';
import { DnsAnswer, DnsResolver, QueryType, StaticResolver } from '../../verify/resolver';

describe('StaticResolver (recorded answers)', () => {
  const r = new StaticResolver([
    { name: 'Example.org.', type: 'TXT', values: ['v=spf1 -all'] },
    { name: 'stxsel1._domainkey.example.org', type: 'CNAME', values: ['key.platform.test'] },
    { name: 'key.platform.test', type: 'TXT', values: ['v=DKIM1; p=AAAA'] },
  ]);
  it('answers by name and type, case- and trailing-dot-insensitive', async () => {
    expect(await r.query('example.org', 'TXT')).toEqual({ kind: 'records', values: ['v=spf1 -all'] });
  });
  it('tells NODATA (name exists) from NXDOMAIN', async () => {
    expect(await r.query('example.org', 'MX')).toEqual({ kind: 'nodata' });
    expect(await r.query('nothing.example.org', 'MX')).toEqual({ kind: 'nxdomain' });
  });
  it('follows a CNAME for other types, like a recursive resolver', async () => {
    expect(await r.query('stxsel1._domainkey.example.org', 'TXT')).toEqual({ kind: 'records', values: ['v=DKIM1; p=AAAA'] });
    expect(await r.query('stxsel1._domainkey.example.org', 'CNAME')).toEqual({ kind: 'records', values: ['key.platform.test'] });
  });
});

describe('PlannedResolver', () => {
  const asked: string[] = [];
  const live: DnsResolver = {
    async query(name: string, type: QueryType): Promise<DnsAnswer> {
      asked.push(`${name} ${type}`);
      if (name === 'sel1-mosa._domainkey.dkim.platform.test' && type === 'TXT') return { kind: 'records', values: ['v=DKIM1; p=LIVE'] };
      if (name === 'example.org' && type === 'TXT') return { kind: 'records', values: ['v=spf1 -all', 'old'] };
      return { kind: 'nxdomain' };
    },
  };
  const plan = new StaticResolver([
    { name: 'example.org', type: 'TXT', values: ['v=spf1 include:spf.platform.test ~all'] },
    { name: 'stxsel1._domainkey.example.org', type: 'CNAME', values: ['sel1-mosa._domainkey.dkim.platform.test'] },
  ]);
  const planned = new PlannedResolver(plan, live);
  beforeEach(() => (asked.length = 0));

  it('answers a planned name and type from the plan, replacing the live record set', async () => {
    expect(await planned.query('example.org', 'TXT')).toEqual({ kind: 'records', values: ['v=spf1 include:spf.platform.test ~all'] });
    expect(asked).toEqual([]);
  });
  it('follows a planned CNAME into live DNS', async () => {
    expect(await planned.query('stxsel1._domainkey.example.org', 'TXT')).toEqual({ kind: 'records', values: ['v=DKIM1; p=LIVE'] });
    expect(asked).toEqual(['sel1-mosa._domainkey.dkim.platform.test TXT']);
  });
  it('asks live DNS for everything else', async () => {
    expect(await planned.query('example.org', 'MX')).toEqual({ kind: 'nxdomain' });
    expect(asked).toEqual(['example.org MX']);
  });
});

describe('mailauthResolver (the shape of dns.promises.resolve)', () => {
  const r = mailauthResolver(
    new StaticResolver([
      { name: 'example.org', type: 'TXT', values: ['v=spf1 -all'] },
      { name: 'example.org', type: 'MX', values: ['10 mx.example.org', '0 .'] },
    ]),
  );
  it('returns TXT as lists of strings and MX as { exchange, priority }', async () => {
    expect(await r('example.org', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(await r('example.org', 'MX')).toEqual([
      { priority: 10, exchange: 'mx.example.org' },
      { priority: 0, exchange: '' },
    ]);
  });
  it('throws node:dns codes that mailauth classifies as void or temporary', async () => {
    await expect(r('example.org', 'A')).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(r('none.example.org', 'A')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(r('example.org', 'PTR')).rejects.toMatchObject({ code: 'ENOTIMP' });
    await expect(mailauthResolver({ query: async () => ({ kind: 'error', code: 'ETIMEOUT', unreachable: true }) })('x.org', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    // Every DNS error is a temperror (RFC 7208 §5.2): mailauth@4 would otherwise ignore a SERVFAIL inside an include.
    await expect(mailauthResolver({ query: async () => ({ kind: 'error', code: 'ESERVFAIL', unreachable: false }) })('x.org', 'TXT')).rejects.toMatchObject({
      code: 'ESERVFAIL',
      spfResult: { error: 'temperror', text: 'DNS error ESERVFAIL for TXT x.org' },
    });
  });
});

describe('answerForError (node:dns error codes)', () => {
  it.each([
    ['ENOTFOUND', { kind: 'nxdomain' }],
    ['ENODATA', { kind: 'nodata' }],
    ['ETIMEOUT', { kind: 'error', code: 'ETIMEOUT', unreachable: true }],
    ['ECONNREFUSED', { kind: 'error', code: 'ECONNREFUSED', unreachable: true }],
    ['ESERVFAIL', { kind: 'error', code: 'ESERVFAIL', unreachable: false }],
  ])('%s → %j', (code, answer) => expect(answerForError(code)).toEqual(answer));
});

describe('parseDnsServer', () => {
  it.each([
    ['1.1.1.1', '1.1.1.1:53'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    ['2606:4700:4700::1111', '[2606:4700:4700::1111]:53'],
    ['[::1]:5353', '[::1]:5353'],
  ])('%s → %s', (input, server) => expect(parseDnsServer(input)).toBe(server));
  it.each(['one.one.one.one', '1.1.1', '1.1.1.1:0', '[::1]:99999', ''])('refuses %j', (input) => {
    expect(() => parseDnsServer(input)).toThrow(UsageError);
  });
});

describe('mapBounded', () => {
  it('keeps input order, never runs more than the bound at once, and reports progress', async () => {
    let running = 0;
    let peak = 0;
    const progress: number[] = [];
    const out = await mapBounded(
      [5, 1, 4, 2, 3],
      2,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        for (let i = 0; i < n; i++) await Promise.resolve();
        running--;
        return n * 10;
      },
      (done) => progress.push(done),
    );
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('exit codes', () => {
  const inst = (statuses: CheckStatus[]) => ({ code: 'x', domain: 'x.test', status: worst(statuses.map((status) => ({ status }))), checks: statuses.map((status, i) => ({ id: `c${i}`, status, reason: '' })) });
  it('0 when everything passes, warnings included', () => expect(exitCodeOf(buildReport([inst(['pass', 'warn'])], 'live', 's'))).toBe(0));
  it('1 when a check fails', () => expect(exitCodeOf(buildReport([inst(['pass']), inst(['fail'])], 'live', 's'))).toBe(1));
  it('2 when DNS gave no usable answer (no verdict), even with failures', () => expect(exitCodeOf(buildReport([inst(['fail']), inst(['pass', 'unknown'])], 'live', 's'))).toBe(2));
  it('an institution with a failure and a check without verdict is failing; without the failure it has no verdict', () => {
    expect(worst([{ status: 'unknown' }, { status: 'fail' }, { status: 'warn' }])).toBe('fail');
    expect(worst([{ status: 'pass' }, { status: 'unknown' }, { status: 'warn' }])).toBe('unknown');
  });
});
