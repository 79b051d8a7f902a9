/**
 * Names the service behind a failing source from the one table of known senders (model/known-senders.ts): by its
 * confirmed PTR name first, then by the DKIM `d=` domains and the SPF (envelope) domains of its mail. Each match says
 * what to fix: the SPF include to add and the DKIM set-up for aligned signing. Forwarders and mailing lists are told
 * apart: when a source relays mail the platform signed for the institution, the service that carries it is passing
 * it on (a list, a forwarding mailbox), so a forwarder entry of the same hosts is preferred, and its failures are
 * marked expected rather than something to fix. Pure.
 */
import { KNOWN_SENDERS, KnownSender, sendersByDkimDomain, sendersByHost } from '../../model/known-senders';
import { SenderMatch, SourceSummary } from '../analysis/summary';

export interface SenderEvidence {
  readonly ptr?: SourceSummary['ptr'];
  readonly dkim: SourceSummary['dkim'];
  readonly spfDomains: readonly string[];
  /** The mail carries the platform's signature for the institution: a source other than the platform passed it on. */
  readonly platformSigned: boolean;
}

const PASSES_ON: ReadonlySet<KnownSender['kind']> = new Set(['forwarder', 'mailing-list']);

export function identifySender(evidence: SenderEvidence, senders: readonly KnownSender[] = KNOWN_SENDERS): SenderMatch | null {
  const tries: [SenderMatch['via'], string, KnownSender[]][] = [];
  if (evidence.ptr?.confirmed) tries.push(['ptr', evidence.ptr.name, sendersByHost(evidence.ptr.name, senders)]);
  for (const sig of evidence.dkim) tries.push(['dkim', sig.domain, sendersByDkimDomain(sig.domain, senders)]);
  for (const domain of evidence.spfDomains) tries.push(['spf', domain, sendersByHost(domain, senders)]);
  for (const [via, matched, candidates] of tries) {
    if (candidates.length === 0) continue;
    const sender = candidates.find((c) => PASSES_ON.has(c.kind) === evidence.platformSigned) ?? candidates[0]!;
    return match(sender, via, matched);
  }
  return null;
}

function match(sender: KnownSender, via: SenderMatch['via'], matched: string): SenderMatch {
  const forwarder = PASSES_ON.has(sender.kind);
  return {
    id: sender.id,
    name: sender.name,
    kind: sender.kind,
    via,
    matched,
    forwarder,
    ...(!forwarder && sender.spfIncludes[0] !== undefined && { spfInclude: sender.spfIncludes[0] }),
    fix: { ...(sender.fix.spf !== undefined && { spf: sender.fix.spf }), ...(sender.fix.dkim !== undefined && { dkim: sender.fix.dkim }) },
  };
}
