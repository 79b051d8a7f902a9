/**
 * verify's text report prints DNS data (a DMARC record in a reason) through terminalText, so an answer cannot
 * recolour the terminal, forge a CI log command or read backwards; the JSON report keeps the text as it is.
 */
import { checkDmarcRecord } from '../../verify/checks/dmarc-record';
import { terminalText } from '../../model/terminal-text';
import { CheckStatus, worst } from '../../verify/check-result';
import { buildReport, formatReport, VerifyReport } from '../../verify/report';
import { InstitutionReport } from '../../verify/verify-domain';

describe('verify text report', () => {
  const record = 'v=DMARC1; p=\u202ereject; rua=mailto:a@example.org';
  const { result } = checkDmarcRecord('example.org', { kind: 'records', values: [record] });
  const report = buildReport([{ code: 'x', domain: 'example.org', status: result.status, checks: [result] }], 'live', 'system');

  test('a bidi override in a live record is shown as an escape in the text report', () => {
    const line = formatReport(report).find((l) => l.includes('dmarc.record'))!;
    expect(line).toContain('p=\\u{202e}reject');
    expect(line).not.toContain('\u202e');
  });

  test('the JSON report keeps the reason as data', () => {
    expect(JSON.parse(JSON.stringify(report)).institutions[0].checks[0].reason).toContain('\u202e');
  });
});

/**
 * The report is rendered in one pass per institution, each distinct check id escaped and padded once (issue 20). The
 * way it was rendered before, kept here, must give the same lines and counts for every mix of statuses, modes, ids
 * wider than the column and ids or reasons that need escaping.
 */
describe('verify text report: same lines as the straightforward rendering', () => {
  const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'N/A ' };
  const count = (checks: readonly { status: CheckStatus }[], status: CheckStatus) => checks.filter((c) => c.status === status).length;
  const tally = (checks: readonly { status: CheckStatus }[]) =>
    `${count(checks, 'pass')} passed, ${count(checks, 'warn')} warnings, ${count(checks, 'fail')} failed${count(checks, 'unknown') > 0 ? `, ${count(checks, 'unknown')} without verdict` : ''}`;

  function straightforward(report: VerifyReport): string[] {
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

  const STATUSES: CheckStatus[] = ['pass', 'warn', 'fail', 'unknown'];
  const IDS = ['spf.record', 'mx', 'dkim.stxsel1', 'dmarc.report.a-rather-long-report-domain.example', 'dmarc.report.evil\u001b[31m.test', 'dmarc.report.\u202eodd.test'];
  /** Institutions with checks drawn from the lists above by a fixed rule, so that every run sees the same mix. */
  function institutions(count: number, seed: number): InstitutionReport[] {
    return Array.from({ length: count }, (_, i) => {
      const checks = Array.from({ length: 1 + ((i * 7 + seed) % 6) }, (_, k) => {
        const status = STATUSES[(i + k * 3 + seed) % 4]!;
        return { id: IDS[(i * 5 + k + seed) % IDS.length]!, status, reason: `reason ${i}.${k}${k % 3 === 1 ? ' with \n a newline' : ''}` };
      });
      return { code: `c${i}`, domain: i % 4 === 3 ? `d${i}.\u0007example` : `d${i}.example`, status: worst(checks), checks };
    });
  }

  test.each([
    ['one institution, live', 1, 0, 'live'],
    ['several, live', 9, 1, 'live'],
    ['several, planned', 12, 2, 'planned'],
    ['many', 40, 3, 'live'],
  ] as const)('%s', (_, n, seed, mode) => {
    const list = institutions(n, seed);
    const report = buildReport(list, mode, 'dns\u001b.server');
    const checks = list.flatMap((i) => i.checks);
    expect(report.counts).toEqual({ pass: count(checks, 'pass'), warn: count(checks, 'warn'), fail: count(checks, 'fail'), unknown: count(checks, 'unknown') });
    expect(Object.keys(report.counts)).toEqual(['pass', 'warn', 'fail', 'unknown']);
    expect(report.unreachable).toBe(checks.some((c) => c.status === 'unknown'));
    expect(formatReport(report)).toEqual(straightforward(report));
  });

  test('a report with only short ids and no unknown keeps the 12-wide column and no N/A line', () => {
    const list: InstitutionReport[] = [{ code: 'x', domain: 'example.org', status: 'pass', checks: [{ id: 'mx', status: 'pass', reason: 'ok' }] }];
    const report = buildReport(list, 'live', 'system');
    expect(report.unreachable).toBe(false);
    expect(formatReport(report)).toEqual(straightforward(report));
    expect(formatReport(report)[1]).toBe('  PASS  mx            ok');
  });
});
