/**
 * The Markdown table per receiver (the reports' `org_name`), over every institution: messages and the aligned pass
 * rate of all mail and of the platform's mail. A large mailbox provider with bulk-sender rules (Gmail, Yahoo,
 * Outlook.com) whose rate is below an institution's threshold is flagged with the institutions concerned, even when
 * each institution's overall rate passes. Receiver names come from reports: code spans only.
 */
import { code, plainText, tableCell } from '../../summary/markdown-text';
import { InstitutionSummary } from '../analysis/summary';
import { count, percent } from '../numbers';

/** Rows of the table: the receivers with the most messages. */
export const RECEIVER_ROWS = 30;

export function receiversSection(summaries: readonly InstitutionSummary[]): string[] {
  const byReceiver = new Map<string, { large: string | null; messages: number; dmarcPass: number; platformMessages: number; platformPass: number; flaggedAt: string[] }>();
  for (const s of summaries) {
    for (const r of s.receivers) {
      let row = byReceiver.get(r.reporter);
      if (!row) byReceiver.set(r.reporter, (row = { large: r.large, messages: 0, dmarcPass: 0, platformMessages: 0, platformPass: 0, flaggedAt: [] }));
      row.messages += r.messages;
      row.dmarcPass += r.dmarcPass;
      row.platformMessages += r.platformMessages;
      row.platformPass += r.platformPass;
      if (r.flagged) row.flaggedAt.push(s.code);
    }
  }
  if (byReceiver.size === 0) return [];
  const rows = [...byReceiver].sort(([a, x], [b, y]) => y.messages - x.messages || a.localeCompare(b));
  const shown = rows.slice(0, RECEIVER_ROWS);
  return [
    '### Per receiver',
    '',
    'How each receiver saw the mail: DMARC pass is SPF or DKIM aligned with the From domain, over all mail; platform is the platform-signed mail passing aligned DKIM. ⚠️ marks a large mailbox provider below an institution\'s pass-rate threshold.',
    '',
    '| Receiver | Messages | DMARC pass | Platform messages | Platform aligned DKIM | Below the threshold at |',
    '|---|---:|---:|---:|---:|---|',
    ...shown.map(([name, r]) => {
      const large = r.large ? ` (${plainText(r.large).markdown})` : '';
      const flagged = r.flaggedAt.length ? `⚠️ ${r.flaggedAt.slice(0, 10).map((c) => code(c)).join(', ')}${r.flaggedAt.length > 10 ? ` and ${count(r.flaggedAt.length - 10)} more` : ''}` : '';
      return `| ${tableCell(code(name))}${large} | ${count(r.messages)} | ${percent(r.dmarcPass, r.messages)} | ${count(r.platformMessages)} | ${percent(r.platformPass, r.platformMessages)} | ${tableCell(flagged)} |`;
    }),
    ...(rows.length > shown.length ? [`| _${count(rows.length - shown.length)} more receivers_ | | | | | |`] : []),
    '',
  ];
}
