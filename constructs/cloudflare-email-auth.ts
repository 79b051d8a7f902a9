import { Construct } from 'constructs';
import { CloudflareDnsRecord, DataCloudflareZone } from '../core/cloudflare-binding';
import { DnsRecord } from '../model/records';
import { splitTxt } from '../model/txt';
import { PROVIDER_RULES } from '../model/providers';
import { EmailAuthBase, EmailAuthProps, EmailAuthResource } from './email-auth-base';
import { terraformLiterals } from './terraform-text';

export type CloudflareEmailAuthProps = EmailAuthProps;

/**
 * Publishes the email-authentication records in a Cloudflare zone (provider v5, `cloudflare_dns_record`). Cloudflare
 * keeps single records, not sets: one resource per value, and TXT values listed in `keepTxt` are left as they are.
 */
export class CloudflareEmailAuth extends EmailAuthBase {
  /** One `cloudflare_dns_record` per value. */
  public readonly resources: readonly EmailAuthResource[];
  /** The zone id the records go to (a token when looked up by zoneName). */
  public readonly zoneId: string;

  constructor(scope: Construct, id: string, props: CloudflareEmailAuthProps) {
    super(scope, id, props, PROVIDER_RULES.cloudflare);
    this.zoneId = props.zoneId ?? new DataCloudflareZone(this, 'zone', terraformLiterals({ filter: { name: props.zoneName! } })).zoneId;
    this.resources = this.records.flatMap((record) => cloudflareRecords(this, record, this.zoneId, this.lifecycle));
  }
}

/**
 * The `cloudflare_dns_record`s of one record set of the neutral model, one per value: the full name without trailing
 * dot (a relative name or "@" drifts forever, #7289, #5440), DKIM CNAMEs DNS only (a proxied CNAME answers with
 * Cloudflare's addresses and the DKIM key lookup fails).
 */
export function cloudflareRecords(scope: Construct, record: DnsRecord, zoneId: string, lifecycle?: { readonly preventDestroy: boolean }): CloudflareDnsRecord[] {
  return cloudflareValues(record).map(
    ({ key, content, priority }) =>
      new CloudflareDnsRecord(
        scope,
        key,
        terraformLiterals({
          zoneId,
          name: record.name,
          type: record.type,
          ttl: record.ttl,
          content,
          ...(priority !== undefined && { priority }),
          ...(record.type === 'CNAME' && { proxied: false }),
          ...(lifecycle && { lifecycle }),
        }),
      ),
  );
}

/**
 * One Cloudflare record per value. TXT content is quoted character-strings split at 255 octets, as the API
 * stores it, so the plan does not drift (#6238, #6354); CNAME targets go without trailing dot (#7286).
 */
export function cloudflareValues(record: DnsRecord): { key: string; content: string; priority?: number }[] {
  switch (record.type) {
    case 'TXT':
      return record.values.map((text, i) => ({
        key: i === 0 ? record.key : `${record.key}-${i + 1}`,
        content: splitTxt(text).map((s) => `"${s}"`).join(' '),
      }));
    case 'CNAME':
      return [{ key: record.key, content: record.values[0] }];
    case 'MX':
      return record.values.map((mx) => ({ key: `${record.key}-${mx.host === '.' ? 'null' : mx.host.replace(/\./g, '-')}`, content: mx.host, priority: mx.priority }));
  }
}
