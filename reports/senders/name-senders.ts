/**
 * Puts a name next to each failing source the outputs show: its PTR name (looked up when a resolver is given,
 * bounded by reports/senders/ptr.ts, cached in the history) and the known service behind it with its fix. Runs
 * after the summaries and before the verdicts, which name blocking sources and tell forwarders apart by it.
 */
import { BlockingSource, InstitutionSummary, SourceSummary } from '../analysis/summary';
import { identifySender } from './identify';
import { lookupPtrs, PtrCache, PtrLimits, PtrOutcome, PtrRun, ReverseDns } from './ptr';

export interface SenderOptions {
  /** Looks up PTR names; without it, services are named from the DKIM and SPF domains of the mail alone. */
  readonly dns?: ReverseDns;
  readonly cache?: PtrCache;
  readonly signal?: AbortSignal;
  readonly limits?: PtrLimits;
}

export async function nameSenders(summaries: readonly InstitutionSummary[], options: SenderOptions = {}): Promise<{ readonly summaries: InstitutionSummary[]; readonly ptr: PtrRun | null }> {
  let ptr: PtrRun | null = null;
  if (options.dns) {
    // The order sets which addresses are looked up within the limit: what blocks p=reject, then the platform's
    // failures, then the rest, institution by institution.
    const ips = [
      ...summaries.flatMap((s) => s.recent.blockingSources.map((x) => x.ip)),
      ...summaries.flatMap((s) => s.platform.failingSources.map((x) => x.ip)),
      ...summaries.flatMap((s) => s.failingSources.map((x) => x.ip)),
    ];
    ptr = await lookupPtrs(ips, options.dns, { cache: options.cache, signal: options.signal, limits: options.limits });
  }
  const outcomes = ptr?.outcomes ?? new Map<string, PtrOutcome>();
  const named = <S extends SourceSummary>(source: S, platformSigned: boolean): S => {
    const outcome = outcomes.get(source.ip);
    const ptrName = outcome === undefined ? undefined : outcome.kind === 'name' ? { name: outcome.name, confirmed: outcome.confirmed } : null;
    const sender = identifySender({ ptr: ptrName, dkim: source.dkim, spfDomains: source.spfDomains, platformSigned });
    return { ...source, ...(ptrName !== undefined && { ptr: ptrName }), sender };
  };
  return {
    ptr,
    summaries: summaries.map((s) => ({
      ...s,
      platform: { ...s.platform, failingSources: s.platform.failingSources.map((x) => named(x, true)) },
      failingSources: s.failingSources.map((x) => named(x, false)),
      recent: { ...s.recent, blockingSources: s.recent.blockingSources.map((x): BlockingSource => named(x, false)) },
    })),
  };
}
