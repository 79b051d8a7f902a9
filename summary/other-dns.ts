import { canonicalName } from '../model/names';
import { unquoteTxt } from '../tfjson/records';
import { OtherDnsResource } from './record-change';

/**
 * DNS resources this summary does not read in full: other providers' records and whole zones. A plan that deletes
 * them must not read "DNS changes: none" (the institution's SPF, DKIM or DMARC may live there, managed by hand or by
 * another module in the same workspace), so they are recognised by resource type and read best-effort.
 */

/** Zones: deleting one deletes every record in it. */
const ZONE_TYPES = new Set([
  'aws_route53_zone',
  'aws_lightsail_domain',
  'cloudflare_zone',
  'google_dns_managed_zone',
  'azurerm_dns_zone',
  'azurerm_private_dns_zone',
  'digitalocean_domain',
  'dnsimple_zone',
  'dnsimple_domain',
  'linode_domain',
  'hetznerdns_zone',
  'ns1_zone',
  'oci_dns_zone',
  'gandi_livedns_domain',
  'ovh_domain_zone',
  'exoscale_domain',
  'vultr_dns_domain',
  'powerdns_zone',
]);

/** Records by exact type, where the name alone does not say "DNS record". */
const RECORD_TYPES = new Set(['aws_lightsail_domain_entry', 'ovh_domain_zone_record', 'oci_dns_rrset', 'namecheap_domain_records']);

/**
 * Record types by naming convention: a `dns` word (`google_dns_record_set`, `azurerm_dns_txt_record`,
 * `hashicorp/dns`'s `dns_txt_record_set`, `vultr_dns_record`), or ending in `_record`, `_records`, `_record_set`
 * (`cloudflare_record` of provider v4, `dnsimple_zone_record`, `digitalocean_record`, `ns1_record`,
 * `gandi_livedns_record`, `linode_domain_record`, `hetznerdns_record`).
 */
const RECORD_PATTERN = /(^|_)dns(_|$)|_records?$|_record_set$|_rrset$/;

/** The records this summary reads in full (tfjson/records.ts). */
const READ_IN_FULL = new Set(['aws_route53_record', 'cloudflare_dns_record']);

/** Whether a resource type is another DNS resource, and which kind; undefined when it is not DNS (or read in full). */
export function otherDnsResource(resourceType: string): OtherDnsResource | undefined {
  if (READ_IN_FULL.has(resourceType)) return undefined;
  if (ZONE_TYPES.has(resourceType) || /(^|_)dns_(managed_)?zone$/.test(resourceType)) return { resourceType, kind: 'zone' };
  if (RECORD_TYPES.has(resourceType) || RECORD_PATTERN.test(resourceType)) return { resourceType, kind: 'record' };
  return undefined;
}

/** What can be read of another DNS resource's attributes: each part only when the plan holds it as expected. */
export interface OtherDnsRecord {
  readonly name?: string;
  readonly type?: string;
  readonly ttl?: number;
  readonly values: readonly string[];
}

/** Attributes naming the full record name, in the order providers use them (computed ones first). */
const FQDN_KEYS = ['fqdn', 'hostname', 'qualified_name'];
const RELATIVE_KEYS = ['name', 'subdomain', 'record_name'];
const ZONE_KEYS = ['zone_name', 'zone', 'domain', 'dns_name'];
const TYPE_KEYS = ['type', 'record_type', 'fieldtype', 'rtype'];
const VALUE_LIST_KEYS = ['rrdatas', 'records', 'txt', 'value_list'];
const VALUE_KEYS = ['value', 'content', 'target', 'data', 'rdata'];

/** Best-effort reading of another provider's record or zone; never throws, ignores what it does not expect. */
export function readOtherDns(resource: OtherDnsResource, v: Record<string, unknown>): OtherDnsRecord {
  if (resource.kind === 'zone') {
    const name = firstString(v, ['name', 'zone_name', 'domain', 'dns_name']);
    return { ...(name !== undefined && { name: canonicalName(name) }), type: 'zone', values: [] };
  }
  const name = recordName(v);
  const type = (firstString(v, TYPE_KEYS) ?? /_(a|aaaa|caa|cname|mx|ns|ptr|srv|txt)_record(_set)?$/.exec(resource.resourceType)?.[1])?.toUpperCase();
  const ttl = typeof v.ttl === 'number' && Number.isFinite(v.ttl) ? v.ttl : undefined;
  const values = recordValues(v, type).map((value) => (type === 'TXT' ? unquoteTxt(value) : value)).sort();
  return { ...(name !== undefined && { name }), ...(type !== undefined && { type }), ...(ttl !== undefined && { ttl }), values };
}

function recordName(v: Record<string, unknown>): string | undefined {
  const fqdn = firstString(v, FQDN_KEYS);
  if (fqdn !== undefined) return canonicalName(fqdn);
  const relative = firstString(v, RELATIVE_KEYS, true);
  const zone = firstString(v, ZONE_KEYS);
  if (relative === undefined) return zone === undefined ? undefined : canonicalName(zone);
  if (zone === undefined || relative.endsWith('.')) return canonicalName(relative);
  const [r, z] = [canonicalName(relative), canonicalName(zone)];
  if (r === '' || r === '@') return z;
  return r === z || r.endsWith(`.${z}`) ? r : `${r}.${z}`;
}

/** Values from a list attribute, a single one, or blocks (`record { value }`, `record { preference exchange }`). */
function recordValues(v: Record<string, unknown>, type: string | undefined): string[] {
  for (const key of VALUE_LIST_KEYS) {
    const list = v[key];
    if (Array.isArray(list) && list.every((x) => typeof x === 'string')) return list as string[];
  }
  const single = firstString(v, VALUE_KEYS, true);
  if (single !== undefined) {
    const priority = [v.priority, v.preference, v.mx_priority].find((p) => typeof p === 'number');
    return [type === 'MX' && priority !== undefined ? `${priority} ${single}` : single];
  }
  const blocks = Array.isArray(v.record) ? v.record : [];
  return blocks.flatMap((b) => {
    if (typeof b !== 'object' || b === null) return [];
    const { value, exchange, preference } = b as Record<string, unknown>;
    if (typeof value === 'string') return [value];
    if (typeof exchange === 'string') return [`${typeof preference === 'number' ? preference : 0} ${exchange}`];
    return [];
  });
}

function firstString(v: Record<string, unknown>, keys: readonly string[], allowEmpty = false): string | undefined {
  for (const key of keys) {
    const value = v[key];
    if (typeof value === 'string' && (allowEmpty || value !== '')) return value;
  }
  return undefined;
}
