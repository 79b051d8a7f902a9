import { terminalText } from '../model/terminal-text';
import { CheckStatus, worst } from './check-result';
import { InstitutionReport } from './verify-domain';

export interface VerifyReport {
  /** `live` or `planned` (names the stacks define answered from the stacks). */
  readonly mode: 'live' | 'planned';
  /** The DNS server asked, or `system`. */
  readonly dnsServer: string;
  readonly status: CheckStatus;
  /** True when DNS gave no usable answer to some query, so some check has no verdict (status `unknown`, exit 2). */
  readonly unreachable: boolean;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly institutions: readonly InstitutionReport[];
}

export function buildReport(institutions: readonly InstitutionReport[], mode: VerifyReport['mode'], dnsServer: string): VerifyReport {
  // One pass over every check (no array of all of them): a fleet of 1,000 institutions has some 7,000.
  const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const inst of institutions) for (const c of inst.checks) counts[c.status]++;
  return { mode, dnsServer, status: worst(institutions), unreachable: counts.unknown > 0, counts, institutions };
}

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'N/A ' };
const SUMMARY_LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'N/A' };

/**
 * One line per check, a summary line per institution, and a total when there are several. Reasons carry live DNS
 * data (records, report addresses, host names): every value goes through terminalText, so a control character in a
 * TXT record cannot recolour the terminal or start a line of its own (a forged `::error` in a CI log).
 */
export function formatReport(report: VerifyReport): string[] {
  const pieces = reportText(report);
  return pieces.length === 0 ? [] : pieces.join('\n').split('\n');
}

/**
 * The lines of {@link formatReport} in pieces, one per institution (its lines joined by newlines, and the blank line
 * before it) and one for the total: what `verify` writes (cli/output-lines.ts joins them with newlines). Each piece is
 * built once, with no array of 9,000 lines for 1,000 institutions (issue 20). Every value is escaped by terminalText,
 * so no piece holds a newline but those between its lines, and splitting the text at newlines gives the lines back.
 */
export function reportText(report: VerifyReport): string[] {
  const pieces: string[] = [];
  // Check ids repeat in every institution (`spf.record`...): each distinct id is made safe and padded once.
  const ids = new Map<string, string>();
  let idWidth = 12;
  for (const inst of report.institutions) {
    for (const c of inst.checks) {
      if (ids.has(c.id)) continue;
      const safe = shown(c.id);
      ids.set(c.id, safe);
      if (safe.length > idWidth) idWidth = safe.length;
    }
  }
  for (const [id, safe] of ids) ids.set(id, safe.padEnd(idWidth));
  const planned = report.mode === 'planned' ? ' [planned]' : '';
  for (const inst of report.institutions) {
    const domain = shown(inst.domain);
    let text = `${pieces.length > 0 ? '\n' : ''}${domain} (code ${shown(inst.code)})${planned}`;
    // The tally is counted while the lines are written: one pass over the checks.
    const tally = { pass: 0, warn: 0, fail: 0, unknown: 0 };
    for (const c of inst.checks) {
      tally[c.status]++;
      text += `\n  ${LABEL[c.status]}  ${ids.get(c.id)}  ${shown(c.reason)}`;
    }
    const unknown = tally.unknown > 0 ? `, ${tally.unknown} without verdict` : '';
    pieces.push(`${text}\n  => ${SUMMARY_LABEL[inst.status]} ${domain}: ${tally.pass} passed, ${tally.warn} warnings, ${tally.fail} failed${unknown}`);
  }
  const end: string[] = [];
  if (report.institutions.length > 1) {
    const byStatus = (s: CheckStatus) => report.institutions.filter((i) => i.status === s).length;
    const unknown = byStatus('unknown') > 0 ? `, ${byStatus('unknown')} without verdict` : '';
    end.push('', `${report.institutions.length} institutions: ${byStatus('pass')} pass, ${byStatus('warn')} with warnings, ${byStatus('fail')} failing${unknown}`);
  }
  if (report.unreachable) end.push(`DNS gave no usable answer to some queries (${terminalText(report.dnsServer)}): the checks marked N/A have no verdict`);
  if (end.length > 0) pieces.push(end.join('\n'));
  return pieces;
}

/**
 * Printable ASCII, and the arrow the DKIM reasons hold: text with no other character has nothing terminalText would
 * escape, and this test (no `u` flag, so no surrogate pairs to tell from lone halves) costs half as much on the 9,000
 * values of a report of 1,000 domains.
 */
const PLAIN_TEXT = /[^\x20-\x7e\u2192]/;

/** {@link terminalText}, with the plain text above returned as it is. */
export function shown(text: string): string {
  return PLAIN_TEXT.test(text) ? terminalText(text) : text;
}
