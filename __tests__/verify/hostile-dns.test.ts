/**
 * verify prints live DNS data, which whoever runs a zone controls (issue 9, item 3): in the text report every value
 * goes through terminalText, so ESC sequences cannot recolour or clear the terminal and a newline cannot start a line
 * of its own (a forged GitHub Actions `::error` command). The JSON report keeps the exact values, escaped by JSON.
 */
import { VerifyReport } from '../../verify/report';
import { BindServer, describeWithBind, startBind } from '../helpers/bind';
import { healthyZone, testWorld } from './fixture';
import { runVerify } from './run-verify';

const ESC = '\u001b';
const RUA = `mailto:dmarc@hostile.test${ESC}[2J${ESC}[31m,mailto:x@hostile.test\n::error file=institutions.yaml::forged`;
// U+0085 (NEL, a C1 control) arrives as the latin1 reading of its UTF-8 bytes, "Â\x85": node:dns decodes TXT as latin1.
const POLICY = `none${ESC}[8m\u0007\u0085`;

describeWithBind('verify prints hostile DNS data safely', () => {
  let server: BindServer;

  beforeAll(async () => {
    const zone = (domain: string, dmarc: string) => healthyZone(domain).map((r) => (r.name === `_dmarc.${domain}` ? { ...r, value: dmarc } : r));
    server = await startBind({
      ...testWorld().zones,
      'hostile.test': zone('hostile.test', `v=DMARC1; p=none; rua=${RUA}`),
      'policy.test': zone('policy.test', `v=DMARC1; p=${POLICY}`),
    });
  });
  afterAll(() => server?.stop());

  it('the text report shows control characters as escapes: no ESC reaches the terminal, no line is forged', async () => {
    const run = await runVerify(['--domain', 'hostile.test', '--code', 'healthy', '--dns-server', server.address]);
    expect(run.code).toBe(1);
    const lines = run.out.split('\n');
    // eslint-disable-next-line no-control-regex
    expect(lines.filter((l) => /[\u0000-\u001f\u007f-\u009f\u202e]/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('::'))).toEqual([]);
    expect(lines.filter((l) => / dmarc\./.test(l))).toEqual([
      '  PASS  dmarc.record                              policy p=none, aggregate reports to mailto:dmarc@hostile.test\\x1b[2J\\x1b[31m,mailto:x@hostile.test\\x0a::error file=institutions.yaml::forged',
      // The report domain read from that rua is not a host name: it is reported, and never sent to DNS as a query.
      expect.stringMatching(/^ {2}FAIL {2}dmarc\.report\.hostile\.test\\x1b\[2j\\x1b\[31m {2}the DMARC record of hostile\.test sends reports to an invalid domain: the report domain labels must be letters.*; no report can be delivered there$/),
    ]);
  });

  it('a failure reason quoting a hostile value is escaped too', async () => {
    const run = await runVerify(['--domain', 'policy.test', '--code', 'healthy', '--dns-server', server.address]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('  FAIL  dmarc.record  p=none\\x1b[8m\\x07Â\\x85 is not a policy (expected none|quarantine|reject)');
  });

  it('--json keeps the exact values; JSON escapes the control characters', async () => {
    const run = await runVerify(['--domain', 'hostile.test', '--code', 'healthy', '--dns-server', server.address, '--json']);
    expect(run.out).not.toContain(ESC);
    const report = JSON.parse(run.out) as VerifyReport;
    expect(report.institutions[0]!.checks.find((c) => c.id === 'dmarc.record')!.reason).toBe(`policy p=none, aggregate reports to ${RUA}`);
  });
});
