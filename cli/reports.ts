import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configPath } from '../config/load';
import { terminalText } from '../model/terminal-text';
import { analyzeReports, exitCodeOf, ReportsAnalysis } from '../reports/analyze';
import { targetOf } from '../reports/analysis/target';
import type { HistoryFolder } from '../reports/history/history-folder';
import { IMAP_PASSWORD_VARIABLE, parseImapUrl } from '../reports/read/imap-url';
import { ReadItem, ReportInputError } from '../reports/read/read-item';
import { describePolicy } from '../reports/readiness/ladder';
import { Thresholds, THRESHOLDS } from '../reports/readiness/thresholds';
import type { ProposalOutcome } from '../reports/render/pr-body';
import { fileErrorText, writeErrorText } from '../io/file-error';
import { writeFileWhole } from '../io/write-whole';
import { CliError, Command, Io, LoadedConfig, loadConfig, UsageError, wholeNumberFlag } from './command';
import { REPORTS } from './commands/reports';
import { parseDnsServer } from './dns-server';

/**
 * `email-auth reports`: reads DMARC aggregate reports (files, folders, an IMAP mailbox, the history of earlier runs),
 * and says per institution how its mail fares and whether the DMARC policy can take its next step. With `--propose`
 * it writes that step into the config (reports/propose/), with `--pr-body` the pull request text, with `--history`
 * it keeps the per-day aggregates for the next run.
 */
export const reports: Command<typeof REPORTS> = {
  async run({ values, positionals }, io) {
    if (values.markdown && values.json) throw new UsageError('--markdown and --json are alternatives: give one');
    if (positionals.length === 0 && values.imap === undefined && values.history === undefined) throw new UsageError('give report files or folders, --imap URL, or --history DIR');
    if (values.imap === undefined && (values['move-to'] !== undefined || values.ca !== undefined)) throw new UsageError('--move-to and --ca go with --imap');
    if (values['no-ptr'] && values['dns-server'] !== undefined) throw new UsageError('--no-ptr and --dns-server are alternatives: give one');
    const server = values['dns-server'] === undefined ? undefined : parseDnsServer(values['dns-server']);
    const flags = thresholdFlags(values);
    const now = Date.now() / 1000;
    // Bounded by the table: a mailbox search date thousands of years back is an invalid date to the IMAP client. With
    // a history, the window never reaches past the days it keeps: a report older than those would count once only.
    const keepDays = values['history-days'];
    const sinceDays = values.history === undefined ? values.since : Math.min(values.since ?? keepDays, keepDays);
    const since = sinceDays === undefined ? undefined : now - sinceDays * 86400;
    // The whole run's time budget, IMAP included: a mailbox that answers a byte at a time never stalls the job.
    const deadline = values.deadline;
    const budget = new AbortController();
    const imap = values.imap === undefined ? undefined : imapSource(values.imap, values['move-to'], values.ca, since, budget.signal, io, values.history !== undefined);

    const configFile = values.config ?? configPath(io.env);
    if (values['pr-body'] !== undefined && resolve(values['pr-body']) === resolve(configFile)) throw new UsageError('--pr-body must name another file than the config');
    const config = loadConfig(values.config, io);
    const targets = config.institutions.map((inst) => targetOf(inst, flags));
    const history = values.history === undefined ? undefined : readHistoryFolder(values.history, targets.map((t) => t.code), now, keepDays);

    const table = !values.json && !values.markdown;
    const timer = setTimeout(() => budget.abort(`the time budget of ${deadline} s (--deadline) ran out`), deadline * 1000);
    let analysis: ReportsAnalysis;
    try {
      analysis = await analyzeReports(inputs(positionals, imap), targets, {
        since,
        now,
        signal: budget.signal,
        onProblem: table ? undefined : (p) => io.err(`problem: ${terminalText(p.origin)}: ${terminalText(p.message)}`),
        history: history?.store,
        senders: values['no-ptr'] ? {} : { dns: ptrResolver(server), cache: history?.ptr },
      });
    } catch (e) {
      if (!(e instanceof ReportInputError)) throw e;
      throw new CliError('input-unreadable', e.message);
    } finally {
      clearTimeout(timer);
    }
    if (history) saveHistory(history, io);
    // A run stopped early has not read every report: one it missed could be the failing sender. It proposes nothing.
    const stopped = analysis.input.stopped !== undefined;
    if (values.propose && stopped) io.err('not proposed: the run stopped before every report was read; the config was left as it was');
    const proposal = values.propose || values['pr-body'] !== undefined ? propose(configFile, config, analysis, values.propose && !stopped, io) : undefined;
    if (values['pr-body'] !== undefined) writeOutput('--pr-body', values['pr-body'], (require('../reports/render/pr-body') as typeof import('../reports/render/pr-body')).renderPrBody(analysis, proposal!));
    const code = exitCodeOf(analysis);
    // Loaded only for the output asked for.
    if (values.json) io.out(require('../reports/render/json').renderJson(analysis, code, proposal));
    else if (values.markdown) io.out((require('../reports/render/markdown') as typeof import('../reports/render/markdown')).renderMarkdown(analysis, undefined, proposal?.refused).trimEnd());
    else (require('../reports/render/table').renderTable(analysis) as string[]).forEach((line) => io.out(line));
    return code;
  },
};

