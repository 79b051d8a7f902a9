import { AUTH_KINDS, authorizedDomain, RecordKind } from '../classify';
import { md, MdText } from '../markdown-text';
import { RecordChange } from '../record-change';
import { selectorOf, valuesOfKind } from './values';

/** What breaks when each kind of record is missing. */
const CONSEQUENCE: Partial<Record<RecordKind, (name: string) => MdText>> = {
  spf: () => md`mail sent by the platform no longer passes SPF`,
  dkim: (name) => md`mail signed with selector ${selectorOf(name)} fails DKIM`,
  dmarc: () => md`receivers apply no DMARC policy and send no reports (Gmail and Yahoo require DMARC of bulk senders)`,
  'report-auth': (name) => md`receivers stop sending DMARC reports about ${authorizedDomain(name) ?? name} to this domain (RFC 7489 §7.1)`,
};
const LABEL: Partial<Record<RecordKind, MdText>> = { spf: md`SPF record`, dkim: md`DKIM CNAME`, dmarc: md`DMARC record`, 'report-auth': md`DMARC report authorisation` };

/**
 * Deleting or replacing an SPF, DKIM or DMARC record or a DMARC report authorisation, or dropping the SPF value from a TXT set. A replacement deletes
 * the record before creating the new one (Terraform's default order), so the record is missing meanwhile; when the
 * zone changes, the record is gone from DNS for as long as the old zone stays the delegated one.
 */
export function authRecordRemoved(change: RecordChange): MdText[] {
  const out: MdText[] = [];
  for (const kind of AUTH_KINDS) {
    const { before, after } = valuesOfKind(change, kind);
    if (before.length === 0) continue;
    const consequence = CONSEQUENCE[kind]!(change.nameBefore ?? change.name);
    const label = LABEL[kind]!;
    if (change.action === 'delete') out.push(md`${label} deleted: ${consequence}`);
    else if (change.action === 'replace' && change.zoneBefore !== undefined) {
      out.push(md`${label} moves from zone ${change.zoneBefore} to ${change.zoneAfter ?? ''}: it is deleted from the old zone, so while the old zone is the delegated one ${consequence}`);
    } else if (change.action === 'replace') out.push(md`${label} replaced: deleted first, then created; until then ${consequence}`);
    else if (change.action === 'update' && after.length === 0) out.push(md`${label} removed from the record set: ${consequence}`);
  }
  return out;
}
