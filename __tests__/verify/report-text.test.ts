/**
 * verify's text report prints DNS data (a DMARC record in a reason) through terminalText, so an answer cannot
 * recolour the terminal, forge a CI log command or read backwards; the JSON report keeps the text as it is.
 */
import { checkDmarcRecord } from '../../verify/checks/dmarc-record';
import { buildReport, formatReport } from '../../verify/report';

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
