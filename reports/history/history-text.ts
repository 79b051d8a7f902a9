/**
 * The text of the history: one file per institution and month, one line per report, per source and result, and per
 * receiver of each day, sorted, so that a week's run shows in `git diff` as the lines of the days it added. Pure.
 *
 *   2026-11-02 report google.com 12345 1762041600 1762127999 p=none
 *   2026-11-02 source 198.51.100.77 280 none mcsv.net/k1/pass mail77.mcsv.net/pass google.com
 *   2026-11-02 receiver google.com 1480 1200 1200 1200
 *
 * Values from reports are percent-encoded (UTF-8) outside `A-Z a-z 0-9 . _ : @ ! + -`, so that no value holds a
 * space, a comma, a slash or a control character, and the file stays ASCII. The reader is strict: any line that is not
 * exactly what the writer writes is refused with its line number, and the run stops without writing anything.
 */
import { isIP } from 'node:net';
import { DMARC_POLICIES, DmarcPolicy } from '../../model/dmarc';
import { CountedReport, DayData, DayRow, dayOf, OTHER_SOURCES, ReceiverStats } from '../analysis/aggregate';
import { DkimResult, DmarcResult, PublishedPolicy, SpfResult } from '../report';

/** The bounds of the history, per institution and day, and per file. */
export const HISTORY_LIMITS = Object.freeze({
  /** Reports kept per institution and day: real institutions get a few dozen. */
  reportsPerDay: 1_000,
  /** Source lines per institution and day; further rows are summed into one `other` line per result. */
  sourcesPerDay: 2_000,
  /** Receiver lines per institution and day (the aggregator's own bound, and one line for the rest). */
  receiversPerDay: 65,
  /** DKIM signatures and SPF results kept per source line. */
  resultsPerLine: 8,
  /** Receivers named per source line. */
  reportersPerLine: 8,
  /** Characters of one line. */
  lineChars: 4_096,
  /** Bytes of one file. */
  fileBytes: 16 * 1024 * 1024,
  /** Month files per institution folder (20 years; retention keeps far fewer). */
  filesPerInstitution: 240,
});

/** The first line of every history file; the second names the columns. */
export const HISTORY_HEADER = '# email-auth-dns DMARC history, version 1 (docs/dmarc-rollout.md#the-history): one line per report, per source and result, and per receiver of each day';
const COLUMNS = [
  '# <day> report <receiver> <report id> <begin> <end> <policy seen>',
  '# <day> source <ip> <messages> <aligned: both|dkim|spf|none> <dkim d/s/result,...|-> <spf domain/result,...|-> <receivers,...>',
  '# <day> receiver <receiver> <messages> <DMARC pass> <platform messages> <platform aligned DKIM pass>',
];

/** `other`: the source field of the line that sums rows beyond {@link HISTORY_LIMITS.sourcesPerDay}. */
export const OTHER_FIELD = 'other';

export class HistoryFormatError extends Error {}

const SAFE = /^[A-Za-z0-9._:@!+-]$/;

