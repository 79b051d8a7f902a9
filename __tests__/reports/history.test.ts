// The history: its text read back exactly as written, every malformed line refused by its line number, the bounds
// per institution and day, retention, and the folder (only changed files written, links never followed).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeReports } from '../../reports/analyze';
import { dayOf, storedText } from '../../reports/analysis/aggregate';
import { InstitutionTarget } from '../../reports/analysis/target';
import { HistoryError, readHistory, writeHistory } from '../../reports/history/history-folder';
import { HistoryStore } from '../../reports/history/history-store';
import { decodeField, encodeField, HISTORY_LIMITS, HistoryFormatError, parseHistoryFile } from '../../reports/history/history-text';
import { parseAggregateReport } from '../../reports/parse/aggregate-report';
import { xmlItem } from '../../reports/read/read-item';
import { DEFAULT_THRESHOLDS } from '../../reports/readiness/thresholds';
import { DAY, platformRow, reportXml, ReportSpec } from './report-xml';

const NOW = Math.floor(Date.now() / 1000 / DAY) * DAY;
const D1 = NOW - 10 * DAY;
const mosa: InstitutionTarget = { code: 'mosa', domain: 'mosamuseum.com', selectors: ['stxsel1', 'stxsel2'], policy: { p: 'none', t: false }, thresholds: DEFAULT_THRESHOLDS };
const spec = (over: Partial<ReportSpec> = {}): ReportSpec => ({ reportId: 'r1', domain: 'mosamuseum.com', p: 'none', begin: D1, rows: [platformRow('mosamuseum.com', '192.0.2.25', 10)], ...over });
const parsed = (s: ReportSpec) => {
  const r = parseAggregateReport(reportXml(s), 'x.xml', { now: NOW });
  if ('problem' in r) throw new Error(r.problem);
  return r.report;
};
const monthOf = (t: number) => new Date(t * 1000).toISOString().slice(0, 7);
const dayText = (t: number) => dayOf({ begin: t, end: t + DAY - 1 });

describe('fields', () => {
  test.each([
    ['google.com', 'google.com'],
    ['Yahoo! Inc.', 'Yahoo!%20Inc.'],
    ['a,b/c;d=e%f', 'a%2Cb%2Fc%3Bd%3De%25f'],
    ['-', '%2D'],
    ['', '%'],
    ['Mail\u001b\n', 'Mail%1B%0A'],
    ['Zürich', 'Z%C3%BCrich'],
    ['~x', '%7Ex'],
  ])('%j ↔ %s', (text, field) => {
    expect(encodeField(text)).toBe(field);
    expect(decodeField(field, 'x')).toBe(text);
  });

  test.each(['a b', '%zz', '%41', '%c3%bc', '%FF', 'a,b', '-'.repeat(2) + '%'])('refused: %j', (field) => {
    expect(() => decodeField(field, 'the receiver')).toThrow(HistoryFormatError);
  });

  test('long values are kept by their digest, so lines stay short', () => {
    expect(storedText('x'.repeat(200))).toBe('x'.repeat(200));
    expect(storedText('x'.repeat(201))).toMatch(/^~[0-9a-f]{32}$/);
  });
});

