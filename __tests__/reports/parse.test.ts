// The one parser: both formats and the shapes big receivers send, and every refusal with the field and the rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAggregateReport, ParseResult } from '../../reports/parse/aggregate-report';
import { AggregateReport } from '../../reports/report';
import { REPORT_LIMITS } from '../../reports/limits';
import { NOV_1, reportXml } from './report-xml';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const NOW = Date.UTC(2026, 10, 28) / 1000;
const parse = (xml: string) => parseAggregateReport(xml, 'test.xml', { now: NOW });
const report = (result: ParseResult): AggregateReport => {
  if ('problem' in result) throw new Error(result.problem);
  return result.report;
};
const problemOf = (result: ParseResult): string => {
  if ('report' in result) throw new Error('expected a refusal, the report was read');
  return result.problem;
};

describe('fixtures in both formats', () => {
  test('Google (RFC 7489, no namespace): several rows, forwarded mail, a d= that is not aligned, sp/np published', () => {
    const r = report(parse(fixture('google-rfc7489.xml')));
    expect(r).toMatchObject({ format: 'rfc7489', orgName: 'google.com', reportId: '4919317337251458125', begin: 1793491200, end: 1793577599 });
    expect(r.policy).toEqual({ domain: 'mosamuseum.com', p: 'none', sp: 'none', np: 'none', pct: 100 });
    expect(r.records.map((x) => [x.sourceIp, x.count, x.dkimAligned, x.spfAligned])).toEqual([
      ['192.0.2.25', 120, 'pass', 'fail'],
      ['2001:db8::25', 3, 'pass', 'fail'],
      ['198.51.100.7', 40, 'fail', 'fail'],
      ['209.85.220.41', 37, 'pass', 'pass'],
    ]);
    // Forwarded: SPF fails for the forwarder, the platform's DKIM signature survives.
    expect(r.records[1]!.spf).toEqual([{ domain: 'lists.example.net', result: 'fail' }]);
    expect(r.records[1]!.dkim).toEqual([{ domain: 'mosamuseum.com', selector: 'stxsel2', result: 'pass' }]);
    // Not aligned: DKIM passes for mcsv.net, DMARC's DKIM check fails.
    expect(r.records[2]!.dkim).toEqual([{ domain: 'mcsv.net', selector: 'k1', result: 'pass' }]);
  });

  test('Outlook.com (RFC 7489 with xsi namespaces and version): two DKIM results in one row, envelope fields', () => {
    const r = report(parse(fixture('outlook-rfc7489.xml')));
    expect(r.format).toBe('rfc7489');
    expect(r.records[0]!.dkim).toEqual([
      { domain: 'secutix.com', selector: 'platform', result: 'pass' },
      { domain: 'mosamuseum.com', selector: 'stxsel2', result: 'pass' },
    ]);
    expect(r.records[1]).toMatchObject({ sourceIp: '203.0.113.9', dkim: [], spf: [{ domain: 'mosamuseum.com', result: 'softfail' }] });
  });

  test('Yahoo (RFC 9990 default namespace): testing, np, discovery_method and generator', () => {
    const r = report(parse(fixture('yahoo-rfc9990.xml')));
    expect(r.format).toBe('rfc9990');
    expect(r.policy).toEqual({ domain: 'kunsthaus-beispiel.ch', p: 'quarantine', sp: 'none', np: 'reject', testing: true });
    expect(r.records).toHaveLength(2);
  });

  test('RFC 9990 with a namespace prefix; entities in text decoded', () => {
    const r = report(parse(fixture('prefixed-rfc9990.xml')));
    expect(r.format).toBe('rfc9990');
    expect(r.orgName).toBe('Mail.example & Co');
    expect(r.policy).toEqual({ domain: 'filmfest-beispiel.ch', p: 'quarantine', testing: false });
  });

  test('a missing p reads as none (RFC 9989); case and trailing dots are normalised', () => {
    const r = report(parse(reportXml({ reportId: 'x', domain: 'Example.ORG.', begin: NOV_1, rows: [{ ip: '192.0.2.1', count: 1, dkimAligned: 'pass', dkim: [['Example.org', 'STXSEL1', 'PASS']] }] })));
    expect(r.policy.p).toBe('none');
    expect(r.policy.domain).toBe('example.org');
    expect(r.records[0]!.dkim).toEqual([{ domain: 'example.org', selector: 'stxsel1', result: 'pass' }]);
  });

  test('Latin-1 text decodes as declared (windows-1252 reports exist)', () => {
    const xml = reportXml({ orgName: 'Zürich Mail', reportId: 'l1', domain: 'example.org', begin: NOV_1, rows: [] }).replace('encoding="UTF-8"', 'encoding="windows-1252"');
    const { unpack } = require('../../reports/read/unpack') as typeof import('../../reports/read/unpack');
    const [item] = unpack(Buffer.from(xml, 'latin1'), 'latin1.xml');
    expect(item!.kind).toBe('xml');
    expect(report(parse((item as { xml: string }).xml)).orgName).toBe('Zürich Mail');
  });
});

