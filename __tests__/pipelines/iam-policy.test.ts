import { route53RecordsPolicy } from '../../model/iam-policy';
import { canonicalName } from '../../model/names';
import { emailAuthRecords } from '../../model/records';

const { records } = emailAuthRecords({ domain: 'mosamuseum.com', code: 'mosa', mx: [{ priority: 10, host: 'mx1.mosamuseum.com' }] });

describe('route53RecordsPolicy', () => {
  it('allows changes only to the managed names, one statement per type, in the one zone', () => {
    const policy = route53RecordsPolicy({ zoneId: 'Z0123', lookedUpByName: false }, records);
    const changes = policy.Statement.filter((s) => s.Action.includes('route53:ChangeResourceRecordSets'));
    expect(changes.map((s) => [s.Resource, s.Condition!['ForAllValues:StringEquals']])).toEqual([
      ['arn:aws:route53:::hostedzone/Z0123', { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['stxsel1._domainkey.mosamuseum.com', 'stxsel2._domainkey.mosamuseum.com'], 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] }],
      ['arn:aws:route53:::hostedzone/Z0123', { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['mosamuseum.com'], 'route53:ChangeResourceRecordSetsRecordTypes': ['MX'] }],
      ['arn:aws:route53:::hostedzone/Z0123', { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_dmarc.mosamuseum.com', 'mosamuseum.com'], 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] }],
    ]);
  });

  it('with a zone id: reads only that zone and changes, no zone listing', () => {
    const reads = route53RecordsPolicy({ zoneId: 'Z0123', lookedUpByName: false }, records).Statement.filter((s) => !s.Condition);
    expect(reads.map((s) => [s.Action, s.Resource])).toEqual([
      [['route53:GetHostedZone', 'route53:ListResourceRecordSets'], 'arn:aws:route53:::hostedzone/Z0123'],
      [['route53:GetChange'], 'arn:aws:route53:::change/*'],
    ]);
  });

  it('with a zone looked up by name: adds the zone listing and the zone tags the data source reads', () => {
    const reads = route53RecordsPolicy({ zoneId: '*', lookedUpByName: true }, records).Statement.filter((s) => !s.Condition);
    expect(reads.map((s) => [s.Action, s.Resource])).toEqual([
      [['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'], 'arn:aws:route53:::hostedzone/*'],
      [['route53:GetChange'], 'arn:aws:route53:::change/*'],
      [['route53:ListHostedZones', 'route53:ListHostedZonesByName'], '*'],
    ]);
  });

  it('gives each statement a unique Sid and only Allow effects', () => {
    const { Statement } = route53RecordsPolicy({ zoneId: '*', lookedUpByName: true }, records);
    expect(new Set(Statement.map((s) => s.Sid)).size).toBe(Statement.length);
    expect(Statement.every((s) => s.Effect === 'Allow' && /^[A-Za-z0-9]+$/.test(s.Sid))).toBe(true);
  });

  it.each([
    ['MosaMuseum.COM.', 'mosamuseum.com'],
    ['_dmarc.x.example', '_dmarc.x.example'],
  ])('normalizes %s to %s as the condition key compares names', (name, normalized) => {
    expect(canonicalName(name)).toBe(normalized);
  });
});
