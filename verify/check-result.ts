import { DnsAnswer, describeEmpty, QueryType } from './resolver';

/**
 * Four outcomes: `warn` does not fail the run (exit 0), `fail` does (exit 1), and `unknown` means DNS gave no usable
 * answer (timeout, SERVFAIL, a malformed or unreadable reply), so there is no verdict either way (exit 2).
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export interface CheckResult {
  /** Stable id for pipelines: `spf.record`, `spf.include`, `spf.lookups`, `spf.ip`, `dkim.<selector>`, `dmarc.record`, `dmarc.report.<domain>`, `mx`. */
  readonly id: string;
  readonly status: CheckStatus;
  /** One line a person can act on: what was found and, when not a pass, what is wrong (or, when unknown, what DNS said). */
  readonly reason: string;
}

export const pass = (id: string, reason: string): CheckResult => ({ id, status: 'pass', reason });
export const warn = (id: string, reason: string): CheckResult => ({ id, status: 'warn', reason });
export const fail = (id: string, reason: string): CheckResult => ({ id, status: 'fail', reason });
export const unknown = (id: string, reason: string): CheckResult => ({ id, status: 'unknown', reason: `no verdict: ${reason}` });

/**
 * The result for a query that got no records: a failure with `what` and `advice` when DNS said the record is not
 * there (NXDOMAIN, no data), no verdict when DNS gave no usable answer: then nobody knows whether it is there, and
 * advice such as "publish the record" would be wrong.
 */
export function missing(id: string, answer: DnsAnswer, query: { readonly type: QueryType; readonly name: string }, what: string, advice?: string): CheckResult {
  if (answer.kind === 'error') return unknown(id, describeEmpty(answer, query.type, query.name));
  return fail(id, `${what}: ${describeEmpty(answer, query.type, query.name)}${advice ? `; ${advice}` : ''}`);
}

const SEVERITY: Record<CheckStatus, number> = { pass: 0, warn: 1, unknown: 2, fail: 3 };

/** The worst status of a list: fail > unknown > warn > pass (a real failure stays a failure whatever DNS did elsewhere). */
export function worst(results: readonly { readonly status: CheckStatus }[]): CheckStatus {
  let w: CheckStatus = 'pass';
  // Indexed: it runs once per institution, mostly in V8's interpreter, where for-of costs an iterator per loop.
  for (let i = 0; i < results.length; i++) if (SEVERITY[results[i]!.status] > SEVERITY[w]) w = results[i]!.status;
  return w;
}
