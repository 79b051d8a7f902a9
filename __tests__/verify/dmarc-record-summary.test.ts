import fc from 'fast-check';
import { DmarcRecord, parseDmarcRecord } from '../../model/dmarc-record';
import { checkDmarcRecord } from '../../verify/checks/dmarc-record';

/**
 * The summary the DMARC record check writes ("policy p=reject sp=none t=y, aggregate reports to …") is built by
 * appending; it must read exactly as the arrays filtered, mapped and joined that it replaced (written out here).
 */
function summaryAsBefore(record: DmarcRecord): string {
  const parts = (['p', 'sp', 'np'] as const).filter((t) => record[t] !== undefined).map((t) => `${t}=${record[t]}`);
  if (record.tags.pct !== undefined) parts.push(`pct=${record.tags.pct}`);
  if (record.testing) parts.push('t=y');
  const tags = parts.join(' ') || 'p=none (no p tag)';
  return `policy ${tags}${record.rua.length > 0 ? `, aggregate reports to ${record.rua.map((u) => u.uri).join(',')}` : ', no aggregate reports (rua)'}`;
}

const optional = (tag: string, values: string[]) => fc.option(fc.constantFrom(...values.map((v) => `${tag}=${v}`)), { nil: undefined, freq: 2 });
const record = fc
  .tuple(
    optional('p', ['none', 'quarantine', 'reject', 'bogus']),
    fc.shuffledSubarray([
      'sp=none',
      'np=reject',
      'pct=50',
      't=y',
      't=n',
      'rua=mailto:a@example.org',
      'rua=mailto:a@example.org,mailto:b@example.org,MAILTO:c@Example.org',
      'rua=https://example.org/r',
    ]),
  )
  .map(([p, rest]) => ['v=DMARC1', ...(p ? [p] : []), ...rest].join('; '));

describe('DMARC record check: the summary of a valid record', () => {
  test('reads as it did, for any mix of policies, pct, test mode and report URIs', () => {
    let summaries = 0;
    fc.assert(
      fc.property(record, (text) => {
        const { result, record: read } = checkDmarcRecord('example.org', { kind: 'records', values: [text] });
        if (read === undefined || read.errors.length > 0) return;
        summaries++;
        expect(result.reason.split('; ')[0]).toBe(summaryAsBefore(parseDmarcRecord(text)));
      }),
      { numRuns: 2000 },
    );
    expect(summaries).toBeGreaterThan(100);
  });
});