const good = (over: Partial<Parameters<typeof reportXml>[0]> = {}) => reportXml({ reportId: 'id-1', domain: 'example.org', p: 'none', begin: NOV_1, rows: [{ ip: '192.0.2.1', count: 5 }], ...over });

describe('hostile and broken reports are refused with the field and the rule', () => {
  test.each([
    ['truncated', good().slice(0, 300), /not well-formed XML/],
    ['malformed: wrong closing tag', good().replace('</org_name>', '</org_nam>'), /not well-formed XML.*line/],
    ['not XML at all', 'hello', /not well-formed XML/],
    ['wrong root element', '<?xml version="1.0"?><html><body>hi</body></html>', /root element is <html>, not <feedback>/],
    ['two roots', `${good()}<feedback/>`, /feedback: appears 2 times, expected once/],
    ['DOCTYPE with an internal entity (billion laughs)', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><feedback>&lol2;</feedback>`, /has a DOCTYPE declaration: refused/],
    ['external entity', `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><feedback><report_metadata><org_name>&xxe;</org_name></report_metadata></feedback>`, /DOCTYPE/],
    ['end before begin', good({ begin: NOV_1, end: NOV_1 - 10 }), /date_range: ends \(2026-10-31T23:59:50Z\) before it begins/],
    ['period in the future', good({ begin: NOV_1 + 60 * 86400 }), /date_range.end: .* is in the future/],
    ['period before DMARC existed', good({ begin: 1000, end: 2000 }), /before DMARC existed/],
    ['a year-long period', good({ begin: NOV_1 - 365 * 86400, end: NOV_1 }), /covers 365 days; at most 31/],
    ['negative count', good({ rows: [{ ip: '192.0.2.1', count: -5 }] }), /record\[0\]\.row\.count: expected a whole number/],
    ['absurd count', good({ rows: [{ ip: '192.0.2.1', count: 99_999_999_999 }] }), /record\[0\]\.row\.count/],
    ['fractional count', good().replace('<count>5</count>', '<count>1.5</count>'), /row\.count/],
    ['source that is not an IP', good({ rows: [{ ip: '999.1.1.1', count: 1 }] }), /source_ip: "999.1.1.1" is not an IP address/],
    ['unknown DMARC result', good().replace('<dkim>fail</dkim>', '<dkim>maybe</dkim>'), /policy_evaluated.dkim: expected pass or fail, got "maybe"/],
    ['unknown policy', good({ p: 'rejct' }), /policy_published.p: expected none, quarantine, reject, got "rejct"/],
    ['policy domain that is not a domain', good({ domain: 'not a domain' }), /policy_published.domain: "not a domain" is not a domain name/],
    ['missing report_id', good().replace(/<report_id>.*<\/report_id>/, ''), /report_metadata.report_id: missing/],
    ['missing date_range', good().replace(/<date_range>.*<\/date_range>/, ''), /report_metadata.date_range: missing/],
    ['report_metadata twice', good().replace('<policy_published>', '<report_metadata><org_name>x</org_name></report_metadata><policy_published>'), /report_metadata: appears 2 times/],
    ['huge org_name', good({ orgName: 'x'.repeat(1_000_000) }), /org_name: 1,000,000 characters long, over the limit of 1,000/],
    ['huge attribute value', good().replace('<feedback>', `<feedback a="${'y'.repeat(2_000_000)}">`).replace('<org_name>', '<org_name>'), null],
    ['deep nesting', good().replace('<org_name>google.com</org_name>', `<org_name>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</org_name>`), /nests elements more than 16 deep \(the limit; a report needs 5\)/],
    ['__proto__ element', good().replace('<email>', '<__proto__><polluted>1</polluted></__proto__><email>'), /cannot be parsed|__proto__/],
  ])('%s', (_name, xml, expected) => {
    const result = parse(xml);
    if (expected === null) {
      // A huge attribute is ignored (attributes carry no data) but costs nothing beyond the size limit.
      expect(report(result).orgName).toBe('google.com');
      return;
    }
    expect(problemOf(result)).toMatch(expected);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('control characters in org_name are kept as data (the renderers escape them)', () => {
    const r = report(parse(good({ orgName: 'evil\u001b[31m\n::error::x' }).replace('&lt;', '<')));
    expect(r.orgName).toBe('evil\u001b[31m\n::error::x');
  });

  test('more rows or DKIM results than the limits', () => {
    const limits = { ...REPORT_LIMITS, records: 2, dkimPerRow: 1 };
    const rows = [1, 2, 3].map((i) => ({ ip: `192.0.2.${i}`, count: 1 }));
    expect(problemOf(parseAggregateReport(good({ rows }), 'a', { now: NOW, limits }))).toMatch(/has 3 record rows, over the limit of 2 per report/);
    const twoSigs = good({ rows: [{ ip: '192.0.2.1', count: 1, dkim: [['a.example', 's1', 'pass'], ['b.example', 's2', 'pass']] }] });
    expect(problemOf(parseAggregateReport(twoSigs, 'a', { now: NOW, limits }))).toMatch(/2 DKIM results, over the limit of 1 per row/);
  });
});
