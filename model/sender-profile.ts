/**
 * The names a sending platform asks its customers to publish. The defaults are SecuTix's; another platform is one
 * profile away.
 */
export interface DkimSelectorPair {
  /** Selector the platform signs with, published at `<selector>._domainkey.<domain>`, e.g. `stxsel1`. */
  readonly selector: string;
  /** Prefix of the platform-side name, `<targetPrefix>-<code>._domainkey.<dkimTargetDomain>`, e.g. `sel1`. */
  readonly targetPrefix: string;
}

export interface SenderProfile {
  /** Domain the SPF record includes. @default spf.secutix.com */
  readonly spfInclude: string;
  /** Domain under which the platform publishes its DKIM keys. @default dkim.secutix.com */
  readonly dkimTargetDomain: string;
  /** Selector pairs; two so that keys can rotate. @default stxsel1 → sel1, stxsel2 → sel2 */
  readonly dkimSelectors: readonly DkimSelectorPair[];
}

export const SECUTIX_PROFILE: SenderProfile = Object.freeze({
  spfInclude: 'spf.secutix.com',
  dkimTargetDomain: 'dkim.secutix.com',
  dkimSelectors: Object.freeze([
    { selector: 'stxsel1', targetPrefix: 'sel1' },
    { selector: 'stxsel2', targetPrefix: 'sel2' },
  ]),
});
