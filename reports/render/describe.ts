/**
 * Plain-text phrases every renderer shares (each then escapes them for its own output language): a source's SPF
 * and DKIM results, the verdict line, the input counts.
 */
import { ReportsAnalysis } from '../analyze';
import { InstitutionSummary, SourceSummary } from '../analysis/summary';
import { count, plural } from '../numbers';
import { Readiness } from '../readiness/evaluate';
import { describePolicy } from '../readiness/ladder';
import { fixText } from '../readiness/rules/blocking-sources';

/** `fail ×60, pass ×2`: raw SPF results (unaligned). */
export function spfText(source: SourceSummary): string {
  return source.spf.length ? source.spf.map((r) => `${r.result} ×${count(r.messages)}`).join(', ') : 'none';
}

/** `Mailchimp (mail77.mcsv.net)`, `Mailchimp (DKIM d=mcsv.net)`, `mail.example.net (PTR not confirmed)`, or `-`: who the source is. */
export function senderText(source: SourceSummary): string {
  const ptr = source.ptr ? `${source.ptr.name}${source.ptr.confirmed ? '' : ' (PTR not confirmed)'}` : '';
  if (!source.sender) return ptr || '-';
  const { sender } = source;
  const how = sender.via === 'ptr' ? ptr : `${sender.via === 'dkim' ? 'DKIM d=' : 'SPF domain '}${sender.matched}${ptr ? `, PTR ${ptr}` : ''}`;
  return `${sender.name} (${how})`;
}

/**
 * What to do about a source whose service is known: the SPF include and the DKIM set-up, or, for a forwarder or a
 * mailing list, that its failures are expected. Undefined for an unknown source.
 */
export function fixLine(source: SourceSummary): string | undefined {
  const sender = source.sender;
  if (!sender) return undefined;
  if (sender.forwarder) return `${sender.kind === 'mailing-list' ? 'a mailing list' : 'a forwarder'}: nothing to fix (${sender.fix.dkim ?? 'its failures are expected'})`;
  return fixText(sender);
}

/** `pass d=other.example s=k1 (not aligned)`: the DKIM signatures seen. */
export function dkimText(source: SourceSummary): string {
  if (source.dkim.length === 0) return 'none';
  return source.dkim.map((d) => `${d.result} d=${d.domain}${d.selector ? ` s=${d.selector}` : ''}${d.aligned ? '' : ' (not aligned)'}`).join(', ');
}

export const STATUS_WORDS: Record<Readiness['status'], string> = {
  ready: 'READY',
  'not-ready': 'NOT READY',
  'fix-first': 'FIX FIRST',
  'at-last-step': 'AT THE LAST STEP',
};

/** One sentence: what to do next, in the config's words, or why not yet. */
export function verdictText(summary: InstitutionSummary, readiness: Readiness): string {
  const from = describePolicy(summary.policy);
  const failed = readiness.rules.filter((r) => !r.ok).map((r) => r.reason);
  switch (readiness.status) {
    case 'ready':
      return `${from} → ${readiness.next!.policy}: change the config to ${readiness.next!.configText}`;
    case 'not-ready':
      return `${from} → ${readiness.next!.policy}: ${failed.join('; ')}`;
    case 'fix-first':
      return failed.join('; ');
    case 'at-last-step':
      return `${from} is the last step: nothing left to tighten${failed.length ? ` (${failed.join('; ')})` : ''}`;
  }
}

/** `42 reports from 5 reporters; 1 duplicate, 3 skipped (not reports), 1 problem`. */
export function inputText(analysis: ReportsAnalysis): string {
  const { input } = analysis;
  const extra = [
    input.duplicates ? plural(input.duplicates, 'duplicate') + ' ignored' : '',
    input.beforeWindow ? `${plural(input.beforeWindow, 'report')} before the window left out` : '',
    input.skipped ? `${count(input.skipped)} skipped (not reports)` : '',
    input.problemCount ? plural(input.problemCount, 'problem') : '',
    input.inHistory ? `${plural(input.inHistory, 'report')} already in the history` : '',
  ].filter(Boolean);
  const history = analysis.history ? `; the history added ${plural(analysis.history.reports, 'report')} over ${plural(analysis.history.days, 'institution-day')}` : '';
  const ptr = analysis.ptr
    ? `; PTR names: ${count(analysis.ptr.looked)} looked up, ${count(analysis.ptr.cached)} from the cache${analysis.ptr.notLooked ? `, ${count(analysis.ptr.notLooked)} not looked up (${analysis.ptr.stopped ?? 'stopped'})` : ''}`
    : '';
  const period = analysis.period ? `, ${analysis.period.begin} to ${analysis.period.end}` : '';
  return `${plural(input.reports, 'report')} from ${plural(analysis.reporters.length, 'reporter')}${period}${extra.length ? `; ${extra.join(', ')}` : ''}${history}${ptr}`;
}
