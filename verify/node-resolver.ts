import { MxRecord, promises as dns } from 'node:dns';
import { canonicalName } from '../model/names';
import { textOfDnsBytes } from '../model/dns-text';
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

  /**
   * One promise chain per query, no async frames of our own: the wrapper costs about what node:dns's own promise
   * does (it cost twice that with two async functions, issue 20).
   */
  query(name: string, type: QueryType): Promise<DnsAnswer> {
    try {
      const asked = canonicalName(name);
      const r = this.resolver;
      switch (type) {
        case 'TXT':
          return r.resolveTxt(asked).then(txtAnswer, errorAnswer);
        case 'MX':
          return r.resolveMx(asked).then(mxAnswer, errorAnswer);
        case 'CNAME':
          return r.resolveCname(asked).then(nameAnswer, errorAnswer);
        case 'A':
          return r.resolve4(asked).then(answerOf, errorAnswer);
        case 'AAAA':
          return r.resolve6(asked).then(answerOf, errorAnswer);
      }
    } catch (e) {
      // Never throws, as the interface promises: an argument node:dns refuses on the spot is an answer too.
      return Promise.resolve(errorAnswer(e));
    }
  }
}

const NODATA: DnsAnswer = Object.freeze({ kind: 'nodata' });

function answerOf(values: string[]): DnsAnswer {
  return values.length > 0 ? { kind: 'records', values } : NODATA;
}

/**
 * Each record arrives as its character-strings; a receiver joins them without spaces (RFC 7208 §3.3). node:dns reads
 * the bytes as latin1: the text is decoded as UTF-8 (model/dns-text.ts), bytes that are not UTF-8 kept as escapes.
 */
function txtAnswer(records: string[][]): DnsAnswer {
  const values = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const chunks = records[i]!;
    values[i] = textOfDnsBytes(chunks.length === 1 ? chunks[0]! : chunks.join(''));
  }
  return answerOf(values);
}

function mxAnswer(records: MxRecord[]): DnsAnswer {
  return answerOf(records.map((mx) => `${mx.priority} ${canonicalName(mx.exchange) || '.'}`));
}

function nameAnswer(names: string[]): DnsAnswer {
  return answerOf(names.map(canonicalName));
}

function errorAnswer(e: unknown): DnsAnswer {
  return answerForError((e as NodeJS.ErrnoException).code ?? String(e));
}

export function answerForError(code: string): DnsAnswer {
  if (code === 'ENOTFOUND') return { kind: 'nxdomain' };
  if (code === 'ENODATA') return { kind: 'nodata' };
  return { kind: 'error', code, unreachable: UNREACHABLE.has(code) };
}
