// Adding reports up: the platform's mail, duplicates, other domains, the window; totals survive any split.
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { analyzeReports, exitCodeOf } from '../../reports/analyze';
import { InstitutionTarget } from '../../reports/analysis/target';
import { ReadItem } from '../../reports/read/read-item';
import { unpack } from '../../reports/read/unpack';
import { DEFAULT_THRESHOLDS } from '../../reports/readiness/thresholds';
import { DAY, NOV_1, platformRow, reportXml, ReportSpec, RowSpec } from './report-xml';

const NOW = Date.UTC(2026, 10, 28) / 1000;
const mosa: InstitutionTarget = { code: 'mosa', domain: 'mosamuseum.com', selectors: ['stxsel1', 'stxsel2'], policy: { p: 'none', t: false }, thresholds: DEFAULT_THRESHOLDS };
const items = (...specs: ReportSpec[]): ReadItem[] => specs.map((s, i) => ({ kind: 'xml', origin: `r${i}.xml`, xml: reportXml(s) }));
const analyze = (list: Iterable<ReadItem>, since?: number) => analyzeReports(list, [mosa], { now: NOW, since });

describe('per institution', () => {
  test("platform mail is recognised by the profile's selector and d=; others are sources", async () => {
    const a = await analyze(
      items({
        reportId: '1',
        domain: 'mosamuseum.com',
        p: 'none',
        begin: NOV_1,
        rows: [
          platformRow('mosamuseum.com', '192.0.2.25', 100),
          platformRow('mosamuseum.com', '192.0.2.26', 7, false, 'stxsel2'),
          // d= another domain with our selector name: not the platform's.
          { ip: '198.51.100.1', count: 5, dkim: [['other.example', 'stxsel1', 'pass']] },
          // the platform's selector, but DMARC's DKIM check failed (not aligned with the From domain): fails.
          { ip: '192.0.2.27', count: 2, dkimAligned: 'fail', dkim: [['mosamuseum.com', 'stxsel1', 'pass']] },
        ],
      }),
    );
    const s = a.institutions[0]!.summary;
    expect(s.platform).toMatchObject({ messages: 109, alignedDkimPass: 100 });
    expect(s.platform.failingSources.map((x) => [x.ip, x.messages])).toEqual([
      ['192.0.2.26', 7],
      ['192.0.2.27', 2],
    ]);
    expect(s.failingSources.map((x) => [x.ip, x.dkim])).toEqual([['198.51.100.1', [{ domain: 'other.example', selector: 'stxsel1', result: 'pass', aligned: false, messages: 5 }]]]);
    expect(exitCodeOf(a)).toBe(1);
  });

  test('duplicates (same reporter and report id) count once; other domains are listed apart', async () => {
    const report: ReportSpec = { reportId: 'dup', domain: 'mosamuseum.com', p: 'none', begin: NOV_1, rows: [platformRow('mosamuseum.com', '192.0.2.25', 10)] };
    const a = await analyze([...items(report, report, { ...report, orgName: 'Yahoo' }), ...items({ ...report, domain: 'elsewhere.example', reportId: 'o' })]);
    expect(a.input).toMatchObject({ reports: 3, duplicates: 1, outsideConfig: 1 });
    expect(a.institutions[0]!.summary.messages).toBe(20);
    expect(a.outside).toEqual([{ domain: 'elsewhere.example', reports: 1, messages: 10, reporters: ['google.com'] }]);
    expect(exitCodeOf(a)).toBe(0);
  });

  test('days, days at the configured policy, the latest published policy, and the window', async () => {
    const day = (n: number, p: string) => ({ reportId: `d${n}`, domain: 'mosamuseum.com', p, begin: NOV_1 + n * DAY, rows: [platformRow('mosamuseum.com', '192.0.2.25', 1)] });
    const a = await analyze(items(day(0, 'reject'), day(1, 'none'), day(2, 'none')));
    expect(a.institutions[0]!.summary).toMatchObject({ days: 3, daysAtPolicy: 2, published: { p: 'none', lastSeen: '2026-11-03' } });
    expect(a.institutions[0]!.summary.daily.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    const windowed = await analyze(items(day(0, 'none'), day(1, 'none'), day(2, 'none')), NOV_1 + 2 * DAY);
    expect(windowed.input).toMatchObject({ reports: 1, beforeWindow: 2 });
  });

  test('one bad report is one problem; the good ones still count; nothing readable at all is exit 2', async () => {
    const good = items({ reportId: 'g', domain: 'mosamuseum.com', begin: NOV_1, rows: [platformRow('mosamuseum.com', '192.0.2.25', 4)] });
    const bad: ReadItem = { kind: 'xml', origin: 'bad.xml', xml: '<feedback><oops>' };
    const a = await analyze([bad, ...good, { kind: 'skipped', origin: 'x.pdf', reason: 'not XML' }]);
    expect(a.input).toMatchObject({ reports: 1, skipped: 1, problemCount: 1 });
    expect(a.input.problems[0]!.origin).toBe('bad.xml');
    expect(a.institutions[0]!.summary.messages).toBe(4);
    expect(exitCodeOf(a)).toBe(0);
    expect(exitCodeOf(await analyze([bad]))).toBe(2);
  });
});

test('sources beyond the limit (shared by all institutions) are summed as "other sources"', async () => {
  const { REPORT_LIMITS } = await import('../../reports/limits');
  const rows = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'].map((ip) => ({ ip, count: 1 }));
  const a = await analyzeReports(items({ reportId: 's', domain: 'mosamuseum.com', begin: NOV_1, rows }), [mosa], { now: NOW, limits: { ...REPORT_LIMITS, sources: 2 } });
  const s = a.institutions[0]!.summary;
  expect(s.failingSources.map((x) => [x.ip, x.messages])).toEqual([
    ['other sources', 2],
    ['192.0.2.1', 1],
    ['192.0.2.2', 1],
  ]);
  expect(s.messages).toBe(4);
});

describe('property: totals are preserved however the records are split into reports and files', () => {
  const row = fc.record({
    ip: fc.constantFrom('192.0.2.25', '192.0.2.26', '198.51.100.7', '2001:db8::1'),
    count: fc.integer({ min: 0, max: 10_000 }),
    platform: fc.boolean(),
    dkimPass: fc.boolean(),
    spfPass: fc.boolean(),
  });
  const toRow = (r: { ip: string; count: number; platform: boolean; dkimPass: boolean; spfPass: boolean }): RowSpec =>
    r.platform
      ? { ...platformRow('mosamuseum.com', r.ip, r.count, r.dkimPass), spfAligned: r.spfPass ? 'pass' : 'fail' }
      : { ip: r.ip, count: r.count, dkimAligned: r.dkimPass ? 'pass' : 'fail', spfAligned: r.spfPass ? 'pass' : 'fail', dkim: [['other.example', 's', 'pass']] };

  test('messages, DMARC passes and platform counts equal the sums of the rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 8 }),
        fc.array(fc.constantFrom('xml', 'gzip', 'zip', 'zip-together'), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom<'rfc7489' | 'rfc9990'>('rfc7489', 'rfc9990'), { minLength: 1, maxLength: 8 }),
        async (rows, cuts, packings, formats) => {
          const bounds = [...new Set([0, ...cuts.filter((c) => c < rows.length), rows.length])].sort((a, b) => a - b);
          const reports = bounds.slice(1).map((end, i) =>
            reportXml({ format: formats[i % formats.length], reportId: `p${i}`, domain: 'mosamuseum.com', p: 'none', begin: NOV_1 + (i % 20) * DAY, rows: rows.slice(bounds[i], end).map(toRow) }),
          );
          const inputs: ReadItem[] = [];
          const together: Record<string, Uint8Array> = {};
          reports.forEach((xml, i) => {
            const packing = packings[i % packings.length];
            if (packing === 'zip-together') together[`r${i}.xml`] = strToU8(xml);
            else inputs.push(...unpack(packing === 'gzip' ? gzipSync(xml) : packing === 'zip' ? zipSync({ [`r${i}.xml`]: strToU8(xml) }) : Buffer.from(xml), `f${i}`));
          });
          if (Object.keys(together).length) inputs.push(...unpack(zipSync(together), 'together.zip'));

          const s = (await analyze(inputs)).institutions[0]!.summary;
          const sum = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((n, r) => n + r.count, 0);
          expect(s.reports).toBe(reports.length);
          expect(s.messages).toBe(sum(() => true));
          expect(s.dmarcPass).toBe(sum((r) => r.dkimPass || r.spfPass));
          expect(s.platform.messages).toBe(sum((r) => r.platform));
          expect(s.platform.alignedDkimPass).toBe(sum((r) => r.platform && r.dkimPass));
          expect(s.daily.reduce((n, d) => n + d.messages, 0)).toBe(s.messages);
        },
      ),
      { numRuns: 60 },
    );
  });
});
