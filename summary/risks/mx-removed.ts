import { md, MdText } from '../markdown-text';
import { RecordChange } from '../record-change';

/** RFC 7505: a null MX is the one value `0 .`; its host is the root. */
export function isNullMx(value: string): boolean {
  const host = value.trim().split(/\s+/)[1];
  return host === '.' || host === '';
}

const hosts = (values: readonly string[]) => values.filter((v) => !isNullMx(v));

/**
 * The domain stops receiving mail: its MX record set deleted or replaced (Terraform deletes before it creates, so
 * mail bounces meanwhile), its last MX host removed, or a null MX published (RFC 7505: the domain accepts no mail, so
 * bounces and replies to the sender address are lost). Removing one host of several is not flagged: the others
 * still take the mail.
 */
export function mxRemoved(change: RecordChange): MdText[] {
  const name = change.nameBefore ?? change.name;
  const wasMx = (change.typeBefore ?? change.type) === 'MX' && hosts(change.before).length > 0;
  if (change.action === 'delete' && wasMx) {
    // A provider with one resource per value (Cloudflare) tells what stays at the name; without it the set is gone.
    if (change.setAfter === undefined) return [md`MX record deleted: mail to ${name} bounces until it is back`];
    if (hosts(change.setAfter).length === 0) return [md`last MX host of ${name} removed (${change.before.join(', ')}): mail to the domain bounces until an MX is back`];
    return [];
  }
  if (change.action === 'replace' && wasMx) {
    if (change.zoneBefore !== undefined) {
      return [md`MX record moves from zone ${change.zoneBefore} to ${change.zoneAfter ?? ''}: it is deleted from the old zone, so while the old zone is the delegated one mail to ${name} bounces`];
    }
    return [md`MX record replaced: deleted first, then created; until then mail to ${name} bounces`];
  }
  if (change.type !== 'MX' || (change.action !== 'update' && change.action !== 'create')) return [];
  if (change.after.some(isNullMx) && !change.before.some(isNullMx)) {
    return [md`null MX (${'0 .'}, RFC 7505) for ${change.name}: the domain accepts no mail, so bounces and replies to the sender address are lost`];
  }
  if (change.action === 'update' && wasMx && hosts(change.setAfter ?? change.after).length === 0) {
    return [md`last MX host of ${name} removed: mail to the domain bounces until an MX is back`];
  }
  return [];
}
