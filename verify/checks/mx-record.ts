import { CheckResult, missing, pass, warn } from '../check-result';
import { DnsAnswer } from '../resolver';

/**
 * The sender domain has an MX, so bounces and replies reach someone. A null MX (RFC 7505, `0 .`) is a warning:
 * it is a deliberate "no mail here", but bounces to the sender address are then lost.
 */
export function checkMx(domain: string, mx: DnsAnswer): CheckResult {
  const id = 'mx';
  if (mx.kind !== 'records') return missing(id, mx, { type: 'MX', name: domain }, `no MX record at ${domain}`, 'bounces and replies to the sender address cannot be delivered; publish the mail servers that receive for it');
  // One MX (the common case) needs no sorted copy.
  const values = mx.values.length === 1 ? mx.values : [...mx.values].sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
  if (values.some((v) => v.split(/\s+/)[1] === '.')) return warn(id, `null MX at ${domain} (RFC 7505): the domain accepts no mail, so bounces to the sender address are lost`);
  return pass(id, `${values.length} MX: ${values.join(', ')}`);
}
