import { canonicalName } from './names';
import { DnsRecord } from './records';

/**
 * The least-privilege IAM policy for the credentials that apply one Route53 stack: change only the record sets the
 * stack manages, in its one hosted zone, plus the reads terraform-provider-aws makes for them.
 *
 * What the provider calls (internal/service/route53): `aws_route53_record` reads the zone (GetHostedZone) to expand
 * the name, writes with ChangeResourceRecordSets, waits on GetChange until INSYNC, reads back with
 * ListResourceRecordSets (also what an import does); the `aws_route53_zone` data source, when the zone is looked up
 * by name, pages through ListHostedZones (no resource-level permission exists for it) and reads the zone's tags.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 */
export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamStatement[];
}

export interface IamStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, readonly string[]>>;
}

export interface Route53PolicyZone {
  /** The hosted zone id (`Z...`), a deploy-time reference to it, or `*` when it is not known yet. */
  readonly zoneId: string;
  /** The zone is found by name (data source): ListHostedZones and the zone's tags are read too. */
  readonly lookedUpByName: boolean;
}

/**
 * One change statement per record type, listing the names of that type only: the name and type conditions are
 * checked separately (`ForAllValues`), so a single statement with every name and every type would also allow, say,
 * a CNAME at the apex. The provider sends one change per request for these records, so per-type statements suffice.
 */
export function route53RecordsPolicy(zone: Route53PolicyZone, records: readonly DnsRecord[]): IamPolicyDocument {
  const zoneArn = `arn:aws:route53:::hostedzone/${zone.zoneId}`;
  const namesByType = new Map<string, Set<string>>();
  for (const record of records) {
    const names = namesByType.get(record.type) ?? new Set<string>();
    names.add(canonicalName(record.name)); // what ChangeResourceRecordSetsNormalizedRecordNames compares
    namesByType.set(record.type, names);
  }
  const changes = [...namesByType.keys()].sort().map(
    (type): IamStatement => ({
      Sid: `Change${type[0]}${type.slice(1).toLowerCase()}RecordSets`,
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: zoneArn,
      Condition: {
        'ForAllValues:StringEquals': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...namesByType.get(type)!].sort(),
          'route53:ChangeResourceRecordSetsRecordTypes': [type],
        },
      },
    }),
  );
  const reads: IamStatement[] = [
    {
      Sid: 'ReadTheZoneAndItsRecordSets',
      Effect: 'Allow',
      Action: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', ...(zone.lookedUpByName ? ['route53:ListTagsForResource'] : [])],
      Resource: zoneArn,
    },
    { Sid: 'WaitForChangesToSync', Effect: 'Allow', Action: ['route53:GetChange'], Resource: 'arn:aws:route53:::change/*' },
  ];
  if (zone.lookedUpByName) {
    reads.push({ Sid: 'FindTheZoneByName', Effect: 'Allow', Action: ['route53:ListHostedZones', 'route53:ListHostedZonesByName'], Resource: '*' });
  }
  return { Version: '2012-10-17', Statement: [...changes, ...reads] };
}
