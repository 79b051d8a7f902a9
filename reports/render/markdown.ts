/**
 * The Markdown view, for a job summary or a tracking issue: an overview table with each verdict, the platform's
 * DKIM failures first, one fleet chart of each institution's pass rate, then per institution its verdict in prose,
 * its daily pass-rate chart (from 3 days of data on; a sentence before that) and largest failing sources. Every value
 * that comes from a report goes through `code()` (and `tableCell()` inside tables). Detail sections stop before
 * `maxChars` (a GitHub issue body holds 65,536 characters); the overview is always complete.
 */
import { code, md, plainText, tableCell } from '../../summary/markdown-text';
import { ReportsAnalysis } from '../analyze';
import { BlockingSource, InstitutionSummary, SourceSummary } from '../analysis/summary';
import { count, percent, plural } from '../numbers';
import { Readiness } from '../readiness/evaluate';
import { describePolicy } from '../readiness/ladder';
import { dkimText, inputText, spfText } from './describe';
import { fixMarkdown, senderMarkdown } from './sender-markdown';
import { receiversSection } from './receivers-markdown';
import { CHART_MIN_DAYS, fleetChart, FLEET_CHART_MAX, hasOwnChart, passRateChart } from './mermaid';
import { num, verdictProse } from './verdict-prose';

/** First line of the output, so a pipeline can find and update its own issue or comment. */
export const MARKDOWN_MARKER = '<!-- email-auth-dns dmarc-reports -->';
export const MAX_MARKDOWN_CHARS = 60_000;

const ICONS: Record<Readiness['status'], string> = { ready: '✅ ready', 'not-ready': '⏳ not yet', 'fix-first': '❌ fix first', 'at-last-step': '🏁 last step' };

/** `refused`: steps of `--propose` that could not be written into the config, and why (listed before the sections). */
export function renderMarkdown(analysis: ReportsAnalysis, maxChars = MAX_MARKDOWN_CHARS, refused: readonly { readonly code: string; readonly reason: string }[] = []): string {
  const cell = (text: string) => tableCell(code(text));
  const head = [MARKDOWN_MARKER, `## DMARC reports${analysis.period ? `: ${analysis.period.begin} to ${analysis.period.end}` : ''}`, '', inputLine(analysis), ''];
  if (analysis.institutions.length) {
    head.push('| Institution | Domain | Policy now | Messages | DMARC pass | Platform mail | Platform aligned DKIM | Next step |', '|---|---|---|---:|---:|---:|---:|---|');
    for (const { summary: s, readiness: r } of analysis.institutions) {
      const next = r.status === 'ready' ? `${ICONS.ready}: ${code(r.next!.configText)}` : r.status === 'not-ready' ? `${ICONS[r.status]} for ${code(r.next!.policy)}` : ICONS[r.status];
      head.push(`| ${cell(s.code)} | ${cell(s.domain)} | ${code(describePolicy(s.policy))} | ${count(s.messages)} | ${percent(s.dmarcPass, s.messages)} | ${count(s.platform.messages)} | ${percent(s.platform.alignedDkimPass, s.platform.messages)} | ${tableCell(next)} |`);
    }
    head.push('');
  }
  const fixFirst = analysis.institutions.filter((i) => i.readiness.status === 'fix-first');
  if (fixFirst.length) {
    head.push(`### ❌ Platform mail failing aligned DKIM (${fixFirst.length})`, '');
    for (const { summary: s, readiness: r } of fixFirst) head.push(`- ${code(s.code)}: ${verdictProse(s, r)}`);
    head.push('');
  }
  const fleet = fleetChart(analysis.institutions.map((i) => i.summary));
  if (fleet.length > 0) {
    const withMail = analysis.institutions.filter((i) => i.summary.messages > 0).length;
    const which = withMail > FLEET_CHART_MAX ? ` The ${FLEET_CHART_MAX} lowest of ${count(withMail)} institutions with mail.` : '';
    head.push('### DMARC pass rate per institution', '', `Each bar is one institution's pass rate over the whole window; the line is the pass rate a step needs.${which}`, '', ...fleet, '');
  }

  if (refused.length) head.push(`### Ready, but not written into the config (${refused.length})`, '', ...refused.map((r) => md`- ${r.code}: ${r.reason}`.markdown), '');
  head.push(...receiversSection(analysis.institutions.map((i) => i.summary)));

  const sections = analysis.institutions.filter((i) => i.summary.reports > 0).map(({ summary, readiness }) => institutionSection(summary, readiness));
  const tail = [...outsideSection(analysis), ...problemSection(analysis)];
  let text = head.join('\n');
  let shown = 0;
  for (const section of sections) {
    if (text.length + section.length + 200 > maxChars) break;
    text += `\n${section}`;
    shown++;
  }
  if (shown < sections.length) text += `\n_${sections.length - shown} more institution sections left out to stay within ${count(maxChars)} characters: run \`email-auth reports --json\` for everything._\n`;
  const tailText = tail.join('\n');
  text += text.length + tailText.length < maxChars ? `\n${tailText}` : '\n_Outside domains and problems left out for length._\n';
  return text.trimEnd() + '\n';
}

