/**
 * The history in memory: per institution, the days read from the files (which the analysis replays, and whose
 * report keys it does not count again) and the days this run adds (from the reports it counted), merged into the
 * month files to write. Reports are summed per day the way the files keep them: rows with the same source and
 * results add up, so that a year of reports stays a few lines per source and day. Pure: no I/O.
 */
import { DayRow, dayOf, historyKey, OTHER_RECEIVERS, OTHER_SOURCES, platformSignature, ReceiverStats, storedText } from '../analysis/aggregate';
import { InstitutionTarget } from '../analysis/target';
import { day as dayText } from '../numbers';
import { AggregateReport, dmarcPasses, ReportRecord } from '../report';
import { fileText, HISTORY_LIMITS, StoredDay, StoredReport } from './history-text';

/** A year: long enough for the 90 days that can block `p=reject` and for a season's senders to show up again. */
export const DEFAULT_KEEP_DAYS = 365;

interface AddedDay {
  readonly reports: StoredReport[];
  readonly rows: Map<string, MutableRow>;
  readonly receivers: Map<string, Omit<ReceiverStats, 'reports'>>;
}

interface MutableRow extends Omit<DayRow, 'count' | 'reporters'> {
  count: number;
  readonly reporters: string[];
}

interface InstitutionHistory {
  readonly loaded: Map<string, StoredDay>;
  readonly added: Map<string, AddedDay>;
  readonly keys: Set<string>;
}

export class HistoryStore {
  /** The first day kept: days before it are dropped when read and when written. */
  readonly firstDay: string;
  private readonly institutions = new Map<string, InstitutionHistory>();

  /** `now` in seconds; `keepDays` days back from it are kept. */
  constructor(now: number, readonly keepDays = DEFAULT_KEEP_DAYS) {
    this.firstDay = dayText(now - (keepDays - 1) * 86400);
  }

  /** The days an institution's files hold (days before {@link firstDay} are left out). */
  load(code: string, days: readonly StoredDay[]): void {
    const history = this.of(code);
    for (const day of days) {
      if (day.day < this.firstDay) continue;
      history.loaded.set(day.day, day);
      for (const r of day.reports) history.keys.add(historyKey(r.reporter, r.id));
    }
  }

  /** Per institution code, the keys of the reports the files hold: the analysis does not count them again. */
  knownKeys(): ReadonlyMap<string, ReadonlySet<string>> {
    return new Map([...this.institutions].map(([code, h]) => [code, h.keys]));
  }

  /** The days read from an institution's files, to replay. */
  loadedDays(code: string): readonly StoredDay[] {
    return [...(this.institutions.get(code)?.loaded.values() ?? [])];
  }

  /** The days an institution has, read or added. */
  dayCount(code: string): number {
    const h = this.institutions.get(code);
    return h ? new Set([...h.loaded.keys(), ...h.added.keys()]).size : 0;
  }

  /** Why this report cannot be kept (the day holds the most reports the history keeps), or undefined. */
  refusal(code: string, report: Pick<AggregateReport, 'begin' | 'end'>): string | undefined {
    const day = dayOf(report);
    const h = this.institutions.get(code);
    const kept = (h?.loaded.get(day)?.reports.length ?? 0) + (h?.added.get(day)?.reports.length ?? 0);
    if (kept < HISTORY_LIMITS.reportsPerDay) return undefined;
    return `the history keeps at most ${HISTORY_LIMITS.reportsPerDay} reports per institution and day, and ${day} has them: not counted`;
  }

  /** A report the analysis counted for the institution: its rows summed into the day it falls on. */
  record(target: InstitutionTarget, report: AggregateReport): void {
    const history = this.of(target.code);
    const day = dayOf(report);
    let added = history.added.get(day);
    if (!added) history.added.set(day, (added = { reports: [], rows: new Map(), receivers: new Map() }));
    const reporter = storedText(report.orgName);
    added.reports.push({ reporter, id: storedText(report.reportId), begin: report.begin, end: report.end, policy: report.policy });
    history.keys.add(historyKey(report.orgName, report.reportId));
    const loadedRows = history.loaded.get(day)?.rows.length ?? 0;
    const receiverName = added.receivers.has(reporter) || added.receivers.size < HISTORY_LIMITS.receiversPerDay - 1 ? reporter : OTHER_RECEIVERS;
    let receiver = added.receivers.get(receiverName);
    if (!receiver) added.receivers.set(receiverName, (receiver = { messages: 0, dmarcPass: 0, platformMessages: 0, platformPass: 0 }));
    for (const record of report.records) {
      addRow(added.rows, record, reporter, loadedRows);
      receiver.messages += record.count;
      if (dmarcPasses(record)) receiver.dmarcPass += record.count;
      const platform = platformSignature(record, target);
      if (platform !== undefined) {
        receiver.platformMessages += record.count;
        if (platform) receiver.platformPass += record.count;
      }
    }
  }

