import { AUTH_KINDS, recordKinds } from '../classify';
import { md, MdText } from '../markdown-text';
import { RecordChange } from '../record-change';
import { mxRemoved } from './mx-removed';

/**
 * Another provider's DNS record, or a whole zone, deleted or replaced. The summary reads such resources only
 * best-effort, so it cannot rule out that mail depends on them: the reviewer must look. A record whose values show
 * SPF, DKIM or DMARC is already flagged by auth-record-removed, one with MX hosts by mx-removed, each with the
 * consequence; this rule covers the rest.
 */
export function otherDnsRemoved(change: RecordChange): MdText[] {
  const other = change.otherDns;
  if (!other || (change.action !== 'delete' && change.action !== 'replace')) return [];
  const what = change.action === 'delete' ? md`deleted` : md`replaced`;
  if (other.kind === 'zone') {
    return [md`DNS zone ${what} by ${other.resourceType}: every record in it goes with it, SPF, DKIM, DMARC and MX included`];
  }
  const kinds = recordKinds(change.nameBefore ?? change.name, change.typeBefore ?? change.type, change.before);
  if (kinds.some((k) => (AUTH_KINDS as readonly string[]).includes(k)) || mxRemoved(change).length > 0) return [];
  return [md`DNS record of another provider ${what} (${other.resourceType}, read best-effort): check that mail does not depend on it (SPF, DKIM, DMARC, MX)`];
}
