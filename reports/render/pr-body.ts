/**
 * The body of the rollout pull request (`reports --pr-body FILE`): per institution whose step is proposed, the step
 * (`p=none → p=quarantine; t=y`), the evidence (days at the current policy, messages, the aligned pass rate, the
 * platform's DKIM, the failing sources with their service and fix), the thresholds it was judged by, and the
 * rollback (the values before the step). Steps that could not be written into the config are listed with why. Every
 * value from the config or a report goes through the Markdown escaping of summary/markdown-text.ts.
 */
import { code, md, tableCell } from '../../summary/markdown-text';
import { fixMarkdown, senderMarkdown } from './sender-markdown';
import { ReportsAnalysis } from '../analyze';
import { InstitutionSummary, SourceSummary } from '../analysis/summary';
import { count, percent } from '../numbers';
import { Readiness } from '../readiness/evaluate';
import { configChangeText, ConfigChange, describePolicy, PolicyState } from '../readiness/ladder';
import { daysNeeded } from '../readiness/rule';
import { BLOCKING_WINDOW_DAYS } from '../readiness/thresholds';

/** First line of the body: the workflow finds its own pull request by it. */
export const PR_BODY_MARKER = '<!-- email-auth-dns dmarc-rollout -->';
/** A pull request body holds at most 65,536 characters. */
export const MAX_PR_BODY_CHARS = 60_000;

export interface ProposalOutcome {
  /** The config file edited (or that would be). */
  readonly file: string;
  /** Codes whose step was written into the config (all ready ones when the file was edited). */
  readonly applied: readonly string[];
  /** Ready institutions whose step could not be written, and why. */
  readonly refused: readonly { readonly code: string; readonly reason: string }[];
  /** Whether the file was written (false with `--pr-body` alone, or when nothing could be applied). */
  readonly written: boolean;
}

export function renderPrBody(analysis: ReportsAnalysis, proposal: ProposalOutcome, maxChars = MAX_PR_BODY_CHARS): string {
  const ready = analysis.institutions.filter((i) => i.readiness.status === 'ready');
  const applied = ready.filter((i) => proposal.applied.includes(i.summary.code));
  const period = analysis.period ? md` from ${analysis.period.begin} to ${analysis.period.end}`.markdown : '';
  const head = [PR_BODY_MARKER, '## DMARC: the next rollout steps the aggregate reports allow', ''];
  if (applied.length === 0) {
    head.push(
      ready.length === 0
        ? `No institution is ready for its next DMARC step in the reports${period}: nothing to change.`
        : `${ready.length === 1 ? 'One institution is' : `${ready.length} institutions are`} ready for the next DMARC step in the reports${period}, but no step could be written into the config: see below why.`,
      '',
    );
  } else {
    head.push(
      `The DMARC aggregate reports${period} show that ${applied.length === 1 ? 'this institution' : `these ${applied.length} institutions`} can take the next step of the ladder ` +
        '(`p=none` → `p=quarantine; t=y` → `p=quarantine` → `p=reject`). ' +
        `${(proposal.written ? md`This pull request makes exactly that change in ${proposal.file}` : md`The change to make in ${proposal.file}`).markdown}: the plan and the summary of the pipeline show it as a tightening of each DMARC record. ` +
        'Merge it to deploy it; close it to wait. `email-auth reports` proposes nothing for an institution until its new policy has days of reports behind it.',
      '',
      '| Institution | Domain | Step | Config change |',
      '|---|---|---|---|',
      ...applied.map(({ summary: s, readiness: r }) => `| ${tableCell(code(s.code))} | ${tableCell(code(s.domain))} | ${tableCell(code(`${describePolicy(s.policy)} → ${r.next!.policy}`))} | ${tableCell(code(r.next!.configText))} |`),
      '',
    );
  }
  const tail: string[] = [];
  if (proposal.refused.length) {
    tail.push('### Ready, but not written into the config', '', ...proposal.refused.map((r) => md`- ${r.code}: ${r.reason}`.markdown), '');
  }
  let text = head.join('\n');
  let shown = 0;
  for (const { summary, readiness } of applied) {
    const section = institutionSection(summary, readiness);
    if (text.length + section.length + tail.join('\n').length + 300 > maxChars) break;
    text += `\n${section}`;
    shown++;
  }
  if (shown < applied.length) text += `\n_${applied.length - shown} more institutions left out to stay within ${count(maxChars)} characters: \`email-auth reports --json\` has every one._\n`;
  if (tail.length) text += `\n${tail.join('\n')}`;
  return text.trimEnd() + '\n';
}

