import type { DNSResolver } from 'mailauth';
import { DnsResolver, QueryType } from './resolver';

const SUPPORTED = new Set<QueryType>(['TXT', 'CNAME', 'MX', 'A', 'AAAA']);

/**
 * Our resolver in the shape mailauth asks for (that of `dns.promises.resolve`): TXT as arrays of strings, MX as
 * `{ exchange, priority }`, and errors with node:dns codes (ENOTFOUND, ENODATA...) that mailauth classifies.
 */
export function mailauthResolver(resolver: DnsResolver): DNSResolver {
  return (async (name: string, rrtype: string) => {
    const type = rrtype.toUpperCase() as QueryType;
    if (!SUPPORTED.has(type)) throw Object.assign(new Error(`${rrtype} lookups are not supported by verify`), { code: 'ENOTIMP' });
    const answer = await resolver.query(name, type);
    if (answer.kind === 'nxdomain') throw Object.assign(new Error(`query ${name} ${type}: NXDOMAIN`), { code: 'ENOTFOUND' });
    if (answer.kind === 'nodata') throw Object.assign(new Error(`query ${name} ${type}: no data`), { code: 'ENODATA' });
    if (answer.kind === 'error') {
      // mailauth@4 classifies only ETIMEOUT and EREFUSED itself and ignores any other DNS error inside an include
      // (spf-verify.js, "kind of ignore"); RFC 7208 §5.2 and §4.4 make every one a temperror, so say so.
      const text = `DNS error ${answer.code} for ${type} ${name}`;
      throw Object.assign(new Error(`query ${name} ${type}: ${answer.code}`), { code: answer.code, spfResult: { error: 'temperror', text } });
    }
    if (type === 'TXT') return answer.values.map((v) => [v]);
    if (type === 'MX') {
      return answer.values.map((v) => {
        const [priority, exchange] = v.split(/\s+/);
        return { priority: Number(priority), exchange: exchange === '.' ? '' : exchange };
      });
    }
    return [...answer.values];
  }) as unknown as DNSResolver;
}