type ImapReader = () => AsyncGenerator<ReadItem>;

async function* inputs(paths: readonly string[], imap: ImapReader | undefined): AsyncGenerator<ReadItem> {
  if (paths.length) yield* (require('../reports/read/files') as typeof import('../reports/read/files')).readReportFiles(paths);
  if (imap) yield* imap();
}

function imapSource(url: string, moveTo: string | undefined, caFile: string | undefined, since: number | undefined, signal: AbortSignal, io: Io, history: boolean): ImapReader {
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
      onDone: ({ read, moved, kept, notRead, leftForNextRun }) => {
        io.err(`imap ${terminalText(location.mailbox)}: ${read} mail${read === 1 ? '' : 's'} read${moved ? `, ${moved} moved to ${terminalText(moveTo!)}` : ''}`);
        if (kept && moveTo !== undefined && history) io.err(`imap ${terminalText(location.mailbox)}: ${kept} mail${kept === 1 ? '' : 's'} with reports new to the history left in the mailbox; a run after the history is saved moves them`);
        if (notRead) io.err(`imap ${terminalText(location.mailbox)}: ${notRead} mail${notRead === 1 ? '' : 's'} not read in full (see the problems); left in the mailbox`);
        if (leftForNextRun) io.err(`imap: ${leftForNextRun} more mails are left for the next run (the limit per run)`);
      },
    });
}

function readHistoryFolder(dir: string, codes: readonly string[], now: number, keepDays: number): HistoryFolder {
  const { HistoryError, readHistory } = require('../reports/history/history-folder') as typeof import('../reports/history/history-folder');
  try {
    return readHistory(dir, codes, now, keepDays);
  } catch (e) {
    if (e instanceof HistoryError) throw new CliError('input-unreadable', `${e.message}; nothing was read or written`);
    throw e;
  }
}

function saveHistory(history: HistoryFolder, io: Io): void {
  const { writeHistory } = require('../reports/history/history-folder') as typeof import('../reports/history/history-folder');
  try {
    const { written, removed } = writeHistory(history);
    io.err(`history ${terminalText(history.dir)}: ${written.length} file${written.length === 1 ? '' : 's'} written${removed.length ? `, ${removed.length} removed (older than --history-days)` : ''}`);
  } catch (e) {
    throw new CliError('output-unwritable', `--history ${history.dir}: ${(e as Error).message}`);
  }
}

/** Without --dns-server, the system's resolver; PTR lookups are bounded by reports/senders/ptr.ts. */
function ptrResolver(server: string | undefined) {
  return (require('../reports/senders/ptr') as typeof import('../reports/senders/ptr')).nodeReverseDns({ server });
}

function propose(path: string, config: LoadedConfig, analysis: ReportsAnalysis, write: boolean, io: Io): ProposalOutcome {
  const { ProposeError, proposeSteps } = require('../reports/propose/propose') as typeof import('../reports/propose/propose');
  let outcome: ProposalOutcome;
  try {
    outcome = proposeSteps(path, config, analysis, write);
  } catch (e) {
    if (e instanceof ProposeError) throw new CliError('config-invalid', e.message);
    throw e;
  }
  if (write) {
    for (const code of outcome.applied) {
      const { summary, readiness } = analysis.institutions.find((i) => i.summary.code === code)!;
      io.err(`proposed in ${terminalText(path)}: ${terminalText(code)} ${readiness.next!.configText} (${describePolicy(summary.policy)} → ${readiness.next!.policy})`);
    }
  }
  for (const r of outcome.refused) io.err(`not proposed: ${terminalText(r.code)}: ${terminalText(r.reason)}`);
  return outcome;
}

function writeOutput(flag: string, path: string, text: string): void {
  try {
    writeFileWhole(path, text);
  } catch (e) {
    throw new CliError('output-unwritable', `${flag} ${path} ${writeErrorText(e)}`);
  }
}

/** The thresholds table's flags (`--days`, `--pass-rate`…), checked against its bounds. */
function thresholdFlags(values: Readonly<Record<string, unknown>>): Partial<Thresholds> {
  const flags: { -readonly [K in keyof Thresholds]?: number } = {};
  for (const spec of THRESHOLDS) {
    const raw = values[spec.flag];
    if (typeof raw !== 'string') continue;
    const value = spec.decimals ? Number(raw) : wholeNumberFlag(spec.flag, raw, { min: spec.min, max: Number.MAX_SAFE_INTEGER, unit: spec.meaning }, 0);
    if (!/^\d+(\.\d+)?$/.test(raw) || value < spec.min || (spec.max !== undefined && value > spec.max)) {
      throw new UsageError(`--${spec.flag} must be a number from ${spec.min}${spec.max !== undefined ? ` to ${spec.max}` : ' up'} (${spec.meaning}), got ${JSON.stringify(raw)}`);
    }
    flags[spec.key] = value;
  }
  return flags;
}
