import { Construct } from 'constructs';
import { DataCloudflareZone } from '../core/cloudflare-binding';
import type { EmailAuthResource } from './email-auth-base';
import { PROVIDER_RULES } from '../model/providers';
import { cloudflareRecords } from './cloudflare-email-auth';
import { ReportAuthorizationsBase, ReportAuthorizationsProps } from './report-authorizations-base';
import { terraformLiterals } from './terraform-text';

export type CloudflareReportAuthorizationsProps = ReportAuthorizationsProps;

/** DMARC report authorisation records in a Cloudflare zone: one `cloudflare_dns_record` each, content `"v=DMARC1"`. */
export class CloudflareReportAuthorizations extends ReportAuthorizationsBase {
  public readonly resources: readonly EmailAuthResource[];
  public readonly zoneId: string;

  constructor(scope: Construct, id: string, props: CloudflareReportAuthorizationsProps) {
    super(scope, id, props, PROVIDER_RULES.cloudflare);
    this.zoneId = props.zoneId ?? new DataCloudflareZone(this, 'zone', terraformLiterals({ filter: { name: props.zoneName! } })).zoneId;
    this.resources = this.records.flatMap((record) => cloudflareRecords(this, record, this.zoneId, this.lifecycle));
  }
}
