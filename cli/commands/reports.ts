import { IMAP_PASSWORD_VARIABLE } from '../../reports/read/imap-url';
import { commandSpec } from '../spec';
import { CONFIG_OPTION, JSON_OPTION } from './options';

// The readiness thresholds are checked by cli/reports.ts against reports/readiness/thresholds.ts, the one table of
// their bounds and defaults (a unit test keeps these options in step with it); --pass-rate takes decimals.
export const REPORTS = commandSpec({
  name: 'reports',
  summary: 'read DMARC aggregate reports (files, folders, IMAP) and say per institution when its policy can tighten; --propose writes the step',
  usage:
    'reports [--config FILE] [PATH...] [--imap imaps://USER@HOST[:PORT]/MAILBOX [--move-to FOLDER] [--ca FILE]] [--history DIR [--history-days DAYS]] ' +
    '[--since DAYS] [--deadline SECONDS] [--days N] [--messages N] [--pass-rate PCT] [--reject-days N] [--blocking-messages N] [--blocking-share PCT] ' +
    '[--propose] [--pr-body FILE] [--dns-server HOST:PORT | --no-ptr] [--markdown | --json]',
  options: {
    config: CONFIG_OPTION,
    imap: { type: 'string', value: 'URL', description: `read the reports in this mailbox (imaps://USER@HOST[:PORT]/MAILBOX; password in $${IMAP_PASSWORD_VARIABLE})`, defaultText: 'none' },
    'move-to': {
      type: 'string',
      value: 'FOLDER',
      description: 'with --imap: move the mails read in full and analysed into this folder (never one only partly received; with --history, only mails whose reports the saved history already holds)',
      defaultText: 'none: leave them',
    },
    ca: { type: 'string', value: 'FILE', description: 'with --imap: trust this CA certificate (PEM) too', defaultText: 'the system CAs' },
    history: {
      type: 'string',
      value: 'DIR',
      description: 'keep per-day aggregates in this folder (read first, written after): a report counts once across runs, and readiness spans more than one mailbox window',
      defaultText: 'none: only the reports given',
    },
    'history-days': { type: 'whole', value: 'DAYS', description: 'with --history: days of history kept (older days are dropped)', min: 30, max: 3_650, unit: 'days kept', default: 365, defaultText: '365 (a year)' },
    since: { type: 'whole', value: 'DAYS', description: 'only reports of the last DAYS days', min: 1, max: 36_500, unit: 'days back', defaultText: 'every report (with --history: its days kept)' },
    // Ten minutes: half the weekly workflow's job timeout, so that the digest is still posted.
    deadline: { type: 'whole', value: 'SECONDS', description: 'the time budget of the whole run, IMAP included: when it runs out the run stops, reports what it read, exits 2 and moves nothing', min: 1, max: 86_400, unit: 'seconds', default: 600, defaultText: '600 (10 minutes)' },
    days: { type: 'string', value: 'N', description: 'readiness: days of reports while receivers saw the current policy', defaultText: '14, or dmarc.rollout.days in the config' },
    messages: { type: 'string', value: 'N', description: 'readiness: messages reported over the window', defaultText: '100, or dmarc.rollout.messages in the config' },
    'pass-rate': { type: 'string', value: 'PCT', description: 'readiness: DMARC pass rate over the window, 0–100 percent', defaultText: '98, or dmarc.rollout.passRate in the config' },
    'reject-days': { type: 'string', value: 'N', description: 'readiness: days of reports at p=quarantine before the step to p=reject', defaultText: '30, or dmarc.rollout.rejectDays in the config' },
    'blocking-messages': {
      type: 'string',
      value: 'N',
      description: 'readiness: failing messages of one source over the last 90 days that block the step to p=reject (with --blocking-share)',
      defaultText: '10, or dmarc.rollout.blockingMessages in the config',
    },
    'blocking-share': {
      type: 'string',
      value: 'PCT',
      description: "readiness: share of the institution's messages over the last 90 days, in percent, that one failing source must reach to block the step to p=reject",
      defaultText: '1, or dmarc.rollout.blockingShare in the config',
    },
    propose: { type: 'boolean', description: 'write the next step of every ready institution into the config file (only the keys the step changes; comments and layout kept)' },
    'pr-body': { type: 'string', value: 'FILE', description: 'write the pull request Markdown of the ready steps (evidence, thresholds, rollback) to FILE', defaultText: 'none' },
    'dns-server': { type: 'string', value: 'HOST:PORT', description: 'ask this DNS server for the PTR names of failing sources (an IP address, port 53 unless given)', defaultText: 'the system resolver' },
    'no-ptr': { type: 'boolean', description: 'look up no PTR names: services are named from the DKIM and SPF domains of their mail alone' },
    markdown: { type: 'boolean', description: 'print Markdown (for an issue or a job summary) instead of a table' },
    json: JSON_OPTION,
  },
  positionals: { name: 'PATH', description: 'a report file (.xml, .gz, .zip) or a folder of them', max: Infinity },
  exits: {
    0: 'the reports were read; no platform mail failed DKIM',
    1: 'platform mail failed DKIM at some receiver (failures at known forwarders and mailing lists aside)',
    2: 'no verdict: no report could be read, the time budget (--deadline) ran out, the history cannot be read or written, or the proposed edit would not load; or a usage error, a missing path, a missing or invalid config',
  },
  example: 'reports --config institutions.yaml --history dmarc-history --propose --pr-body pr.md reports/',
  onFailure: 'no report was read',
});
