import { terminalText } from '../model/terminal-text';
import { CheckStatus, worst } from './check-result';
import { InstitutionReport } from './verify-domain';

export interface VerifyReport {
  /** `live` or `planned` (names the stacks define answered from the stacks). */
  readonly mode: 'live' | 'planned';
  /** The DNS server asked, or `system`. */
  readonly dnsServer: string;
  readonly status: CheckStatus;
  /** True when some query got no answer at all: the verdict is incomplete (exit 2). */
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
    unreachable: checks.some((c) => c.unreachable),
    counts: { pass: count(checks, 'pass'), warn: count(checks, 'warn'), fail: count(checks, 'fail') },
    institutions,
  };
}

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** One line per check, a summary line per institution, and a total when there are several. */
export function formatReport(report: VerifyReport): string[] {
  const lines: string[] = [];
  const idWidth = Math.max(12, ...report.institutions.flatMap((i) => i.checks.map((c) => c.id.length)));
  report.institutions.forEach((inst, n) => {
    if (n > 0) lines.push('');
    lines.push(`${inst.domain} (code ${inst.code})${report.mode === 'planned' ? ' [planned]' : ''}`);
    // Reasons quote DNS answers (a DMARC record, a report domain): shown escaped, so an answer cannot act on the terminal.
    for (const c of inst.checks) lines.push(`  ${LABEL[c.status]}  ${terminalText(c.id).padEnd(idWidth)}  ${terminalText(c.reason)}`);
    lines.push(`  => ${LABEL[inst.status]} ${inst.domain}: ${tally(inst.checks)}`);
  });
  if (report.institutions.length > 1) {
    const byStatus = (s: CheckStatus) => report.institutions.filter((i) => i.status === s).length;
    lines.push('', `${report.institutions.length} institutions: ${byStatus('pass')} pass, ${byStatus('warn')} with warnings, ${byStatus('fail')} failing`);
  }
  if (report.unreachable) lines.push(`DNS did not answer some queries (${report.dnsServer}): the result is incomplete`);
  return lines;
}

function tally(checks: readonly { status: CheckStatus }[]): string {
  return `${count(checks, 'pass')} passed, ${count(checks, 'warn')} warnings, ${count(checks, 'fail')} failed`;
}

function count(checks: readonly { status: CheckStatus }[], status: CheckStatus): number {
  return checks.filter((c) => c.status === status).length;
}
