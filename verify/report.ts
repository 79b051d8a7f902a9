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
  const checks = institutions.flatMap((i) => i.checks);
  return {
    mode,
    dnsServer,
    status: worst(institutions),
    unreachable: checks.some((c) => c.status === 'unknown'),
    counts: { pass: count(checks, 'pass'), warn: count(checks, 'warn'), fail: count(checks, 'fail'), unknown: count(checks, 'unknown') },
    institutions,
  };
}

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'N/A ' };

/**
 * One line per check, a summary line per institution, and a total when there are several. Reasons carry live DNS
 * data (records, report addresses, host names): every value goes through terminalText, so a control character in a
 * TXT record cannot recolour the terminal or start a line of its own (a forged `::error` in a CI log).
 */
export function formatReport(report: VerifyReport): string[] {
  const lines: string[] = [];
  const idWidth = Math.max(12, ...report.institutions.flatMap((i) => i.checks.map((c) => terminalText(c.id).length)));
  report.institutions.forEach((inst, n) => {
    const domain = terminalText(inst.domain);
    if (n > 0) lines.push('');
    lines.push(`${domain} (code ${terminalText(inst.code)})${report.mode === 'planned' ? ' [planned]' : ''}`);
    for (const c of inst.checks) lines.push(`  ${LABEL[c.status]}  ${terminalText(c.id).padEnd(idWidth)}  ${terminalText(c.reason)}`);
    lines.push(`  => ${LABEL[inst.status].trim()} ${domain}: ${tally(inst.checks)}`);
  });
  if (report.institutions.length > 1) {
    const byStatus = (s: CheckStatus) => report.institutions.filter((i) => i.status === s).length;
    const unknown = byStatus('unknown') > 0 ? `, ${byStatus('unknown')} without verdict` : '';
    lines.push('', `${report.institutions.length} institutions: ${byStatus('pass')} pass, ${byStatus('warn')} with warnings, ${byStatus('fail')} failing${unknown}`);
  }
  if (report.unreachable) lines.push(`DNS gave no usable answer to some queries (${terminalText(report.dnsServer)}): the checks marked N/A have no verdict`);
  return lines;
}

function tally(checks: readonly { status: CheckStatus }[]): string {
  const unknown = count(checks, 'unknown') > 0 ? `, ${count(checks, 'unknown')} without verdict` : '';
  return `${count(checks, 'pass')} passed, ${count(checks, 'warn')} warnings, ${count(checks, 'fail')} failed${unknown}`;
}

function count(checks: readonly { status: CheckStatus }[], status: CheckStatus): number {
  return checks.filter((c) => c.status === status).length;
}