  /** Institution codes with days, read or added. */
  codes(): string[] {
    return [...this.institutions.keys()].sort();
  }

  /** Month (`YYYY-MM`) → the text of its file, for every month of an institution with a day kept. */
  monthTexts(code: string): Map<string, string> {
    const h = this.institutions.get(code);
    const byMonth = new Map<string, StoredDay[]>();
    if (!h) return new Map();
    for (const day of new Set([...h.loaded.keys(), ...h.added.keys()])) {
      if (day < this.firstDay) continue;
      const merged = mergeDay(day, h.loaded.get(day), h.added.get(day));
      const month = day.slice(0, 7);
      byMonth.set(month, [...(byMonth.get(month) ?? []), merged]);
    }
    return new Map([...byMonth].map(([month, days]) => [month, fileText(days)]));
  }

  private of(code: string): InstitutionHistory {
    let h = this.institutions.get(code);
    if (!h) this.institutions.set(code, (h = { loaded: new Map(), added: new Map(), keys: new Set() }));
    return h;
  }
}

/** `ip aligned dkim spf`: rows with the same key add up. */
function rowKey(row: Pick<DayRow, 'ip' | 'dkimAligned' | 'spfAligned' | 'dkim' | 'spf'>): string {
  const dkim = row.dkim.map((s) => `${s.domain}\u0000${s.selector ?? ''}\u0000${s.result}`).join('\u0001');
  const spf = row.spf.map((s) => `${s.domain}\u0000${s.result}`).join('\u0001');
  return `${row.ip}\u0002${row.dkimAligned}\u0002${row.spfAligned}\u0002${dkim}\u0002${spf}`;
}

/**
 * One report row into a day's rows: summed with a row of the same source and results, else a new row while the day
 * has room (`already` rows come from the files), else into the day's `other` row of the same alignment.
 */
function addRow(rows: Map<string, MutableRow>, record: ReportRecord, reporter: string, already: number): void {
  const n = HISTORY_LIMITS.resultsPerLine;
  const own = {
    ip: record.sourceIp,
    dkimAligned: record.dkimAligned,
    spfAligned: record.spfAligned,
    dkim: record.dkim.slice(0, n).map((s) => ({ domain: storedText(s.domain), ...(s.selector !== undefined && { selector: storedText(s.selector) }), result: storedText(s.result) })),
    spf: record.spf.slice(0, n).map((s) => ({ domain: storedText(s.domain), result: storedText(s.result) })),
  };
  let key = rowKey(own);
  let row = rows.get(key);
  if (!row) {
    const room = already + rows.size < HISTORY_LIMITS.sourcesPerDay;
    const fields = room ? own : { ip: OTHER_SOURCES, dkimAligned: record.dkimAligned, spfAligned: record.spfAligned, dkim: [], spf: [] };
    if (!room) key = rowKey(fields);
    row = rows.get(key);
    if (!row) rows.set(key, (row = { ...fields, count: 0, reporters: [] }));
  }
  row.count += record.count;
  if (!row.reporters.includes(reporter) && row.reporters.length < HISTORY_LIMITS.reportersPerLine) row.reporters.push(reporter);
}

/** A day as its file will hold it: the reports of both, rows and receivers summed. */
function mergeDay(day: string, loaded: StoredDay | undefined, added: AddedDay | undefined): StoredDay {
  if (!added) return loaded!;
  const rows = new Map<string, MutableRow>();
  for (const row of loaded?.rows ?? []) rows.set(rowKey(row), { ...row, reporters: [...row.reporters] });
  for (const [key, row] of added.rows) {
    const same = rows.get(key);
    if (!same) rows.set(key, { ...row, reporters: [...row.reporters] });
    else {
      same.count += row.count;
      for (const r of row.reporters) if (!same.reporters.includes(r) && same.reporters.length < HISTORY_LIMITS.reportersPerLine) same.reporters.push(r);
    }
  }
  const receivers = new Map<string, Omit<ReceiverStats, 'reports'>>();
  for (const source of [loaded?.receivers, added.receivers]) {
    for (const [name, r] of source ?? []) {
      const into = receivers.has(name) || receivers.size < HISTORY_LIMITS.receiversPerDay - 1 ? name : OTHER_RECEIVERS;
      const sum = receivers.get(into) ?? { messages: 0, dmarcPass: 0, platformMessages: 0, platformPass: 0 };
      receivers.set(into, { messages: sum.messages + r.messages, dmarcPass: sum.dmarcPass + r.dmarcPass, platformMessages: sum.platformMessages + r.platformMessages, platformPass: sum.platformPass + r.platformPass });
    }
  }
  return { day, reports: [...(loaded?.reports ?? []), ...added.reports], rows: [...rows.values()], receivers };
}
