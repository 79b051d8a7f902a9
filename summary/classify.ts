import { normalizeDomain } from '../model/names';
import { isSpfRecord } from '../model/spf';

/** What a DNS value is for, judged from name, type and value only (the summary has no config to ask). */
export type RecordKind = 'spf' | 'dkim' | 'dmarc' | 'report-auth' | 'mx' | 'other';

/** RFC 7489 §6.1: the DMARC record lives at `_dmarc.<domain>`. */
export function isDmarcName(name: string): boolean {
  return normalizeDomain(name).startsWith('_dmarc.');
}

/** RFC 7489 §7.1: a report domain authorises reports about `<domain>` at `<domain>._report._dmarc.<report-domain>`. */
const REPORT_AUTHORIZATION = '._report._dmarc.';

/** The domain a report authorisation record authorises (`news.example.org` of `news.example.org._report._dmarc.example.org`), or undefined. */
export function authorizedDomain(name: string): string | undefined {
  const normal = normalizeDomain(name);
  const at = normal.indexOf(REPORT_AUTHORIZATION);
  return at > 0 ? normal.slice(0, at) : undefined;
}

/** RFC 6376 §3.6.2.1: DKIM keys live at `<selector>._domainkey.<domain>`; the platform's are CNAMEs to its keys. */
export function isDkimName(name: string): boolean {
  return normalizeDomain(name).includes('._domainkey.');
}

/** The kind of one value of a record set: an apex TXT set mixes SPF with other values (site verifications...). */
export function valueKind(name: string, type: string, value: string): RecordKind {
  if (type === 'TXT' && isDmarcName(name)) return 'dmarc';
  if (type === 'TXT' && authorizedDomain(name) !== undefined) return 'report-auth';
  if (type === 'TXT' && isSpfRecord(value)) return 'spf';
  if ((type === 'CNAME' || type === 'TXT') && isDkimName(name)) return 'dkim';
  if (type === 'MX') return 'mx';
  return 'other';
}

/** The kinds present in a record set, in a stable order. */
export function recordKinds(name: string, type: string, values: readonly string[]): RecordKind[] {
  const kinds = new Set(values.map((v) => valueKind(name, type, v)));
  if (values.length === 0) kinds.add(valueKind(name, type, ''));
  return (['spf', 'dkim', 'dmarc', 'report-auth', 'mx', 'other'] as const).filter((k) => kinds.has(k));
}

export const KIND_LABEL: Record<RecordKind, string> = { spf: 'SPF', dkim: 'DKIM', dmarc: 'DMARC', 'report-auth': 'DMARC report authorisation', mx: 'MX', other: 'other' };

/** The kinds a mail receiver reads to authenticate the institution's mail or to send its reports. */
export const AUTH_KINDS = ['spf', 'dkim', 'dmarc', 'report-auth'] as const;
