/**
 * verify prints live DNS data, which whoever runs a zone controls (issue 9, item 3): in the text report every value
 * goes through terminalText, so ESC sequences cannot recolour or clear the terminal, and a newline (or NEL, U+0085)
 * cannot start a line of its own (a forged GitHub Actions `::error` command). The JSON report keeps the exact values.
 */
import { VerifyReport } from '../../verify/report';
import { BindServer, describeWithBind, startBind, ZoneRecord } from '../helpers/bind';
import { healthyZone, testWorld } from './fixture';
import { runVerify } from './run-verify';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const ESC = '\u001b';
const RUA = `mailto:dmarc@hostile.test${ESC}[2J${ESC}[31m,mailto:x@hostile.test\n::error file=institutions.yaml::forged`;
/** NEL (U+0085), published as its UTF-8 bytes; verify decodes TXT as UTF-8 (node:dns alone reads it as latin1, "Â\x85"). */
const POLICY = `none${ESC}[8m\u0007\u0085::error::forged`;
/** A DKIM key whose v= tag carries an escape sequence (whitespace, newlines included, is dropped from tag values). */
const KEY_VERSION = `DKIM1${ESC}[2J${ESC}[31m`;

/** Each line of a text report: no C0 or C1 control character, no line that a CI runner reads as a command. */
function expectSafeLines(out: string): void {
  const lines = out.split('\n');
  // eslint-disable-next-line no-control-regex
  expect(lines.filter((l) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/.test(l))).toEqual([]);
  expect(lines.filter((l) => l.startsWith('::'))).toEqual([]);
}

describeWithBind('verify prints hostile DNS data safely', () => {
  let server: BindServer;

  beforeAll(async () => {
    const dmarc = (domain: string, value: string) => (r: ZoneRecord) => (r.name === `_dmarc.${domain}` ? { ...r, value } : r);
    const world = testWorld().zones;
    const keys: ZoneRecord[] = ['sel1', 'sel2'].map((s) => ({ name: `${s}-hostile._domainkey.dkim.secutix.com`, type: 'TXT', value: `v=${KEY_VERSION}; k=rsa; p=AAAA` }));
    server = await startBind({
      ...world,
      'secutix.com': [...world['secutix.com']!, ...keys],
      'rua.test': healthyZone('rua.test').map(dmarc('rua.test', `v=DMARC1; p=none; rua=${RUA}`)),
      'policy.test': healthyZone('policy.test').map(dmarc('policy.test', `v=DMARC1; p=${POLICY}`)),
      'dkim.test': healthyZone('dkim.test', undefined, 'hostile'),
    });
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

  it('an ESC sequence and a newline in a live rua reach the terminal as escapes', async () => {
    const run = await runVerify(['--domain', 'rua.test', '--code', 'healthy', '--dns-server', server.address]);
    expectSafeLines(run.out);
    expect(run.out).toMatch(/^ {2}FAIL {2}dmarc\.record {2}.*\\u001b\[2J\\u001b\[31m.*::error file=institutions\.yaml::forged/m);
  });

  it('a NEL in a live policy, which JSON quoting leaves as it is, is shown as \\x85', async () => {
    const run = await runVerify(['--domain', 'policy.test', '--code', 'healthy', '--dns-server', server.address]);
    expectSafeLines(run.out);
    expect(run.out).toMatch(/^ {2}FAIL {2}dmarc\.record {2}.*none\\u001b\[8m\\u0007\\x85::error::forged/m);
  });

  it('a reason that quotes a DNS value as it is (a DKIM key version) shows it escaped', async () => {
    const run = await runVerify(['--domain', 'dkim.test', '--code', 'hostile', '--dns-server', server.address]);
    expect(run.code).toBe(1);
    expectSafeLines(run.out);
    expect(run.out).toContain('  FAIL  dkim.stxsel1  key record at sel1-hostile._domainkey.dkim.secutix.com has v=DKIM1\\x1b[2J\\x1b[31m, expected v=DKIM1 (RFC 6376 §3.6.1)');
  });

  it('--json keeps the exact values; JSON escapes the control characters', async () => {
    const run = await runVerify(['--domain', 'dkim.test', '--code', 'hostile', '--dns-server', server.address, '--json']);
    expect(run.out).not.toContain(ESC);
    const report = JSON.parse(run.out) as VerifyReport;
    expect(report.institutions[0]!.checks.find((c) => c.id === 'dkim.stxsel1')!.reason).toBe(`key record at sel1-hostile._domainkey.dkim.secutix.com has v=${KEY_VERSION}, expected v=DKIM1 (RFC 6376 §3.6.1)`);
  });
});
