import { promises as dns } from 'node:dns';
import { canonicalName } from '../model/names';
import { DnsAnswer, DnsResolver, QueryType } from './resolver';

export interface NodeResolverOptions {
  /** `HOST:PORT` or `HOST` (port 53); IPv6 as `[::1]:53`. @default - the system resolver (/etc/resolv.conf) */
  readonly server?: string;
  /** Milliseconds per attempt. @default 2000 */
  readonly timeout?: number;
  /** Attempts per query, the first included. @default 3 */
  readonly tries?: number;
}

/** Server errors that mean "no answer came back": the verdict is unknown, not failed. */
const UNREACHABLE = new Set(['ETIMEOUT', 'ECONNREFUSED', 'EREFUSED', 'ECANCELLED', 'ENOTINITIALIZED', 'ECONNRESET']);

/** node:dns (c-ares) behind the one-method interface: per-query timeout and tries, one server or the system's. */
export class NodeDnsResolver implements DnsResolver {
  private readonly resolver: dns.Resolver;

  constructor(options: NodeResolverOptions = {}) {
    this.resolver = new dns.Resolver({ timeout: options.timeout ?? 2000, tries: options.tries ?? 3 });
    if (options.server) this.resolver.setServers([options.server]);
  }

  async query(name: string, type: QueryType): Promise<DnsAnswer> {
    try {
      const values = await this.ask(canonicalName(name), type);
      return values.length > 0 ? { kind: 'records', values } : { kind: 'nodata' };
    } catch (e) {
      return answerForError((e as NodeJS.ErrnoException).code ?? String(e));
    }
  }

  private async ask(name: string, type: QueryType): Promise<string[]> {
    switch (type) {
      case 'TXT':
        // Each record arrives as its character-strings; a receiver joins them without spaces (RFC 7208 §3.3).
        return (await this.resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
      case 'MX':
        return (await this.resolver.resolveMx(name)).map((mx) => `${mx.priority} ${canonicalName(mx.exchange) || '.'}`);
      case 'CNAME':
        return (await this.resolver.resolveCname(name)).map(canonicalName);
      case 'A':
        return this.resolver.resolve4(name);
      case 'AAAA':
        return this.resolver.resolve6(name);
    }
  }
}

export function answerForError(code: string): DnsAnswer {
  if (code === 'ENOTFOUND') return { kind: 'nxdomain' };
  if (code === 'ENODATA') return { kind: 'nodata' };
  return { kind: 'error', code, unreachable: UNREACHABLE.has(code) };
}