describe('a history file', () => {
  const store = () => {
    const s = new HistoryStore(NOW);
    s.record(mosa, parsed(spec()));
    s.record(mosa, parsed(spec({ reportId: 'r2', orgName: 'Yahoo! Inc.', testing: 'y', format: 'rfc9990', rows: [platformRow('mosamuseum.com', '192.0.2.25', 5), { ip: '2001:db8::1', count: 3, dkim: [['mcsv.net', 'k/1', 'pass']], spf: [['mail.mcsv.net', 'pass']] }] })));
    return s;
  };

  test('reads back exactly what it wrote', () => {
    const [month, text] = [...store().monthTexts('mosa')][0]!;
    expect(month).toBe(monthOf(D1 + DAY / 2));
    const days = parseHistoryFile(text!, month!);
    const again = new HistoryStore(NOW);
    again.load('mosa', days);
    expect(again.monthTexts('mosa').get(month!)).toBe(text);
    const lines = text!.split('\n').filter((l) => !l.startsWith('#') && l);
    expect(lines).toEqual([
      `${dayText(D1)} report Yahoo!%20Inc. r2 ${D1} ${D1 + DAY - 1} p=none;t=y`,
      `${dayText(D1)} report google.com r1 ${D1} ${D1 + DAY - 1} p=none`,
      `${dayText(D1)} source 192.0.2.25 15 dkim mosamuseum.com/stxsel1/pass bounce.secutix.com/pass google.com,Yahoo!%20Inc.`,
      `${dayText(D1)} source 2001:db8::1 3 none mcsv.net/k%2F1/pass mail.mcsv.net/pass Yahoo!%20Inc.`,
      `${dayText(D1)} receiver Yahoo!%20Inc. 8 5 5 5`,
      `${dayText(D1)} receiver google.com 10 10 10 10`,
    ]);
  });

  const good = () => [...store().monthTexts('mosa')][0]!;

  // The lines of good(): 0 the header, 1-3 the columns, 4 Yahoo's report, 5 Google's, 6-7 the sources, 8-9 the receivers.
  test.each<[string, (lines: string[]) => void, RegExp]>([
    ['a day of another month', (l) => (l[5] = l[5]!.replace(/^\d{4}-\d\d/, '1999-01')), /^line 6: is about 1999-01-\d\d, not a day of \d{4}-\d\d \(the file's month\)$/],
    ['not a day', (l) => (l[5] = `x${l[5]}`), /^line 6: starts with "x\d{4}/],
    ['a day that does not exist', (l) => (l[5] = l[5]!.replace(/^\d{4}-\d\d-\d\d/, '2026-02-30')), /^line 6: starts with "2026-02-30", not a day \(YYYY-MM-DD\)$/],
    ['an unknown kind', (l) => (l[5] = l[5]!.replace(' report ', ' exec ')), /^line 6: has the kind "exec", not report, source or receiver$/],
    ['two spaces', (l) => (l[5] = l[5]!.replace(' ', '  ')), /^line 6: has the kind "", not report, source or receiver$/],
    ['a number with a sign', (l) => (l[6] = l[6]!.replace(' 15 ', ' -15 ')), /^line 7: the messages "-15" is not a whole number/],
    ['a huge number', (l) => (l[6] = l[6]!.replace(' 15 ', ' 1234567890123456 ')), /^line 7: the messages "1234567890123456" is not a whole number of at most 15 digits$/],
    ['a source that is not an IP', (l) => (l[6] = l[6]!.replace('192.0.2.25', 'evil.example')), /^line 7: has the source "evil\.example", not an IP address or "other"$/],
    ['a bad alignment', (l) => (l[6] = l[6]!.replace(' dkim ', ' maybe ')), /^line 7: has the alignment "maybe", not both, dkim, spf or none$/],
    ['a bad policy', (l) => (l[4] = l[4]!.replace('p=none;t=y', 'p=never')), /^line 5: has the policy "never", not none, quarantine or reject$/],
    ['a report whose period is of another day', (l) => (l[5] = l[5]!.replace(` ${D1} `, ` ${D1 - 3 * DAY} `)), /^line 6: is a report of \d{4}-\d\d-\d\d \(the middle of its period\), not of/],
    ['the same report twice', (l) => l.splice(6, 0, l[5]!), /^line 7: repeats the report "r1" of "google\.com"$/],
    ['more passes than messages', (l) => (l[8] = l[8]!.replace(' 8 5 5 5', ' 8 9 5 5')), /^line 9: has more passes than messages$/],
    ['a day that does not add up (a line lost)', (l) => l.splice(8, 1), /^line 5 \(\d{4}-\d\d-\d\d\): its sources add up to 18 messages and its receivers to 10: the day is not whole$/],
    ['sources without a report', (l) => l.splice(4, 2), /^line 5 \(\d{4}-\d\d-\d\d\): the day has sources or receivers but no report$/],
    ['an encoded value written another way', (l) => (l[4] = l[4]!.replace('Yahoo!%20Inc.', 'Yahoo!%20Inc%2E')), /^line 5: the receiver "Yahoo!%20Inc%2E" is not written the way the history writes it$/],
    ['a line too long', (l) => (l[6] = `${l[6]!},${'a'.repeat(HISTORY_LIMITS.lineChars)}`), /^line 7: has \d+ characters, more than the 4096 allowed$/],
    ['a shell command where a receiver goes', (l) => (l[9] = l[9]!.replace('receiver google.com', 'receiver $(reboot)')), /^line 10: the receiver "\$\(reboot\)" is not an encoded value$/],
  ])('refused by line number: %s', (_what, damage, message) => {
    const [month, text] = good();
    const lines = text.split('\n');
    damage(lines);
    const broken = lines.join('\n');
    expect(broken).not.toBe(text);
    expect(() => parseHistoryFile(broken, month)).toThrow(HistoryFormatError);
    expect(() => parseHistoryFile(broken, month)).toThrow(message);
  });
});

describe('bounds per institution and day', () => {
  test('sources beyond the bound are summed into one `other` line per result: counts stay exact', () => {
    const store = new HistoryStore(NOW);
    const rows = Array.from({ length: HISTORY_LIMITS.sourcesPerDay + 50 }, (_, i) => ({ ip: `10.${Math.floor(i / 250)}.${i % 250}.1`, count: 1 }));
    store.record(mosa, parsed(spec({ rows })));
    const text = [...store.monthTexts('mosa').values()][0]!;
    const sources = text.split('\n').filter((l) => /^\d{4}-\d\d-\d\d source /.test(l));
    expect(sources).toHaveLength(HISTORY_LIMITS.sourcesPerDay + 1);
    expect(sources.find((l) => l.includes(' source other '))).toMatch(/ source other 50 none - - google\.com$/);
    const days = parseHistoryFile(text, monthOf(D1 + DAY / 2));
    expect(days[0]!.rows.reduce((n, r) => n + r.count, 0)).toBe(rows.length);
  });

  test('reports beyond the bound of a day are refused as problems, counted nowhere', async () => {
    const store = new HistoryStore(NOW);
    const items = Array.from({ length: HISTORY_LIMITS.reportsPerDay + 2 }, (_, i) => xmlItem(`r${i}.xml`, reportXml(spec({ reportId: `id${i}` }))));
    const a = await analyzeReports(items, [mosa], { now: NOW, history: store });
    expect(a.input).toMatchObject({ reports: HISTORY_LIMITS.reportsPerDay, problemCount: 2 });
    expect(a.input.problems[0]!.message).toMatch(/^the history keeps at most 1000 reports per institution and day, and \d{4}-\d\d-\d\d has them: not counted$/);
  });

  test('retention: days older than the days kept are dropped when read and when written', () => {
    const old = new HistoryStore(NOW + 400 * DAY);
    const store = new HistoryStore(NOW);
    store.record(mosa, parsed(spec()));
    const [month, text] = [...store.monthTexts('mosa')][0]!;
    old.load('mosa', parseHistoryFile(text!, month!));
    expect(old.loadedDays('mosa')).toEqual([]);
    expect(old.monthTexts('mosa').size).toBe(0);
  });
});

describe('the folder', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'history-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (history: string, specs: ReportSpec[]) => {
    const folder = readHistory(history, ['mosa'], NOW);
    const analysis = await analyzeReports(specs.map((s, i) => xmlItem(`r${i}.xml`, reportXml(s))), [mosa], { now: NOW, history: folder.store });
    return { analysis, written: writeHistory(folder) };
  };

  test('a folder that does not exist yet is an empty history; then only files whose text changed are written', async () => {
    const history = join(dir, 'h');
    const first = await run(history, [spec()]);
    expect(first.written).toEqual({ written: [join('mosa', `${monthOf(D1 + DAY / 2)}.txt`)], removed: [] });
    const second = await run(history, [spec()]);
    expect(second.analysis.input).toMatchObject({ reports: 0, inHistory: 1 });
    expect(second.written).toEqual({ written: [], removed: [] });
    const third = await run(history, [spec({ reportId: 'r2', begin: D1 + DAY })]);
    expect(third.analysis.institutions[0]!.summary.messages).toBe(20);
    expect(readdirSync(join(history, 'mosa')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('folders of other codes, and other names, are left alone', async () => {
    const history = join(dir, 'h');
    mkdirSync(join(history, 'retired'), { recursive: true });
    writeFileSync(join(history, 'retired', '2020-01.txt'), 'not read');
    writeFileSync(join(history, 'README'), 'mine');
    await run(history, [spec()]);
    expect(readFileSync(join(history, 'retired', '2020-01.txt'), 'utf8')).toBe('not read');
    expect(readFileSync(join(history, 'README'), 'utf8')).toBe('mine');
  });

  test.each<[string, (history: string) => void, RegExp]>([
    ['an institution folder that is a link', (h) => (mkdirSync(join(dir, 'elsewhere')), symlinkSync(join(dir, 'elsewhere'), join(h, 'mosa'))), /history ".*mosa" is a symbolic link \(not followed\)/],
    ['a month file that is a link', (h) => (mkdirSync(join(h, 'mosa')), writeFileSync(join(dir, 'x'), ''), symlinkSync(join(dir, 'x'), join(h, 'mosa', '2026-01.txt'))), /symbolic link/],
    ['a month file that is not UTF-8', (h) => (mkdirSync(join(h, 'mosa')), writeFileSync(join(h, 'mosa', '2026-01.txt'), Buffer.from([0xff, 0xfe, 0x00]))), /is not UTF-8 text/],
    ['a month file with a bad line', (h) => (mkdirSync(join(h, 'mosa')), writeFileSync(join(h, 'mosa', '2026-01.txt'), '# ok\n2026-01-01 report x\n')), /2026-01\.txt" line 2: has 3 fields separated by single spaces, not 7$/],
    ['a ptr cache with a bad line', (h) => writeFileSync(join(h, 'ptr.txt'), '192.0.2.1 2026-01-01 $(reboot) confirmed\n'), /ptr\.txt" line 1: "\$\(reboot\)" is not a host name as the cache writes it$/],
    ['a history that is a file', (h) => (rmSync(h, { recursive: true }), writeFileSync(h, 'x')), /is not a folder$/],
  ])('refused, nothing written: %s', (_what, plant, message) => {
    const history = join(dir, 'h');
    mkdirSync(history);
    plant(history);
    expect(() => readHistory(history, ['mosa'], NOW)).toThrow(HistoryError);
    expect(() => readHistory(history, ['mosa'], NOW)).toThrow(message);
  });

  test('a file over the size bound is refused', () => {
    const history = join(dir, 'h');
    mkdirSync(join(history, 'mosa'), { recursive: true });
    writeFileSync(join(history, 'mosa', '2026-01.txt'), Buffer.alloc(HISTORY_LIMITS.fileBytes + 1, 0x23));
    expect(() => readHistory(history, ['mosa'], NOW)).toThrow(/more than the 16777216 allowed/);
  });

  test('month files older than the days kept are removed', async () => {
    const history = join(dir, 'h');
    mkdirSync(join(history, 'mosa'), { recursive: true });
    const old = new HistoryStore(NOW - 500 * DAY);
    old.record(mosa, parsed(spec({ begin: NOW - 600 * DAY })));
    const [month, text] = [...old.monthTexts('mosa')][0]!;
    writeFileSync(join(history, 'mosa', `${month}.txt`), text!);
    const { written } = await run(history, [spec()]);
    expect(written.removed).toEqual([join('mosa', `${month}.txt`)]);
    expect(existsSync(join(history, 'mosa', `${month}.txt`))).toBe(false);
  });
});
