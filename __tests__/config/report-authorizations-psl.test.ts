/**
 * The Public Suffix List (tldts) is asked only for what a message or a decision needs (issue 20): a config whose
 * report authorisations are all published, or whose report addresses all lie in the sender's own domain, never asks
 * it; the warning that names the organizational domain still does, with the same text.
 */
import { validateConfig } from '../../config/load';
import { formatProblem } from '../../model/problems';

jest.mock('tldts', () => {
  const real = jest.requireActual('tldts');
  return { ...real, getDomain: jest.fn(real.getDomain) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const getDomain = (require('tldts') as { getDomain: jest.Mock }).getDomain;

const opera = { code: 'operabern', domain: 'tickets.opera-bern.ch', provider: 'cloudflare', zoneName: 'opera-bern.ch', dmarc: { rua: ['mailto:dmarc-reports@opera-bern.ch'] } };
const mosa = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ', dmarc: { rua: ['mailto:dmarc@mosamuseum.com'], ruf: ['mailto:forensic@MosaMuseum.com'] } };

beforeEach(() => getDomain.mockClear());

describe('report authorisation asks the Public Suffix List only when it must', () => {
  test('report addresses in the sender’s own domain: no lookup, no record, no warning', () => {
    const { config, problems } = validateConfig({ institutions: [mosa] });
    expect(problems).toEqual([]);
    expect(config!.institutions[0]!.records.filter((r) => r.purpose === 'report-auth')).toEqual([]);
    expect(getDomain).not.toHaveBeenCalled();
  });

  test('a sender below its zone apex reporting to the apex, published in its own zone: the record, no warning, no lookup', () => {
    const { config, problems } = validateConfig({ institutions: [opera] });
    expect(problems).toEqual([]);
    expect(config!.institutions[0]!.records.filter((r) => r.purpose === 'report-auth').map((r) => r.name)).toEqual(['tickets.opera-bern.ch._report._dmarc.opera-bern.ch']);
    expect(getDomain).not.toHaveBeenCalled();
  });

  test('the same sender with publishing turned off: the warning names the PSL organizational domain, so the list is asked', () => {
    const { problems } = validateConfig({ institutions: [{ ...opera, dmarc: { ...opera.dmarc, publishReportAuthorization: false } }] });
    expect(problems.map(formatProblem)).toEqual([
      'warning: institutions[0].dmarc.rua[0]: reports go to opera-bern.ch, in tickets.opera-bern.ch\'s organisation by the Public Suffix List; but receivers that follow RFC 9989 find organizational domains by a DNS tree walk (§4.10), and unless _dmarc.opera-bern.ch exists (this config publishes none), tickets.opera-bern.ch is its own organizational domain: they send the reports only if opera-bern.ch publishes tickets.opera-bern.ch._report._dmarc.opera-bern.ch TXT "v=DMARC1"; dmarc.publishReportAuthorization is false, so this config does not publish it',
    ]);
    expect(getDomain).toHaveBeenCalledWith('tickets.opera-bern.ch');
  });

  test('several addresses in that report domain: one warning each, the list asked once', () => {
    const dmarc = { rua: ['mailto:a@opera-bern.ch', 'mailto:b@opera-bern.ch'], ruf: ['mailto:c@opera-bern.ch'], publishReportAuthorization: false };
    const { problems } = validateConfig({ institutions: [{ ...opera, dmarc }] });
    expect(problems.map((p) => p.path)).toEqual(['institutions[0].dmarc.rua[0]', 'institutions[0].dmarc.rua[1]', 'institutions[0].dmarc.ruf[0]']);
    expect(new Set(problems.map((p) => p.message)).size).toBe(1);
    expect(getDomain).toHaveBeenCalledTimes(1);
  });
});
