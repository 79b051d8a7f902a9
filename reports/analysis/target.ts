/** An institution as the analysis sees it: what the config publishes and how to recognise the platform's mail. */
import { InstitutionConfig } from '../../config/load';
import type { DmarcRollout } from '../../config/schema';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { PolicyState } from '../readiness/ladder';
import { resolveThresholds, Thresholds } from '../readiness/thresholds';

export interface InstitutionTarget {
  readonly code: string;
  /** The sender domain, which is also the DMARC policy domain (`_dmarc.<domain>` is published for it). */
  readonly domain: string;
  /** The sender profile's DKIM selectors, lowercase: a signature with one of them and `d=<domain>` is the platform's. */
  readonly selectors: readonly string[];
  /** What the config publishes today. */
  readonly policy: PolicyState;
  readonly thresholds: Thresholds;
}

export function targetOf(inst: InstitutionConfig, flags: Partial<Thresholds> = {}): InstitutionTarget {
  const dmarc = inst.dmarc ?? {};
  // `dmarc.rollout` is read here only; the record builder ignores it (config/schema.ts).
  const rollout = (dmarc as { readonly rollout?: DmarcRollout }).rollout;
  return {
    code: inst.code,
    domain: inst.domain,
    selectors: (inst.senderProfile ?? SECUTIX_PROFILE).dkimSelectors.map((s) => s.selector.toLowerCase()),
    policy: {
      p: dmarc.policy ?? 'none',
      t: dmarc.t ?? false,
      ...(dmarc.subdomainPolicy && { sp: dmarc.subdomainPolicy }),
      ...(dmarc.nonexistentSubdomainPolicy && { np: dmarc.nonexistentSubdomainPolicy }),
    },
    thresholds: resolveThresholds(rollout, flags),
  };
}
