import { Construct } from 'constructs';
import { DataAwsRoute53Zone, Route53Record } from '../core/aws-binding';
import { DnsRecord, RecordPurpose } from '../model/records';
import { renderMx } from '../model/mx';
import { splitTxt } from '../model/txt';
import { PROVIDER_RULES } from '../model/providers';
import { EmailAuthBase, EmailAuthProps, EmailAuthResource } from './email-auth-base';
import { terraformLiterals, terraformString } from './terraform-text';

export interface Route53EmailAuthProps extends EmailAuthProps {
  /**
   * Lets Terraform take over record sets that already exist by overwriting them (`allow_overwrite`). The existing
   * values are **replaced**: list TXT values to keep in `keepTxt`. Prefer importing existing records.
   * @default false (creating a record set that exists fails with "already exists")
   * @see https://github.com/hashicorp/terraform-provider-aws/issues/4493
   */
  readonly allowOverwrite?: boolean;
  /**
   * Imports record sets that already exist into Terraform's state (import blocks, Terraform >= 1.5) instead of
   * failing with "already exists": the first plan shows each one as imported, plus the changes to reach the config.
   * `true` adopts every record set; a list adopts those of the given purposes only (e.g. `['spf', 'mx']` when the
   * domain has SPF and MX but no DKIM or DMARC yet), because importing a record set that does not exist fails the
   * plan. Needs `zoneId` (the import id is `<zoneId>_<name>_<type>`).
   * @default false
   */
  readonly adoptExisting?: boolean | readonly RecordPurpose[];
}

/** Publishes the email-authentication records in a Route53 hosted zone: one `aws_route53_record` per name and type. */
export class Route53EmailAuth extends EmailAuthBase {
  /** One `aws_route53_record` per record set, in the order of {@link EmailAuthBase.records}. */
  public readonly resources: readonly EmailAuthResource[];
  /** The hosted zone id the records go to (a token when looked up by zoneName). */
  public readonly zoneId: string;

  constructor(scope: Construct, id: string, props: Route53EmailAuthProps) {
    super(scope, id, props, PROVIDER_RULES.route53);
    this.zoneId = props.zoneId ?? new DataAwsRoute53Zone(this, 'zone', terraformLiterals({ name: props.zoneName!, privateZone: false })).zoneId;
    const resources = this.records.map((record) => route53Record(this, record, { zoneId: this.zoneId, allowOverwrite: props.allowOverwrite, lifecycle: this.lifecycle }));
    const adopt = props.adoptExisting ?? false;
    this.records.forEach((record, i) => {
      if (adopt === true || (adopt !== false && (adopt as readonly string[]).includes(record.purpose))) resources[i]!.importFrom(terraformString(route53ImportId(this.zoneId, record)));
    });
    this.resources = resources;
  }
}

/** What every record of one construct shares: its zone, and the options of the props. */
export interface Route53RecordOptions {
  readonly zoneId: string;
  readonly allowOverwrite?: boolean;
  readonly lifecycle?: { readonly preventDestroy: boolean };
}

/** A record resource that can adopt a record set that already exists (an import block). */
export type AdoptableResource = EmailAuthResource & { importFrom(id: string): void };

/**
 * One `aws_route53_record` for one record set of the neutral model, its key the construct id. Typed structurally, so
 * that this module's declarations name no binding's type (a consumer on either core compiles them).
 */
export function route53Record(scope: Construct, record: DnsRecord, options: Route53RecordOptions): AdoptableResource {
  return new Route53Record(
    scope,
    record.key,
    terraformLiterals({
      zoneId: options.zoneId,
      name: record.name,
      type: record.type,
      ttl: record.ttl,
      records: route53Values(record),
      ...(options.allowOverwrite !== undefined && { allowOverwrite: options.allowOverwrite }),
      ...(options.lifecycle && { lifecycle: options.lifecycle }),
    }),
  );
}

/** terraform-provider-aws's import id of a simple record set: `<zoneId>_<name>_<type>`. */
export function route53ImportId(zoneId: string, record: { readonly name: string; readonly type: string }): string {
  return `${zoneId}_${record.name}_${record.type}`;
}

/**
 * Route53 wants zone-file values, except that the provider adds the outer quotes of a TXT value itself; a value
 * longer than 255 octets goes in as several strings joined by `""` (terraform-provider-aws #14941).
 */
export function route53Values(record: DnsRecord): string[] {
  switch (record.type) {
    case 'TXT':
      return [...record.values, ...record.kept].map((text) => splitTxt(text).join('""'));
    case 'CNAME':
      return [...record.values];
    case 'MX':
      return record.values.map(renderMx);
  }
}
