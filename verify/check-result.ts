import { DnsAnswer, describeEmpty, QueryType } from './resolver';

/** Three outcomes, as in cdk-nag: `warn` does not fail the run (exit 0), `fail` does (exit 1). */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable id for pipelines: `spf.record`, `spf.include`, `spf.lookups`, `spf.ip`, `dkim.<selector>`, `dmarc.record`, `dmarc.report.<domain>`, `mx`. */
  readonly id: string;
  readonly status: CheckStatus;
  /** One line a person can act on: what was found and, when not a pass, what is wrong. */
  readonly reason: string;
  /** True when DNS did not answer (timeout, refused): the verdict is unknown, and verify exits 2. */
  readonly unreachable?: boolean;
}

export const pass = (id: string, reason: string): CheckResult => ({ id, status: 'pass', reason });
export const warn = (id: string, reason: string): CheckResult => ({ id, status: 'warn', reason });
export const fail = (id: string, reason: string): CheckResult => ({ id, status: 'fail', reason });

/** The result for a query that got no records: a failure, marked unreachable when the server did not answer. */
export function missing(id: string, answer: DnsAnswer, type: QueryType, what: string, advice?: string): CheckResult {
  const reason = `${what}: ${describeEmpty(answer, type)}${advice ? `; ${advice}` : ''}`;
  return answer.kind === 'error' && answer.unreachable ? { id, status: 'fail', reason, unreachable: true } : fail(id, reason);
}

/** The worst status of a list: fail > warn > pass. */
export function worst(results: readonly { readonly status: CheckStatus }[]): CheckStatus {
  if (results.some((r) => r.status === 'fail')) return 'fail';
  if (results.some((r) => r.status === 'warn')) return 'warn';
  return 'pass';
}
