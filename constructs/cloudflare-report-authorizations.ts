import { DataCloudflareZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { DnsRecord as CloudflareDnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { Construct } from 'constructs';
import { PROVIDER_RULES } from '../model/providers';
import { cloudflareRecords } from './cloudflare-email-auth';
import { ReportAuthorizationsBase, ReportAuthorizationsProps } from './report-authorizations-base';
import { terraformLiterals } from './terraform-text';

export type CloudflareReportAuthorizationsProps = ReportAuthorizationsProps;

/** DMARC report authorisation records in a Cloudflare zone: one `cloudflare_dns_record` each, content `"v=DMARC1"`. */
export class CloudflareReportAuthorizations extends ReportAuthorizationsBase {
  public readonly resources: readonly CloudflareDnsRecord[];
  public readonly zoneId: string;

  constructor(scope: Construct, id: string, props: CloudflareReportAuthorizationsProps) {
    super(scope, id, props, PROVIDER_RULES.cloudflare);
    this.zoneId = props.zoneId ?? new DataCloudflareZone(this, 'zone', terraformLiterals({ filter: { name: props.zoneName! } })).zoneId;
    this.resources = this.records.flatMap((record) => cloudflareRecords(this, record, this.zoneId, this.lifecycle));
  }
}
