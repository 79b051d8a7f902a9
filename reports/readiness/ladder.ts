/**
 * The rollout ladder of the platform's deliverability guide and RFC 9989: `p=none` → `p=quarantine; t=y` (test
 * mode: receivers apply one step less, RFC 9989 §4.7) → `p=quarantine` → `p=reject`. `sp` and `np`, when the config
 * sets them, follow: a step never leaves them weaker than the new `p`, and once `p=reject` is reached they climb
 * one step at a time too. The rungs are the one strictness order of model/dmarc-strictness.ts, which the PR summary
 * judges tightening and loosening by. Pure; the step is described in the config's own key names.
 */
import { DmarcPolicy } from '../../model/dmarc';
import { DMARC_STRICTNESS_ORDER, DmarcLevel, strictness } from '../../model/dmarc-strictness';

/** What the config publishes today (the `dmarc` options; `sp`/`np` only when set). */
export interface PolicyState {
  readonly p: DmarcPolicy;
  readonly t: boolean;
  readonly sp?: DmarcPolicy;
  readonly np?: DmarcPolicy;
}

/** The config keys a step changes, in the config's names (`dmarc.policy`, `dmarc.t`...). */
export interface ConfigChange {
  readonly policy?: DmarcPolicy;
  readonly t?: boolean;
  readonly subdomainPolicy?: DmarcPolicy;
  readonly nonexistentSubdomainPolicy?: DmarcPolicy;
}

export interface NextStep {
  readonly from: PolicyState;
  readonly to: PolicyState;
  readonly change: ConfigChange;
}

/**
 * The rungs: the strictness order (model/dmarc-strictness.ts) without `reject; t=y`, which receivers apply as
 * `quarantine`, what the rung below already does. So `p=quarantine` goes straight to `p=reject`, and a record found
 * at `reject; t=y` leaves test mode.
 */
export const LADDER: readonly DmarcLevel[] = DMARC_STRICTNESS_ORDER.filter((l) => !(l.policy === 'reject' && l.testing));

/** The next rung, or undefined at the top (`p=reject` without test mode, `sp`/`np` not weaker). */
export function nextStep(current: PolicyState): NextStep | undefined {
  const now = strictness({ policy: current.p, testing: current.t });
  const rung = LADDER.find((l) => strictness(l) > now);
  const [p, t] = rung ? [rung.policy, rung.testing] : [current.p, current.t];
  // sp and np share the record's t: compared with p in the same order, they never stay weaker than the new p.
  const level = (policy: DmarcPolicy) => strictness({ policy, testing: t });
  const follow = (sub: DmarcPolicy | undefined): DmarcPolicy | undefined => {
    if (sub === undefined) return undefined; // not set: it inherits p (np inherits sp), nothing to change
    if (rung) return level(sub) < level(p) ? p : sub;
    // p at the top: a weaker subdomain policy climbs on its own, one policy at a time.
    return level(sub) < level(p) ? DMARC_STRICTNESS_ORDER.find((l) => l.testing === t && strictness(l) > level(sub))!.policy : sub;
  };
  const to: PolicyState = { p, t, ...(current.sp !== undefined && { sp: follow(current.sp) }), ...(current.np !== undefined && { np: follow(current.np) }) };
  const change: { -readonly [K in keyof ConfigChange]: ConfigChange[K] } = {};
  if (to.p !== current.p) change.policy = to.p;
  if (to.t !== current.t) change.t = to.t;
  if (to.sp !== current.sp) change.subdomainPolicy = to.sp;
  if (to.np !== current.np) change.nonexistentSubdomainPolicy = to.np;
  return Object.keys(change).length === 0 ? undefined : { from: current, to, change };
}

/** `p=quarantine; t=y; sp=none`: a policy state as the DMARC tags receivers see. */
export function describePolicy(state: PolicyState): string {
  return [`p=${state.p}`, ...(state.t ? ['t=y'] : []), ...(state.sp ? [`sp=${state.sp}`] : []), ...(state.np ? [`np=${state.np}`] : [])].join('; ');
}

/** `dmarc: { policy: quarantine, t: true }`: the edit to make in the institution's config entry. */
export function configChangeText(change: ConfigChange): string {
  const parts = Object.entries(change).map(([key, value]) => `${key}: ${value}`);
  return `dmarc: { ${parts.join(', ')} }`;
}