/** A value as a field: percent-encoded outside the safe characters; `-` alone (the empty list) and `` as `%2D` / `%`. */
export function encodeField(text: string): string {
  if (text === '-') return '%2D';
  if (text === '') return '%';
  let out = '';
  for (const char of text) out += SAFE.test(char) ? char : [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  return out;
}

/** The value of a field, refused unless {@link encodeField} writes it exactly so. */
export function decodeField(field: string, what: string): string {
  if (field === '%') return '';
  if (!/^(?:[A-Za-z0-9._:@!+-]|%[0-9A-F]{2})+$/.test(field)) throw new HistoryFormatError(`${what} ${JSON.stringify(field.slice(0, 60))} is not an encoded value`);
  const bytes: number[] = [];
  for (let i = 0; i < field.length; i++) {
    if (field[i] === '%') {
      bytes.push(parseInt(field.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(field.charCodeAt(i));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw new HistoryFormatError(`${what} is not UTF-8 once decoded`);
  }
  if (encodeField(text) !== field) throw new HistoryFormatError(`${what} ${JSON.stringify(field.slice(0, 60))} is not written the way the history writes it`);
  return text;
}

/** The lines of one day, sorted: reports, then sources, then receivers. */
export function dayLines(data: StoredDay): string[] {
  const d = data.day;
  const reports = data.reports.map((r) => `${d} report ${encodeField(r.reporter)} ${encodeField(r.id)} ${r.begin} ${r.end} ${policyText(r.policy)}`);
  const sources = data.rows.map(
    (row) =>
      `${d} source ${row.ip === OTHER_SOURCES ? OTHER_FIELD : row.ip} ${row.count} ${alignedText(row)} ${listText(row.dkim.map((s) => `${encodeField(s.domain)}/${encodeField(s.selector ?? '')}/${encodeField(s.result)}`))} ` +
      `${listText(row.spf.map((s) => `${encodeField(s.domain)}/${encodeField(s.result)}`))} ${row.reporters.map(encodeField).join(',')}`,
  );
  const receivers = [...data.receivers].map(([name, r]) => `${d} receiver ${encodeField(name)} ${r.messages} ${r.dmarcPass} ${r.platformMessages} ${r.platformPass}`);
  return [...reports.sort(), ...sources.sort(), ...receivers.sort()];
}

/** A whole file: the header, the column names, then each day's lines. */
export function fileText(days: readonly StoredDay[]): string {
  return [HISTORY_HEADER, ...COLUMNS, ...[...days].sort((a, b) => a.day.localeCompare(b.day)).flatMap(dayLines)].join('\n') + '\n';
}

/** A report as the history keeps it: {@link CountedReport} and its id. */
export interface StoredReport extends CountedReport {
  readonly id: string;
}

export interface StoredDay extends DayData {
  readonly reports: readonly StoredReport[];
}

/**
 * The days of one file (`month` is `YYYY-MM`, from its name). Refuses, with the line number, a line of another
 * month, a line that is not written the way {@link dayLines} writes it, a source or receiver of a day without a
 * report, a day over the bounds, the same report or source twice, and a day whose sources and receivers do not add
 * up to the same messages.
 */
export function parseHistoryFile(text: string, month: string): StoredDay[] {
  const days = new Map<string, { reports: StoredReport[]; rows: DayRow[]; receivers: Map<string, Omit<ReceiverStats, 'reports'>>; keys: Set<string>; line: number }>();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    try {
      if (line.length > HISTORY_LIMITS.lineChars) throw new HistoryFormatError(`has ${line.length} characters, more than the ${HISTORY_LIMITS.lineChars} allowed`);
      if (line.startsWith('#')) return;
      const fields = line.split(' ');
      const [day, kind] = fields;
      if (day === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
        throw new HistoryFormatError(`starts with ${JSON.stringify((day ?? '').slice(0, 20))}, not a day (YYYY-MM-DD)`);
      }
      if (!day.startsWith(`${month}-`)) throw new HistoryFormatError(`is about ${day}, not a day of ${month} (the file's month)`);
      let entry = days.get(day);
      if (!entry) days.set(day, (entry = { reports: [], rows: [], receivers: new Map(), keys: new Set(), line: i + 1 }));
      const once = (key: string, what: string) => {
        if (entry!.keys.has(key)) throw new HistoryFormatError(`repeats ${what}`);
        entry!.keys.add(key);
      };
      switch (kind) {
        case 'report': {
          expectFields(fields, 7);
          const report: StoredReport = {
            reporter: decodeField(fields[2]!, 'the receiver'),
            id: decodeField(fields[3]!, 'the report id'),
            begin: number(fields[4]!, 'begin'),
            end: number(fields[5]!, 'end'),
            policy: parsePolicy(fields[6]!),
          };
          if (report.end < report.begin) throw new HistoryFormatError('ends before it begins');
          if (dayOf(report) !== day) throw new HistoryFormatError(`is a report of ${dayOf(report)} (the middle of its period), not of ${day}`);
          once(`report ${report.reporter.toLowerCase()} ${report.id}`, `the report ${JSON.stringify(report.id.slice(0, 60))} of ${JSON.stringify(report.reporter.slice(0, 60))}`);
          if (entry.reports.length >= HISTORY_LIMITS.reportsPerDay) throw new HistoryFormatError(`is one report more than the ${HISTORY_LIMITS.reportsPerDay} kept per day`);
          entry.reports.push(report);
          return;
        }
        case 'source': {
          expectFields(fields, 8);
          const ip = fields[2]!;
          if (ip !== OTHER_FIELD && (isIP(ip) === 0 || ip.length > 45)) throw new HistoryFormatError(`has the source ${JSON.stringify(ip.slice(0, 60))}, not an IP address or "${OTHER_FIELD}"`);
          const [dkimAligned, spfAligned] = parseAligned(fields[4]!);
          const row: DayRow = {
            ip: ip === OTHER_FIELD ? OTHER_SOURCES : ip,
            count: number(fields[3]!, 'the messages'),
            dkimAligned,
            spfAligned,
            dkim: parseList(fields[5]!, 3, 'a DKIM result').map(([domain, selector, result]): DkimResult => ({ domain: domain!, ...(selector !== '' && { selector }), result: result! })),
            spf: parseList(fields[6]!, 2, 'an SPF result').map(([domain, result]): SpfResult => ({ domain: domain!, result: result! })),
            reporters: fields[7]!.split(',').map((f) => decodeField(f, 'a receiver')),
          };
          if (row.reporters.length > HISTORY_LIMITS.reportersPerLine) throw new HistoryFormatError(`names more than ${HISTORY_LIMITS.reportersPerLine} receivers`);
          once(`source ${fields.slice(2, 7).filter((_, j) => j !== 1).join(' ')}`, 'a source with the same results');
          if (entry.rows.length >= HISTORY_LIMITS.sourcesPerDay + 4) throw new HistoryFormatError(`is one source line more than the ${HISTORY_LIMITS.sourcesPerDay} kept per day`);
          entry.rows.push(row);
          return;
        }
        case 'receiver': {
          expectFields(fields, 7);
          const name = decodeField(fields[2]!, 'the receiver');
          const counts = { messages: number(fields[3]!, 'the messages'), dmarcPass: number(fields[4]!, 'the DMARC passes'), platformMessages: number(fields[5]!, 'the platform messages'), platformPass: number(fields[6]!, 'the platform passes') };
          if (counts.dmarcPass > counts.messages || counts.platformMessages > counts.messages || counts.platformPass > counts.platformMessages) throw new HistoryFormatError('has more passes than messages');
          once(`receiver ${name}`, `the receiver ${JSON.stringify(name.slice(0, 60))}`);
          if (entry.receivers.size >= HISTORY_LIMITS.receiversPerDay) throw new HistoryFormatError(`is one receiver more than the ${HISTORY_LIMITS.receiversPerDay} kept per day`);
          entry.receivers.set(name, counts);
          return;
        }
        default:
          throw new HistoryFormatError(`has the kind ${JSON.stringify((kind ?? '').slice(0, 20))}, not report, source or receiver`);
      }
    } catch (e) {
      if (e instanceof HistoryFormatError) throw new HistoryFormatError(`${at}: ${e.message}`);
      throw e;
    }
  });
  const result: StoredDay[] = [];
  for (const [day, d] of days) {
    const at = `line ${d.line} (${day})`;
    if (d.reports.length === 0) throw new HistoryFormatError(`${at}: the day has sources or receivers but no report`);
    const bySource = d.rows.reduce((n, r) => n + r.count, 0);
    const byReceiver = [...d.receivers.values()].reduce((n, r) => n + r.messages, 0);
    if (bySource !== byReceiver) throw new HistoryFormatError(`${at}: its sources add up to ${bySource} messages and its receivers to ${byReceiver}: the day is not whole`);
    result.push({ day, reports: d.reports, rows: d.rows, receivers: d.receivers });
  }
  return result.sort((a, b) => a.day.localeCompare(b.day));
}

function expectFields(fields: readonly string[], n: number): void {
  if (fields.length !== n) throw new HistoryFormatError(`has ${fields.length} fields separated by single spaces, not ${n}`);
}

function number(field: string, what: string): number {
  if (!/^(0|[1-9][0-9]{0,14})$/.test(field)) throw new HistoryFormatError(`${what} ${JSON.stringify(field.slice(0, 20))} is not a whole number of at most 15 digits`);
  return Number(field);
}

/** `p=quarantine;sp=none;np=reject;t=y`: p first, the rest only when the report had them. */
function policyText(policy: PublishedPolicy): string {
  return [`p=${policy.p}`, ...(policy.sp ? [`sp=${policy.sp}`] : []), ...(policy.np ? [`np=${policy.np}`] : []), ...(policy.testing !== undefined ? [`t=${policy.testing ? 'y' : 'n'}`] : [])].join(';');
}

function parsePolicy(field: string): PublishedPolicy {
  const m = /^p=([a-z]+)(?:;sp=([a-z]+))?(?:;np=([a-z]+))?(?:;t=([yn]))?$/.exec(field);
  const policy = (v: string | undefined) => {
    if (v !== undefined && !(DMARC_POLICIES as readonly string[]).includes(v)) throw new HistoryFormatError(`has the policy ${JSON.stringify(v)}, not none, quarantine or reject`);
    return v as DmarcPolicy | undefined;
  };
  if (!m) throw new HistoryFormatError(`has the policy ${JSON.stringify(field.slice(0, 60))}, not written as p=…[;sp=…][;np=…][;t=y|n]`);
  const [, p, sp, np, t] = m;
  return { domain: '', p: policy(p)!, ...(sp && { sp: policy(sp) }), ...(np && { np: policy(np) }), ...(t && { testing: t === 'y' }) };
}

const ALIGNED: Readonly<Record<string, readonly [DmarcResult, DmarcResult]>> = { both: ['pass', 'pass'], dkim: ['pass', 'fail'], spf: ['fail', 'pass'], none: ['fail', 'fail'] };

function alignedText(row: Pick<DayRow, 'dkimAligned' | 'spfAligned'>): string {
  return row.dkimAligned === 'pass' ? (row.spfAligned === 'pass' ? 'both' : 'dkim') : row.spfAligned === 'pass' ? 'spf' : 'none';
}

function parseAligned(field: string): readonly [DmarcResult, DmarcResult] {
  const aligned = Object.hasOwn(ALIGNED, field) ? ALIGNED[field] : undefined;
  if (!aligned) throw new HistoryFormatError(`has the alignment ${JSON.stringify(field.slice(0, 20))}, not both, dkim, spf or none`);
  return aligned;
}

function listText(items: readonly string[]): string {
  return items.length ? items.join(',') : '-';
}

function parseList(field: string, parts: number, what: string): string[][] {
  if (field === '-') return [];
  const items = field.split(',');
  if (items.length > HISTORY_LIMITS.resultsPerLine) throw new HistoryFormatError(`has more than ${HISTORY_LIMITS.resultsPerLine} of ${what}`);
  return items.map((item) => {
    const values = item.split('/');
    if (values.length !== parts) throw new HistoryFormatError(`has ${what} ${JSON.stringify(item.slice(0, 60))} of ${values.length} parts, not ${parts}`);
    return values.map((v) => decodeField(v, what));
  });
}