function institutionSection(s: InstitutionSummary, r: Readiness): string {
  const t = s.thresholds;
  const need = daysNeeded(s.policy, t);
  const platformFailed = s.platform.messages - s.platform.alignedDkimPass;
  const lines = [
    md`### ${s.code} ${s.domain}: ${describePolicy(s.policy)} → ${r.next!.policy}`.markdown,
    '',
    '| Evidence | Measured | Needed |',
    '|---|---:|---:|',
    `| Days of reports at ${code(describePolicy(s.policy))} | ${count(s.daysAtPolicy)} | ${count(need.days)} |`,
    `| Messages reported | ${count(s.messages)} | ${count(t.messages)} |`,
    `| DMARC pass rate (SPF or DKIM aligned) | ${percent(s.dmarcPass, s.messages)} | ${t.passRate} % |`,
    `| Platform mail passing aligned DKIM | ${count(s.platform.alignedDkimPass)} of ${count(s.platform.messages)} (${percent(s.platform.alignedDkimPass, s.platform.messages)}) | all${platformFailed > 0 ? ' (the rest at forwarders)' : ''} |`,
    ...(need.forReject ? [`| Sources failing ≥ ${count(t.blockingMessages)} messages and ≥ ${t.blockingShare} % over ${BLOCKING_WINDOW_DAYS} days | ${count(s.recent.blockingSources.filter((b) => !b.sender?.forwarder).length)} | 0 |`] : []),
    '',
    `${count(s.reports)} reports from ${count(s.reporters.length)} receivers over ${count(s.days)} days.`,
    '',
  ];
  const receivers = s.receivers.filter((x) => x.large !== null);
  if (receivers.length) {
    lines.push('| Large receiver | Messages | DMARC pass | Platform aligned DKIM |', '|---|---:|---:|---:|');
    for (const x of receivers) lines.push(`| ${tableCell(code(x.reporter))}${x.flagged ? ' ⚠️ below the threshold' : ''} | ${count(x.messages)} | ${percent(x.dmarcPass, x.messages)} | ${percent(x.platformPass, x.platformMessages)} |`);
    lines.push('');
  }
  if (s.failingSources.length) {
    lines.push('Failing sources (they fail today, and will be quarantined or rejected after the step unless fixed):', '', ...sourceTable(s.failingSources), '');
  }
  lines.push(`**Rollback**: revert this pull request, or set ${code(configChangeText(rollback(s.policy, r.next!.change)))} (the values before the step).`, '');
  return lines.join('\n');
}

/** The values of the changed keys before the step, in the config's names. */
export function rollback(before: PolicyState, change: ConfigChange): ConfigChange {
  const previous: { -readonly [K in keyof ConfigChange]: ConfigChange[K] } = {};
  if (change.policy !== undefined) previous.policy = before.p;
  if (change.t !== undefined) previous.t = before.t;
  if (change.subdomainPolicy !== undefined) previous.subdomainPolicy = before.sp;
  if (change.nonexistentSubdomainPolicy !== undefined) previous.nonexistentSubdomainPolicy = before.np;
  return previous;
}

function sourceTable(sources: readonly SourceSummary[]): string[] {
  return [
    '| Source | Service | Failing | Fix |',
    '|---|---|---:|---|',
    ...sources.map((s) => `| ${tableCell(code(s.ip))} | ${tableCell(senderMarkdown(s) || 'unknown')} | ${count(s.messages - s.dmarcPass)} of ${count(s.messages)} | ${tableCell(fixMarkdown(s))} |`),
  ];
}
