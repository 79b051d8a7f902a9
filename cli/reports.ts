import { readFileSync } from 'node:fs';
import { terminalText } from '../model/terminal-text';
import { analyzeReports, exitCodeOf } from '../reports/analyze';
import { targetOf } from '../reports/analysis/target';
import { IMAP_PASSWORD_VARIABLE, parseImapUrl } from '../reports/read/imap-url';
import { ReadItem, ReportInputError } from '../reports/read/read-item';
import { Thresholds, THRESHOLDS } from '../reports/readiness/thresholds';
import { fileErrorText } from '../io/file-error';
import { CliError, Command, Io, loadConfig, UsageError, wholeNumberFlag } from './command';
import { REPORTS } from './commands';

/**
 * `email-auth reports`: reads DMARC aggregate reports (files, folders, an IMAP mailbox), and says per institution
 * how its mail fares and whether the DMARC policy can take its next step. Never edits the config.
 */
export const reports: Command<typeof REPORTS> = {
  async run({ values, positionals }, io) {
    if (values.markdown && values.json) throw new UsageError('--markdown and --json are alternatives: give one');
    if (positionals.length === 0 && values.imap === undefined) throw new UsageError('give report files or folders, or --imap URL');
    if (values.imap === undefined && (values['move-to'] !== undefined || values.ca !== undefined)) throw new UsageError('--move-to and --ca go with --imap');
    const flags = thresholdFlags(values);
    // Bounded by the table: a mailbox search date thousands of years back is an invalid date to the IMAP client.
    const sinceDays = values.since;
    const now = Date.now() / 1000;
    const since = sinceDays === undefined ? undefined : now - sinceDays * 86400;
    // The whole run's time budget, IMAP included: a mailbox that answers a byte at a time never stalls the job.
    const deadline = values.deadline;
    const budget = new AbortController();
    const imap = values.imap === undefined ? undefined : imapSource(values.imap, values['move-to'], values.ca, since, budget.signal, io);

    const config = loadConfig(values.config, io);
    const targets = config.institutions.map((inst) => targetOf(inst, flags));

    const table = !values.json && !values.markdown;
    const timer = setTimeout(() => budget.abort(`the time budget of ${deadline} s (--deadline) ran out`), deadline * 1000);
    try {
      const analysis = await analyzeReports(inputs(positionals, imap), targets, {
        since,
        now,
        signal: budget.signal,
        onProblem: table ? undefined : (p) => io.err(`problem: ${terminalText(p.origin)}: ${terminalText(p.message)}`),
      });
      const code = exitCodeOf(analysis);
      // Loaded only for the output asked for.
      if (values.json) io.out(require('../reports/render/json').renderJson(analysis, code));
      else if (values.markdown) io.out(require('../reports/render/markdown').renderMarkdown(analysis).trimEnd());
      else (require('../reports/render/table').renderTable(analysis) as string[]).forEach((line) => io.out(line));
      return code;
    } catch (e) {
      if (!(e instanceof ReportInputError)) throw e;
      throw new CliError('input-unreadable', e.message);
    } finally {
      clearTimeout(timer);
    }
  },
};

type ImapReader = () => AsyncGenerator<ReadItem>;

async function* inputs(paths: readonly string[], imap: ImapReader | undefined): AsyncGenerator<ReadItem> {
  if (paths.length) yield* (require('../reports/read/files') as typeof import('../reports/read/files')).readReportFiles(paths);
  if (imap) yield* imap();
}

function imapSource(url: string, moveTo: string | undefined, caFile: string | undefined, since: number | undefined, signal: AbortSignal, io: Io): ImapReader {
  let location;
  try {
    location = parseImapUrl(url);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const password = io.env[IMAP_PASSWORD_VARIABLE];
  if (!password) throw new UsageError(`--imap needs the mailbox password in the environment variable ${IMAP_PASSWORD_VARIABLE} (never on the command line or in the config)`);
  if (moveTo !== undefined && (moveTo.trim() === '' || moveTo === location.mailbox)) throw new UsageError(`--move-to must name another folder than the one read (${JSON.stringify(location.mailbox)})`);
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new CliError('input-unreadable', `--ca ${JSON.stringify(caFile)} ${fileErrorText(e)}`);
    }
  }
  return () =>
    (require('../reports/read/imap') as typeof import('../reports/read/imap')).readImapReports(location, {
      password,
      moveTo,
      since,
      ca,
      signal,
      onDone: ({ read, moved, notRead, leftForNextRun }) => {
        io.err(`imap ${terminalText(location.mailbox)}: ${read} mail${read === 1 ? '' : 's'} read${moved ? `, ${moved} moved to ${terminalText(moveTo!)}` : ''}`);
        if (notRead) io.err(`imap ${terminalText(location.mailbox)}: ${notRead} mail${notRead === 1 ? '' : 's'} not read in full (see the problems); left in the mailbox`);
        if (leftForNextRun) io.err(`imap: ${leftForNextRun} more mails are left for the next run (the limit per run)`);
      },
    });
}

/** `--days`, `--messages`, `--pass-rate`: the thresholds table's flags, checked against its bounds. */
function thresholdFlags(values: Readonly<Record<string, unknown>>): Partial<Thresholds> {
  const flags: { -readonly [K in keyof Thresholds]?: number } = {};
  for (const spec of THRESHOLDS) {
    const raw = values[spec.flag];
    if (typeof raw !== 'string') continue;
    const value = spec.key === 'passRate' ? Number(raw) : wholeNumberFlag(spec.flag, raw, { min: spec.min, max: Number.MAX_SAFE_INTEGER, unit: spec.meaning }, 0);
    if (!/^\d+(\.\d+)?$/.test(raw) || value < spec.min || (spec.max !== undefined && value > spec.max)) {
      throw new UsageError(`--${spec.flag} must be a number from ${spec.min}${spec.max !== undefined ? ` to ${spec.max}` : ' up'} (${spec.meaning}), got ${JSON.stringify(raw)}`);
    }
    flags[spec.key] = value;
  }
  return flags;
}

