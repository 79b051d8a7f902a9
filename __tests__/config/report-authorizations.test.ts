/**
 * The config's report authorisations: `dmarc.publishReportAuthorization` and the top-level `reportAuthorizations`
 * list, checked like every other key (field, rule, nothing written), and the records each stack then publishes.
 */
import { join } from 'node:path';
import { loadConfigFile, validateConfig } from '../../config/load';
import { formatProblem } from '../../model/problems';

const opera = { code: 'operabern', domain: 'tickets.opera-bern.ch', provider: 'cloudflare', zoneName: 'opera-bern.ch', dmarc: { rua: ['mailto:dmarc-reports@opera-bern.ch'] } };
const mosa = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', zoneId: 'Z0123456789ABCDEFGHIJ', dmarc: { rua: ['mailto:dmarc@reports.vendor.net'] } };
const collector = { name: 'vendor', reportDomain: 'reports.vendor.net', provider: 'route53', zoneName: 'vendor.net' };

function load(raw: unknown) {
  const result = validateConfig(raw);
  return { ...result, errors: result.problems.filter((p) => p.severity === 'error').map(formatProblem), warnings: result.problems.filter((p) => p.severity === 'warning').map(formatProblem) };
}

const authNames = (records: readonly { purpose: string; name: string }[]) => records.filter((r) => r.purpose === 'report-auth').map((r) => r.name);

