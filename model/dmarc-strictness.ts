/**
 * The one ordering of DMARC states, from the weakest to the strictest:
 * `none < quarantine; t=y < quarantine < reject; t=y < reject`.
 *
 * Test mode (`t=y`, RFC 9989 §4.7) asks receivers to apply one step less than the policy: `quarantine; t=y` is
 * handled like `none`, `reject; t=y` like `quarantine`. So each test-mode state sits between the policy below it and
 * its own. `none; t=y` is `none`: there is nothing below it to soften. `sp` and `np` are ordered alike with the
 * record's `t`. The summary judges tightening and loosening by this order, and the rollout ladder of `reports`
 * climbs it; both read it from here.
 */
import { DmarcRecord, policyFor } from './dmarc-record';
import { DmarcPolicy } from './dmarc-tags';

/** A policy with the record's test mode: what one of `p`, `sp`, `np` asks of receivers. */
export interface DmarcLevel {
  readonly policy: DmarcPolicy;
  readonly testing: boolean;
}

/** The states in order, weakest first; `none; t=y` is left out (it is `none`). */
export const DMARC_STRICTNESS_ORDER: readonly DmarcLevel[] = [
  { policy: 'none', testing: false },
  { policy: 'quarantine', testing: true },
  { policy: 'quarantine', testing: false },
  { policy: 'reject', testing: true },
  { policy: 'reject', testing: false },
];

/** The position of a state in {@link DMARC_STRICTNESS_ORDER}: 0 for `none` (with or without `t=y`) up to 4 for `reject`. */
export function strictness(level: DmarcLevel): number {
  if (level.policy === 'none') return 0;
  return DMARC_STRICTNESS_ORDER.findIndex((l) => l.policy === level.policy && l.testing === level.testing);
}

/** Negative when `a` is weaker than `b`, 0 when alike, positive when stricter. */
export function compareStrictness(a: DmarcLevel, b: DmarcLevel): number {
  return strictness(a) - strictness(b);
}

/** What receivers apply to failing mail: the policy, one step less in test mode (RFC 9989 §4.7). */
export function appliedPolicy(level: DmarcLevel): DmarcPolicy {
  if (!level.testing) return level.policy;
  return level.policy === 'reject' ? 'quarantine' : 'none';
}

/** `p=quarantine; t=y`: a state as the tags that write it (`t=y` only where it changes anything). */
export function levelText(level: DmarcLevel, tag: 'p' | 'sp' | 'np' = 'p'): string {
  return level.testing && level.policy !== 'none' ? `${tag}=${level.policy}; t=y` : `${tag}=${level.policy}`;
}

/**
 * The state a parsed record sets for the domain (`p`), its subdomains (`sp`, else `p`) or its non-existent
 * subdomains (`np`, else `sp`, else `p`), with the record's test mode; undefined when the policy is missing or invalid.
 */
export function levelOf(record: Pick<DmarcRecord, 'p' | 'sp' | 'np' | 'testing'>, tag: 'p' | 'sp' | 'np'): DmarcLevel | undefined {
  const policy = policyFor(record, tag);
  return policy === undefined ? undefined : { policy, testing: record.testing };
}
