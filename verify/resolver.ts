import { canonicalName } from '../model/names';

/** The record types the checks ask for. */
export type QueryType = 'TXT' | 'CNAME' | 'MX' | 'A' | 'AAAA';

/**
 * One DNS answer, in the neutral form of `tfjson/records.ts` so that live and planned answers compare directly:
 * TXT values as logical text (the strings of one record joined without spaces, RFC 7208 §3.3), MX as
 * `"priority host"`, CNAME targets and hosts lowercase without trailing dot.
 */
export type DnsAnswer =
  | { readonly kind: 'records'; readonly values: readonly string[] }
  /** The name exists but has no record of this type (NOERROR, empty answer). */
  | { readonly kind: 'nodata' }
  /** The name does not exist (NXDOMAIN). */
  | { readonly kind: 'nxdomain' }
  /**
   * No usable answer: the checks that needed it have no verdict (verify exits 2). `unreachable` when the server did
   * not answer at all (timeout, refused), which verify's first query uses to stop early.
   */
  | { readonly kind: 'error'; readonly code: string; readonly unreachable: boolean };

/**
 * All DNS access of `verify` goes through this one method (like DNSControl's spflib resolver), so the checks run on
 * recorded answers in unit tests, on a live server, or on a plan overlaid on a live server. Never throws.
 */
export interface DnsResolver {
  query(name: string, type: QueryType): Promise<DnsAnswer>;
}

/** True when the answer is "nothing there": what RFC 7208 §4.6.4 calls a void lookup. */
export function isVoid(answer: DnsAnswer): boolean {
  return answer.kind === 'nodata' || answer.kind === 'nxdomain';
}

export function valuesOf(answer: DnsAnswer): readonly string[] {
  return answer.kind === 'records' ? answer.values : [];
}

/** What a node:dns (c-ares) error code means for the person reading the report. */
const DNS_ERRORS: Readonly<Record<string, string>> = {
  ESERVFAIL: 'the server failed to answer: SERVFAIL',
  EREFUSED: 'the server refused the query: REFUSED',
  EFORMERR: 'the server could not read the query: FORMERR',
  ENOTIMP: 'the server does not support the query: NOTIMP',
  EBADRESP: 'the reply was malformed',
  // Measured with BIND: c-ares (node:dns) cannot read a TXT set of 16 KB or more, though it comes back over TCP.
  EBADNAME: 'the reply could not be read; node:dns gives this for answers of 16 KB or more, such as a very large TXT set, and for names DNS cannot carry',
  ETIMEOUT: 'no answer in time',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
};

/**
 * Short text for an answer that has no records, for reasons: "the name does not exist (NXDOMAIN)", "no TXT record",
 * "DNS error ESERVFAIL for TXT example.org (the server failed to answer: SERVFAIL)".
 */
export function describeEmpty(answer: DnsAnswer, type: QueryType, name = ''): string {
  switch (answer.kind) {
    case 'nxdomain':
      return 'the name does not exist (NXDOMAIN)';
    case 'nodata':
      return `no ${type} record`;
    case 'error': {
      const why = DNS_ERRORS[answer.code];
      return `DNS error ${answer.code}${name ? ` for ${type} ${name}` : ''}${why ? ` (${why})` : ''}`;
    }
    case 'records':
      return `${answer.values.length} ${type} record(s)`;
  }
}

/** A resolver that answers from a table (`"name TYPE"` → values); absent names are NXDOMAIN. For tests and planned mode. */
export class StaticResolver implements DnsResolver {
  private readonly table = new Map<string, string[]>();
  private readonly names = new Set<string>();

  constructor(records: Iterable<{ readonly name: string; readonly type: string; readonly values: readonly string[] }> = []) {
    for (const r of records) this.add(r.name, r.type, r.values);
  }

  add(name: string, type: string, values: readonly string[]): this {
    const key = recordKey(name, type);
    this.table.set(key, [...(this.table.get(key) ?? []), ...values]);
    this.names.add(canonicalName(name));
    return this;
  }

  has(name: string, type: string): boolean {
    return this.table.has(recordKey(name, type));
  }

  hasName(name: string): boolean {
    return this.names.has(canonicalName(name));
  }

  async query(name: string, type: QueryType): Promise<DnsAnswer> {
    return this.lookup(name, type, 0);
  }

  private lookup(name: string, type: QueryType, depth: number): DnsAnswer {
    const values = this.table.get(recordKey(name, type));
    if (values && values.length > 0) return { kind: 'records', values };
    // A resolver follows a CNAME for every other type (RFC 1034 §3.6.2); 8 hops is plenty for tests.
    const cname = this.table.get(recordKey(name, 'CNAME'));
    if (type !== 'CNAME' && cname?.[0] !== undefined && depth < 8) return this.lookup(cname[0], type, depth + 1);
    return this.hasName(name) ? { kind: 'nodata' } : { kind: 'nxdomain' };
  }
}

function recordKey(name: string, type: string): string {
  return `${canonicalName(name)} ${type.toUpperCase()}`;
}
