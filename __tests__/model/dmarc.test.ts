import fc from 'fast-check';
import { buildDmarc, DmarcOptions, isDmarcRecord, needsReportAuthorization, parseDmarcRecord } from '../../model/dmarc';
import { Problems } from '../../model/problems';
import { problemLines } from './problem-lines';

function build(options: DmarcOptions) {
  const problems = new Problems();
  const record = buildDmarc(options, problems.at('dmarc'));
  return { record, errors: problemLines(problems, 'error'), warnings: problemLines(problems, 'warning') };
}

describe('DMARC record', () => {
  test('default is monitoring only', () => {
    expect(build({})).toEqual({ record: 'v=DMARC1; p=none', errors: [], warnings: [] });
  });

  test('rua is added when given', () => {
    expect(build({ rua: ['mailto:dmarc@mosamuseum.com'] }).record).toBe('v=DMARC1; p=none; rua=mailto:dmarc@mosamuseum.com');
  });

  test('every tag, in the canonical order whatever the input order', () => {
    const { record, errors } = build({
      ruf: ['mailto:forensic@mosamuseum.com'],
      rua: ['mailto:a@mosamuseum.com', 'mailto:b@mosamuseum.com!10m'],
      fo: '1:d',
      aspf: 's',
      adkim: 's',
      t: true,
      psd: 'n',
      nonexistentSubdomainPolicy: 'reject',
      subdomainPolicy: 'quarantine',
      policy: 'reject',
    });
    expect(errors).toEqual([]);
    expect(record).toBe(
      'v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=y; adkim=s; aspf=s; fo=1:d; rua=mailto:a@mosamuseum.com,mailto:b@mosamuseum.com!10m; ruf=mailto:forensic@mosamuseum.com',
    );
  });

  test('t: false writes nothing', () => {
    expect(build({ t: false }).record).toBe('v=DMARC1; p=none');
  });

  test.each<[string, DmarcOptions, string]>([
    ['policy', { policy: 'rejct' as never }, 'dmarc.policy: expected none|quarantine|reject, got "rejct"'],
    ['subdomainPolicy', { subdomainPolicy: 'block' as never }, 'dmarc.subdomainPolicy: expected none|quarantine|reject, got "block"'],
    ['nonexistentSubdomainPolicy', { nonexistentSubdomainPolicy: 'x' as never }, 'dmarc.nonexistentSubdomainPolicy: expected none|quarantine|reject, got "x"'],
    ['adkim', { adkim: 'strict' as never }, 'dmarc.adkim: expected r|s (relaxed or strict), got "strict"'],
    ['aspf', { aspf: 'x' as never }, 'dmarc.aspf: expected r|s (relaxed or strict), got "x"'],
    ['policy of another type', { policy: 5 as never }, 'dmarc.policy: expected none|quarantine|reject, got 5'],
    ['fo with 0 and 1 (RFC 9989 §4.8: they exclude each other)', { fo: '0:1' }, 'dmarc.fo: "0" and "1" exclude each other (RFC 9989 §4.8), got "0:1"'],
    ['fo unknown option', { fo: '2' }, 'dmarc.fo: expected a colon-separated list of 0, 1, d, s (e.g. "1" or "d:s"), got "2"'],
    ['fo comma list', { fo: '1,d' }, 'dmarc.fo: expected a colon-separated list of 0, 1, d, s (e.g. "1" or "d:s"), got "1,d"'],
    ['fo repeated', { fo: 'd:d' }, 'dmarc.fo: lists an option twice: "d:d"'],
    ['t not boolean', { t: 'y' as never }, 'dmarc.t: expected true or false, got "y"'],
    ['psd', { psd: 'yes' as never }, 'dmarc.psd: expected y|n|u, got "yes"'],
    ['pct above 100', { pct: 101 }, 'dmarc.pct: must be an integer between 0 and 100 inclusive, got 101'],
    ['pct fraction', { pct: 50.5 }, 'dmarc.pct: must be an integer between 0 and 100 inclusive, got 50.5'],
    ['ri negative', { ri: -1 }, 'dmarc.ri: must be a whole number of seconds, got -1'],
    ['rf bad', { rf: 'a f' }, 'dmarc.rf: expected a colon list of report formats such as "afrf", got "a f"'],
    ['rua bare address', { rua: ['dmarc@mosamuseum.com'] }, 'dmarc.rua[0]: report addresses are URIs: write "mailto:dmarc@mosamuseum.com", got "dmarc@mosamuseum.com"'],
    // A live record with these only warns (receivers still apply it); the config never writes them.
    ['rua https', { rua: ['https://example.org/dmarc'] }, 'dmarc.rua[0]: expected a mailto: URI such as "mailto:dmarc@example.org", got "https://example.org/dmarc": receivers send reports to mailto: URIs only'],
    ['ruf ftp', { ruf: ['ftp://abuse.com'] }, 'dmarc.ruf[0]: expected a mailto: URI such as "mailto:dmarc@example.org", got "ftp://abuse.com": receivers send reports to mailto: URIs only'],
    ['pct 150', { pct: 150 }, 'dmarc.pct: must be an integer between 0 and 100 inclusive, got 150'],
    ['ri text', { ri: 'bob' as never }, 'dmarc.ri: must be a whole number of seconds, got "bob"'],
    ['rf zeros', { rf: '000000000000000000000000000000000' }, 'dmarc.rf: expected a colon list of report formats such as "afrf", got "000000000000000000000000000000000"'],
    ['rua bad size', { rua: ['mailto:d@mosamuseum.com!10x'] }, 'dmarc.rua[0]: expected "mailto:local@domain" (commas, semicolons and "!" must be percent-encoded), got "mailto:d@mosamuseum.com!10x"'],
    ['rua unencoded comma', { rua: ['mailto:a,b@mosamuseum.com'] }, 'dmarc.rua[0]: expected "mailto:local@domain" (commas, semicolons and "!" must be percent-encoded), got "mailto:a,b@mosamuseum.com"'],
    ['ruf bad local part', { ruf: ['mailto:a..b@mosamuseum.com'] }, 'dmarc.ruf[0]: "a..b" is not a valid mailbox name in "mailto:a..b@mosamuseum.com"'],
    ['rua twice', { rua: ['mailto:d@mosamuseum.com', 'mailto:D@mosamuseum.com'] }, 'dmarc.rua[1]: "mailto:D@mosamuseum.com" is listed twice (rua[0] and rua[1])'],
    ['ruf bad domain', { ruf: ['mailto:a@mosamuseum'] }, 'dmarc.ruf[0]: "mosamuseum" is not a valid mail domain in "mailto:a@mosamuseum"'],
  ])('rejects bad %s', (_field, options, error) => {
    const { record, errors } = build(options);
    expect(record).toBeUndefined();
    expect(errors).toEqual([error]);
  });

  test.each<[string, DmarcOptions]>([
    ['policy quarantine', { policy: 'quarantine' }],
    ['fo 1:d:s', { fo: '1:d:s' }],
    ['rua with size', { rua: ['mailto:dmarc+reports@mosamuseum.com!50k'] }],
    ['psd u', { psd: 'u' }],
    ['pct 0', { pct: 0 }],
  ])('accepts %s', (_what, options) => {
    expect(build(options).errors).toEqual([]);
  });

  test.each<[keyof DmarcOptions, DmarcOptions, string]>([
    ['pct', { pct: 50 }, 'pct=50'],
    ['ri', { ri: 86400 }, 'ri=86400'],
    ['rf', { rf: 'afrf' }, 'rf=afrf'],
  ])('%s is accepted with a warning: removed by RFC 9989, pointing at test mode (t)', (field, options, tag) => {
    const { record, warnings } = build(options);
    expect(record).toContain(tag);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^dmarc\\.${field}: removed by RFC 9989: receivers that follow it ignore it .*test mode.*t=y`))]);
  });

  test('fo without ruf warns: receivers ignore it (RFC 9989 §4.7)', () => {
    expect(build({ fo: '1' }).warnings).toEqual(['dmarc.fo: has no effect without "ruf" (RFC 9989 §4.7)']);
    expect(build({ fo: '1', ruf: ['mailto:f@mosamuseum.com'] }).warnings).toEqual([]);
  });

  test('a !size suffix is written but warns: obsolete in RFC 9989', () => {
    const { record, warnings } = build({ rua: ['mailto:d@mosamuseum.com!10m'] });
    expect(record).toBe('v=DMARC1; p=none; rua=mailto:d@mosamuseum.com!10m');
    expect(warnings).toEqual(['dmarc.rua[0]: the size limit "!10m" is obsolete (RFC 9989 §4.8): receivers ignore it']);
  });

  test('keywords are case-insensitive, as for receivers, and written in lower case', () => {
    expect(build({ policy: 'REJECT' as never, adkim: 'S' as never }).record).toBe('v=DMARC1; p=reject; adkim=s');
  });

  test('p is always written, even when not configured (RFC 7489 receivers require it)', () => {
    expect(build({ rua: ['mailto:d@mosamuseum.com'] }).record).toMatch(/^v=DMARC1; p=none; /);
  });

  test('says nothing of report authorisation: that depends on the other records (report-authorization.test.ts)', () => {
    expect(build({ rua: ['mailto:reports@dmarc-vendor.example'] }).warnings).toEqual([]);
  });

  test('the Public Suffix List tells organisations apart under a public suffix', () => {
    expect(needsReportAuthorization('a.co.uk', 'b.co.uk')).toBe(true);
    expect(needsReportAuthorization('news.mosamuseum.com', 'mosamuseum.com')).toBe(false);
  });
});

describe('parseDmarcRecord', () => {
  test('reads tags', () => {
    expect(parseDmarcRecord('v=DMARC1; p=reject; rua=mailto:a@example.org').tags).toEqual({ v: 'DMARC1', p: 'reject', rua: 'mailto:a@example.org' });
  });

  test.each([
    ['p=none; v=DMARC1', 'record does not start with "v=DMARC1"'],
    ['v=DMARC1; p=none; p=reject', 'tag "p" appears twice'],
    ['v=DMARC1; none', '"none" is not a tag=value pair'],
    ['', 'record is empty'],
  ])('reports %j', (record, error) => {
    expect(parseDmarcRecord(record).errors).toContain(error);
  });
});

describe('isDmarcRecord (RFC 7489 §6.4)', () => {
  test.each([
    ['v=DMARC1; p=none', true],
    ['v=DMARC1', true],
    ['v = DMARC1 ;p=reject', true],
    ['v=dmarc1; p=none', false],
    ['p=none; v=DMARC1', false],
    ['v=DMARC10; p=none', false],
  ])('%j → %s', (text, expected) => expect(isDmarcRecord(text)).toBe(expected));
});

describe('the rua and ruf lists as written (a loop since issue 20, formerly map and join)', () => {
  const address = fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('', ' ', '\t'), fc.constantFrom('', '!10m'))
    .map(([local, host, before, after, size]) => `${before}mailto:${local}@${host}.example${size}${after}`);
  const distinct = (uris: string[]) => new Set(uris.map((u) => u.trim().toLowerCase())).size === uris.length;

  test('every list of distinct addresses is written as the trimmed addresses joined by commas', () => {
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 6 }).filter(distinct), fc.array(address, { maxLength: 3 }).filter(distinct), (rua, ruf) => {
        const record = buildDmarc({ rua, ruf }, new Problems());
        const tag = (name: string, uris: string[]) => (uris.length > 0 ? `; ${name}=${uris.map((u) => u.trim()).join(',')}` : '');
        expect(record).toBe(`v=DMARC1; p=none${tag('rua', rua)}${tag('ruf', ruf)}`);
      }),
      { numRuns: 300 },
    );
  });
});
