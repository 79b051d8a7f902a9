import { RecordKind } from '../classify';
import { RecordChange } from '../record-change';
import { selectorOf, valuesOfKind } from './values';

/** What breaks when each kind of record is missing. */
const CONSEQUENCE: Partial<Record<RecordKind, (name: string) => string>> = {
  spf: () => 'mail sent by the platform no longer passes SPF',
  dkim: (name) => `mail signed with selector \`${selectorOf(name)}\` fails DKIM`,
  dmarc: () => 'receivers apply no DMARC policy and send no reports (Gmail and Yahoo require DMARC of bulk senders)',
};
const LABEL: Partial<Record<RecordKind, string>> = { spf: 'SPF record', dkim: 'DKIM CNAME', dmarc: 'DMARC record' };

/**
 * Deleting or replacing an SPF, DKIM or DMARC record, or dropping the SPF value from a TXT set. A replacement deletes
 * the record before creating the new one (Terraform's default order), so the record is missing meanwhile; when the
 * zone changes, the record is gone from DNS for as long as the old zone stays the delegated one.
 */
export function authRecordRemoved(change: RecordChange): string[] {
  const out: string[] = [];
  for (const kind of ['spf', 'dkim', 'dmarc'] as const) {
    const { before, after } = valuesOfKind(change, kind);
    if (before.length === 0) continue;
    const consequence = CONSEQUENCE[kind]!(change.nameBefore ?? change.name);
    if (change.action === 'delete') out.push(`${LABEL[kind]} deleted: ${consequence}`);
    else if (change.action === 'replace' && change.zoneBefore !== undefined) {
      out.push(`${LABEL[kind]} moves from zone \`${change.zoneBefore}\` to \`${change.zoneAfter}\`: it is deleted from the old zone, so while the old zone is the delegated one ${consequence}`);
    } else if (change.action === 'replace') out.push(`${LABEL[kind]} replaced: deleted first, then created; until then ${consequence}`); else if (change.action === 'update' && after.length === 0) out.push(`${LABEL[kind]} removed from the record set: ${consequence}`);
  }
  return out;
}