function inputLine(analysis: ReportsAnalysis): string {
  return `${inputText(analysis)}.`;
}

function institutionSection(s: InstitutionSummary, r: Readiness): string {
  const lines = [`### ${code(s.code)} ${code(s.domain)}`, ''];
  const joiner = r.status === 'ready' || r.status === 'not-ready' ? ' ' : ': ';
  lines.push(`**${ICONS[r.status]}**${joiner}${verdictProse(s, r)}`, '');
  lines.push(
    `${plural(s.messages, 'message')}, DMARC pass ${percent(s.dmarcPass, s.messages)}; ${plural(s.reports, 'report')} over ${plural(s.days, 'day')} (${count(s.daysAtPolicy)} at ${code(describePolicy(s.policy))}); ` +
      `platform mail ${count(s.platform.messages)}, aligned DKIM pass ${percent(s.platform.alignedDkimPass, s.platform.messages)}.`,
    '',
  );
  if (hasOwnChart(s)) lines.push(...passRateChart(s), '');
  else lines.push(`${plural(s.daily.length, 'day')} of reports: too few for a daily chart (${CHART_MIN_DAYS} needed)${s.messages > 0 ? '; its pass rate over the window is in the chart per institution above' : ''}.`, '');
  const flagged = s.receivers.filter((x) => x.flagged);
  if (flagged.length) {
    const list = flagged.map((x) => md`${x.reporter} (${plainText(x.large!)}: DMARC pass ${num(percent(x.dmarcPass, x.messages))}, platform aligned DKIM ${num(percent(x.platformPass, x.platformMessages))})`.markdown);
    lines.push(`⚠️ Large receivers below the ${s.thresholds.passRate} % threshold: ${list.join('; ')}.`, '');
  }
  if (s.platform.failingSources.length) lines.push('Platform mail failing aligned DKIM:', '', ...sourceTable(s.platform.failingSources, (x) => x.messages - x.dkimAlignedPass), '');
  if (s.failingSources.length) lines.push('Largest failing sources:', '', ...sourceTable(s.failingSources, (x) => x.messages - x.dmarcPass), '');
  const blocking = r.rules.some((o) => o.id === 'blocking-sources' && !o.ok) ? s.recent.blockingSources.filter((b) => !b.sender?.forwarder) : [];
  if (blocking.length) lines.push(`Sources blocking \`p=reject\` (DMARC failures over the last ${s.recent.days} days):`, '', ...sourceTable(blocking, (x) => (x as BlockingSource).recentFailing), '');
  return lines.join('\n');
}

function sourceTable(sources: readonly SourceSummary[], failures: (s: SourceSummary) => number): string[] {
  const cell = (text: string) => tableCell(code(text));
  return [
    '| Source | Sender | Messages | Failing | SPF | DKIM | Reporters | Fix |',
    '|---|---|---:|---:|---|---|---|---|',
    ...sources.map(
      (s) =>
        `| ${cell(s.ip)} | ${tableCell(senderMarkdown(s))} | ${count(s.messages)} | ${count(failures(s))} | ${cell(spfText(s))} | ${cell(dkimText(s))} | ${cell(s.reporters.join(', '))} | ${tableCell(fixMarkdown(s))} |`,
    ),
  ];
}

function outsideSection(analysis: ReportsAnalysis): string[] {
  if (!analysis.outside.length) return [];
  return [
    `### Reports for domains outside the config (${analysis.outside.length})`,
    '',
    '| Domain | Reports | Messages | Reporters |',
    '|---|---:|---:|---|',
    ...analysis.outside.map((o) => `| ${tableCell(code(o.domain))} | ${count(o.reports)} | ${count(o.messages)} | ${tableCell(code(o.reporters.join(', ')))} |`),
    '',
  ];
}

function problemSection(analysis: ReportsAnalysis): string[] {
  const { problems, problemCount } = analysis.input;
  if (!problemCount) return [];
  return [
    `### Problems (${count(problemCount)})`,
    '',
    ...problems.map((p) => `- ${code(p.origin)}: ${code(p.message)}`),
    ...(problemCount > problems.length ? [`- … and ${count(problemCount - problems.length)} more`] : []),
    '',
  ];
}
