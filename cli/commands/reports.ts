import { IMAP_PASSWORD_VARIABLE } from '../../reports/read/imap-url';
import { commandSpec } from '../spec';
import { CONFIG_OPTION, JSON_OPTION } from './options';

// The readiness thresholds are checked by cli/reports.ts against reports/readiness/thresholds.ts, the one table of
// their bounds and defaults (a unit test keeps these options in step with it); --pass-rate takes decimals.
export const REPORTS = commandSpec({
  name: 'reports',
  summary: 'read DMARC aggregate reports (files, folders, IMAP) and say per institution when its policy can tighten',
  usage:
    'reports [--config FILE] [PATH...] [--imap imaps://USER@HOST[:PORT]/MAILBOX [--move-to FOLDER] [--ca FILE]] [--since DAYS] ' +
    '[--deadline SECONDS] [--days N] [--messages N] [--pass-rate PCT] [--markdown | --json]',
  options: {
    config: CONFIG_OPTION,
    imap: { type: 'string', value: 'URL', description: `read the reports in this mailbox (imaps://USER@HOST[:PORT]/MAILBOX; password in $${IMAP_PASSWORD_VARIABLE})`, defaultText: 'none' },
    'move-to': { type: 'string', value: 'FOLDER', description: 'with --imap: move the mails read in full and analysed into this folder (never one only partly received)', defaultText: 'none: leave them' },
    ca: { type: 'string', value: 'FILE', description: 'with --imap: trust this CA certificate (PEM) too', defaultText: 'the system CAs' },
    since: { type: 'whole', value: 'DAYS', description: 'only reports of the last DAYS days', min: 1, max: 36_500, unit: 'days back', defaultText: 'every report' },
    // Ten minutes: half the weekly workflow's job timeout, so that the digest is still posted.
    deadline: { type: 'whole', value: 'SECONDS', description: 'the time budget of the whole run, IMAP included: when it runs out the run stops, reports what it read, exits 2 and moves nothing', min: 1, max: 86_400, unit: 'seconds', default: 600, defaultText: '600 (10 minutes)' },
    days: { type: 'string', value: 'N', description: 'readiness: days of reports while receivers saw the current policy', defaultText: '14, or dmarc.rollout.days in the config' },
    messages: { type: 'string', value: 'N', description: 'readiness: messages reported over the window', defaultText: '100, or dmarc.rollout.messages in the config' },
    'pass-rate': { type: 'string', value: 'PCT', description: 'readiness: DMARC pass rate over the window, 0–100 percent', defaultText: '98, or dmarc.rollout.passRate in the config' },
    markdown: { type: 'boolean', description: 'print Markdown (for an issue or a job summary) instead of a table' },
    json: JSON_OPTION,
  },
  positionals: { name: 'PATH', description: 'a report file (.xml, .gz, .zip) or a folder of them', max: Infinity },
  exits: {
    0: 'the reports were read; no platform mail failed DKIM',
    1: 'platform mail failed DKIM at some receiver',
    2: 'no verdict: no report could be read, or the time budget (--deadline) ran out; or a usage error, a missing path, a missing or invalid config',
  },
  example: 'reports --config institutions.yaml --since 30 reports/',
  onFailure: 'no report was read',
});
