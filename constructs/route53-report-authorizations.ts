import { Construct } from 'constructs';
import { DataAwsRoute53Zone } from '../core/aws-binding';
import type { EmailAuthResource } from './email-auth-base';
import { PROVIDER_RULES } from '../model/providers';
import { ReportAuthorizationsBase, ReportAuthorizationsProps } from './report-authorizations-base';
import { route53Record } from './route53-email-auth';
import { terraformLiterals } from './terraform-text';

export interface Route53ReportAuthorizationsProps extends ReportAuthorizationsProps {
  /**
   * Lets Terraform take over authorisation records that already exist (published by hand) by overwriting them
   * (`allow_overwrite`); their value is `v=DMARC1` either way.
   * @default false (creating a record set that exists fails with "already exists")
   */
  readonly allowOverwrite?: boolean;
}

/** DMARC report authorisation records in a Route53 hosted zone: one `aws_route53_record` each. */
export class Route53ReportAuthorizations extends ReportAuthorizationsBase {
  /** One resource per record, in the order of {@link ReportAuthorizationsBase.records}. */
  public readonly resources: readonly EmailAuthResource[];
  /** The hosted zone id the records go to (a token when looked up by zoneName). */
  public readonly zoneId: string;

  constructor(scope: Construct, id: string, props: Route53ReportAuthorizationsProps) {
    super(scope, id, props, PROVIDER_RULES.route53);
    this.zoneId = props.zoneId ?? new DataAwsRoute53Zone(this, 'zone', terraformLiterals({ name: props.zoneName!, privateZone: false })).zoneId;
    this.resources = this.records.map((record) => route53Record(this, record, { zoneId: this.zoneId, allowOverwrite: props.allowOverwrite, lifecycle: this.lifecycle }));
  }
}
