import { CheckResult, fail, pass, unknown } from '../check-result';
import { mailauthResolver } from '../mailauth-resolver';
import { DnsResolver } from '../resolver';

/**
 * Evaluates the domain's SPF for a sending IP with mailauth (an independent, maintained implementation of
 * RFC 7208), as a receiver would for `MAIL FROM:<postmaster@domain>` from that IP. Only `pass` passes: a
 * softfail or neutral leaves DMARC to DKIM alone.
 */
export async function checkSpfIp(domain: string, ip: string, resolver: DnsResolver): Promise<CheckResult> {
  const id = 'spf.ip';
  // mailauth@4 is CommonJS; loaded on use so that verify without --ip does not pay for it.
  const { spf } = require('mailauth/lib/spf') as typeof import('mailauth/lib/spf');
  const result = await spf({ sender: `postmaster@${domain}`, ip, helo: domain, mta: 'verify.email-auth', resolver: mailauthResolver(resolver) });
  const status = result.status.result;
  const comment = result.status.comment ? ` (${result.status.comment})` : '';
  if (status === 'pass') return pass(id, `${ip}: pass${comment}`);
  // A temperror is DNS failing on the way (RFC 7208 §2.6.6), not a verdict on the record.
  if (status === 'temperror' || status === 'temperr') return unknown(id, `${ip}: ${status}${comment}`);
  return fail(id, `${ip}: ${status}${comment}: mail from this IP does not pass SPF`);
}
