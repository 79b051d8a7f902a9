/**
 * The rollout ladder of the platform's deliverability guide and RFC 9989: `p=none` → `p=quarantine; t=y` (test
 * mode: receivers apply one step less, RFC 9989 §4.7) → `p=quarantine` → `p=reject`. `sp` and `np`, when the config
 * sets them, follow: a step never leaves them weaker than the new `p`, and once `p=reject` is reached they climb
 * one step at a time too. Pure; the step is described in the config's own key names.
 */
import { DMARC_POLICIES, DmarcPolicy } from '../../model/dmarc';

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

const rank = (p: DmarcPolicy) => DMARC_POLICIES.indexOf(p);
const stronger = (p: DmarcPolicy): DmarcPolicy => DMARC_POLICIES[Math.min(rank(p) + 1, DMARC_POLICIES.length - 1)]!;

/** The next rung, or undefined at the top (`p=reject` without test mode, `sp`/`np` not weaker). */
export function nextStep(current: PolicyState): NextStep | undefined {
  let p = current.p;
  let t = current.t;
  if (p === 'none') [p, t] = ['quarantine', true];
  else if (t) t = false; // quarantine or reject in test mode: leave test mode
  else if (p === 'quarantine') p = 'reject';

  const follow = (sub: DmarcPolicy | undefined): DmarcPolicy | undefined => {
    if (sub === undefined) return undefined; // not set: it inherits p (np inherits sp), nothing to change
    if (p !== current.p || t !== current.t) return rank(sub) < rank(p) ? p : sub;
    return rank(sub) < rank(p) ? stronger(sub) : sub; // p at the top: the subdomain policies climb on their own
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