describe('report authorisations in the config', () => {
  test('the shipped example: operabern publishes the authorisation its report address needs in its own zone, so no warning', () => {
    const { config, problems } = loadConfigFile(join(__dirname, '../../institutions.yaml'));
    expect(problems.filter((p) => /_report\._dmarc/.test(p.message))).toEqual([]);
    const operabern = config!.institutions.find((i) => i.code === 'operabern')!;
    expect(operabern.records.filter((r) => r.purpose === 'report-auth')).toEqual([
      { key: 'tickets_opera-bern_ch__opera-bern_ch', purpose: 'report-auth', type: 'TXT', name: 'tickets.opera-bern.ch._report._dmarc.opera-bern.ch', ttl: 1, values: ['v=DMARC1'], kept: [] },
    ]);
    expect(operabern.reportAuthorizations).toEqual([{ domain: 'tickets.opera-bern.ch', reportDomain: 'opera-bern.ch', sender: 1, forget: false }]);
  });

  test('publishReportAuthorization: false (here in defaults) publishes nothing and keeps the warning, with the tree-walk reason', () => {
    const { config, warnings } = load({ defaults: { dmarc: { publishReportAuthorization: false } }, institutions: [opera] });
    expect(authNames(config!.institutions[0]!.records)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/^warning: institutions\[0\]\.dmarc\.rua\[0\]: reports go to opera-bern\.ch, in tickets\.opera-bern\.ch's organisation by the Public Suffix List; but receivers that follow RFC 9989 .*; dmarc\.publishReportAuthorization is false, so this config does not publish it$/)]);
  });

  test('a collector gets its own records; the institutions reporting to it none, and no warning', () => {
    const { config, warnings, errors } = load({ institutions: [mosa, { ...opera, dmarc: { rua: ['mailto:d@reports.vendor.net', 'mailto:dmarc-reports@opera-bern.ch'] } }], reportAuthorizations: [collector] });
    expect([errors, warnings]).toEqual([[], []]);
    expect(config!.reportAuthorizations!.map((c) => [c.name, c.reportDomain, c.records.map((r) => `${r.name} ${r.ttl} ${r.values.join()}`)])).toEqual([
      ['vendor', 'reports.vendor.net', ['mosamuseum.com._report._dmarc.reports.vendor.net 3600 v=DMARC1', 'tickets.opera-bern.ch._report._dmarc.reports.vendor.net 3600 v=DMARC1']],
    ]);
    expect(config!.institutions.map((i) => authNames(i.records))).toEqual([[], ['tickets.opera-bern.ch._report._dmarc.opera-bern.ch']]);
  });

  test('without the collector, the vendor address keeps its warning and says how to publish it', () => {
    expect(load({ institutions: [mosa] }).warnings).toEqual([
      'warning: institutions[0].dmarc.rua[0]: reports go to another domain (reports.vendor.net); receivers send them only if it publishes mosamuseum.com._report._dmarc.reports.vendor.net TXT "v=DMARC1" (RFC 7489 §7.1); no zone of this config holds reports.vendor.net: list it under reportAuthorizations (with its zone) to publish the record from here',
    ]);
  });

  test('an internationalised report domain matches its punycode form, in the address and in the entry', () => {
    const { config, warnings } = load({
      institutions: [{ ...mosa, dmarc: { rua: ['mailto:dmarc@Berichte.Müller.CH.'] } }],
      reportAuthorizations: [{ ...collector, reportDomain: 'berichte.müller.ch', zoneName: 'müller.ch' }],
    });
    expect(warnings).toEqual([]);
    expect(config!.reportAuthorizations![0]!.records.map((r) => r.name)).toEqual(['mosamuseum.com._report._dmarc.berichte.xn--mller-kva.ch']);
  });

  test('a collector\'s TTL follows its provider\'s rules', () => {
    const { config } = load({ institutions: [mosa], reportAuthorizations: [{ ...collector, provider: 'cloudflare', zoneName: undefined, zoneId: '0123456789abcdef0123456789abcdef' }] });
    expect(config!.reportAuthorizations![0]!.records.map((r) => r.ttl)).toEqual([1]);
  });

  test.each([
    ['no name', { ...collector, name: undefined }, 'reportAuthorizations[0].name: is required'],
    ['a name that is no label', { ...collector, name: 'Vendor_1' }, /^reportAuthorizations\[0\]\.name: expected 1 to 48 lowercase letters, digits and hyphens/],
    ['a report domain that is a URL', { ...collector, reportDomain: 'https://reports.vendor.net' }, 'reportAuthorizations[0].reportDomain: reportDomain must be a bare domain name, not a URL, got "https://reports.vendor.net"'],
    ['template syntax in the report domain', { ...collector, reportDomain: '${file("/etc/passwd")}.vendor.net' }, /^reportAuthorizations\[0\]\.reportDomain: reportDomain labels must be letters, digits and hyphens/],
    ['a report domain outside the zone', { ...collector, zoneName: 'other.net' }, 'reportAuthorizations[0].reportDomain: "reports.vendor.net" is not inside zone "other.net"'],
    ['no zone', { ...collector, zoneName: undefined }, 'reportAuthorizations[0].zoneId: give zoneId or zoneName: the zone that holds the reportDomain'],
    ['a Cloudflare zone id on Route53', { ...collector, zoneName: undefined, zoneId: '0123456789abcdef0123456789abcdef' }, /^reportAuthorizations\[0\]\.zoneId: a Route53 hosted zone id is "Z"/],
    ['a TTL Cloudflare refuses', { ...collector, provider: 'cloudflare', ttl: 30 }, 'reportAuthorizations[0].ttl: Cloudflare takes 1 (automatic) or 60 to 86400 seconds, got 30'],
    ['aws on Cloudflare', { ...collector, provider: 'cloudflare', aws: { region: 'eu-central-1' } }, 'reportAuthorizations[0].aws: applies to provider route53 only'],
    ['an unknown key, with a suggestion', { ...collector, reportDomian: 'x.net' }, /^reportAuthorizations\[0\]: unknown key "reportDomian" \(did you mean "reportDomain"\?\)/],
    ['a prototype key', JSON.parse('{"name":"vendor","reportDomain":"reports.vendor.net","provider":"route53","zoneName":"vendor.net","__proto__":{"zoneId":"Z1"}}'), 'reportAuthorizations[0].__proto__: unknown key "__proto__"'],
  ])('refuses %s, naming the field and the rule', (_, entry, error) => {
    const { config, errors } = load({ institutions: [mosa], reportAuthorizations: [entry] });
    expect(config).toBeUndefined();
    expect(errors).toContainEqual(typeof error === 'string' ? error : expect.stringMatching(error));
  });

  test('refuses two collectors with one name or one report domain, and a name that is an institution\'s stack', () => {
    expect(load({ institutions: [mosa], reportAuthorizations: [collector, { ...collector, reportDomain: 'vendor.net' }] }).errors).toEqual([
      'reportAuthorizations[1].name: "vendor" is also the name of reportAuthorizations[0]; names name the stacks and must be unique',
    ]);
    expect(load({ institutions: [mosa], reportAuthorizations: [collector, { ...collector, name: 'other' }] }).errors).toEqual([
      'reportAuthorizations[1].reportDomain: "reports.vendor.net" is also the reportDomain of reportAuthorizations[0]: one zone publishes a report domain\'s authorisations',
    ]);
    expect(load({ institutions: [mosa, { ...opera, code: 'reports-vendor' }], reportAuthorizations: [collector] }).errors).toEqual([
      'reportAuthorizations[0].name: names the stack email-auth-reports-vendor, which is institutions[1]\'s (code "reports-vendor"): pick another name',
    ]);
  });

  test('reportAuthorizations must be a list of maps', () => {
    expect(load({ institutions: [mosa], reportAuthorizations: { name: 'x' } }).errors).toEqual([expect.stringMatching(/^reportAuthorizations: expected (a list|array)/)]);
  });
});
