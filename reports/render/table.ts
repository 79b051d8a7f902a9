/** The terminal view: one block per institution, its largest failing sources as a table, and the verdict. */
import { terminalText } from '../../model/terminal-text';
import { ReportsAnalysis } from '../analyze';
import { InstitutionSummary, SourceSummary } from '../analysis/summary';
import { count, percent, plural } from '../numbers';
import { describePolicy } from '../readiness/ladder';
import { dkimText, fixLine, inputText, senderText, spfText, STATUS_WORDS, verdictText } from './describe';

export function renderTable(analysis: ReportsAnalysis): string[] {
  const t = terminalText;
  const lines = [`DMARC aggregate reports: ${t(inputText(analysis))}`];
  for (const { summary: s, readiness } of analysis.institutions) {
    lines.push('');
    const seen = s.published ? `, receivers saw p=${t(s.published.p)}${s.published.testing ? '; t=y' : ''} on ${s.published.lastSeen}` : '';
    lines.push(`${t(s.code)}  ${t(s.domain)}  config ${describePolicy(s.policy)}${seen}`);
    if (s.reports === 0) {
      lines.push('  no reports for this domain');
    } else {
      lines.push(`  ${plural(s.messages, 'message')}, DMARC pass ${percent(s.dmarcPass, s.messages)}; ${plural(s.reports, 'report')} over ${plural(s.days, 'day')} (${s.daysAtPolicy} at the config's policy) from ${t(s.reporters.join(', '))}`);
      lines.push(
        `  platform mail (DKIM ${t(s.selectors.join('/'))}, d=${t(s.domain)}): ${plural(s.platform.messages, 'message')}` +
          (s.platform.messages ? `, aligned DKIM pass ${percent(s.platform.alignedDkimPass, s.platform.messages)}` : ''),
      );
      if (s.platform.failingSources.length) {
        lines.push('  platform mail failing aligned DKIM:');
        lines.push(...sourceTable(s.platform.failingSources, (x) => x.messages - x.dkimAlignedPass));
      }
      if (s.failingSources.length) {
        lines.push(`  largest failing sources (of ${plural(s.sourceCount, 'source')} besides the platform):`);
        lines.push(...sourceTable(s.failingSources, (x) => x.messages - x.dmarcPass));
      }
      if (s.receivers.length) {
        lines.push('  per receiver:');
        lines.push(...receiverTable(s.receivers.slice(0, RECEIVERS_SHOWN), s.thresholds.passRate));
        if (s.receivers.length > RECEIVERS_SHOWN) lines.push(`    … and ${plural(s.receivers.length - RECEIVERS_SHOWN, 'more receiver')} (--json lists them)`);
      }
    }
    lines.push(`  => ${STATUS_WORDS[readiness.status]}: ${t(verdictText(s, readiness))}`);
  }
  if (analysis.outside.length) {
    lines.push('', 'Reports for domains outside the config:');
    for (const o of analysis.outside) lines.push(`  ${t(o.domain)}  ${plural(o.reports, 'report')}, ${plural(o.messages, 'message')} (${t(o.reporters.join(', '))})`);
  }
  if (analysis.input.problemCount) {
    lines.push('', `Problems (${count(analysis.input.problemCount)}):`);
    for (const p of analysis.input.problems) lines.push(`  ${t(p.origin)}: ${t(p.message)}`);
    if (analysis.input.problemCount > analysis.input.problems.length) lines.push(`  … and ${count(analysis.input.problemCount - analysis.input.problems.length)} more`);
  }
  return lines;
}

/** Receivers listed per institution in the table; --json has them all. */
const RECEIVERS_SHOWN = 10;

function sourceTable(sources: readonly SourceSummary[], failures: (s: SourceSummary) => number): string[] {
  const rows = [
    ['SOURCE', 'SENDER', 'MESSAGES', 'FAILING', 'SPF', 'DKIM', 'REPORTERS'],
    ...sources.map((s) => [s.ip, senderText(s), count(s.messages), count(failures(s)), spfText(s), dkimText(s), s.reporters.join(', ')].map(terminalText)),
  ];
  const fixes = sources.flatMap((s) => {
    const fix = fixLine(s);
    return fix ? [`      fix ${terminalText(s.ip)} (${terminalText(s.sender!.name)}): ${terminalText(fix)}`] : [];
  });
  return [...columns(rows, new Set([2, 3])), ...fixes];
}

function receiverTable(receivers: InstitutionSummary['receivers'], threshold: number): string[] {
  const rows = [
    ['RECEIVER', 'MESSAGES', 'DMARC PASS', 'PLATFORM', 'PLATFORM DKIM', ''],
    ...receivers.map((r) => [
      terminalText(r.reporter),
      count(r.messages),
      percent(r.dmarcPass, r.messages),
      count(r.platformMessages),
      percent(r.platformPass, r.platformMessages),
      r.flagged ? `! ${r.large}: below the ${threshold} % threshold` : r.large ? r.large : '',
    ]),
  ];
  return columns(rows, new Set([1, 2, 3, 4]));
}

/** Rows as aligned columns, 4 spaces in; the columns in `right` aligned right, the last one not padded. */
function columns(rows: readonly string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => `    ${r.map((cell, c) => (c === r.length - 1 ? cell : right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd());
}
