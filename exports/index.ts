/**
 * `email-auth-dns`: the record model without a CDK core. Plans SPF, DKIM, DMARC and MX record sets for an institution
 * (`planEmailAuth`, `emailAuthRecords`), validates them with every problem and its path, and gives the option types
 * the constructs of `email-auth-dns/route53` and `email-auth-dns/cloudflare` take. Loads no provider binding, no
 * core (cdktn or cdktf) and no constructs.
 *
 * @packageDocumentation
 */

export { planEmailAuth, emailAuthRecords, RECORD_PURPOSES, ANY_TTL } from '../model/records';
export { Problems, EmailAuthValidationError, formatProblem } from '../model/problems';
export { PROVIDERS, PROVIDER_RULES, CLOUDFLARE_AUTO_TTL } from '../model/providers';
export { SPF_ALL } from '../model/spf';
export { DMARC_POLICIES, DMARC_ALIGNMENTS, DMARC_PSD } from '../model/dmarc';
export { renderMx } from '../model/mx';
export { SECUTIX_PROFILE } from '../model/sender-profile';
export { splitTxt } from '../model/txt';
export { MissingPeerDependencyError } from '../io/peer-dependency';
export type { MissingPeerDetail } from '../io/peer-dependency';
export type { RecordPurpose, RecordBase, DnsRecord, TxtRecord, CnameRecord, MxRecord, EmailAuthOptions, TtlRule } from '../model/records';
export type { Problem, Severity } from '../model/problems';
export type { ProviderName, ProviderRules, ZonePlacement } from '../model/providers';
export type { SpfOptions, SpfAll } from '../model/spf';
export type { DmarcOptions, DmarcPolicy, DmarcAlignment, DmarcPsd } from '../model/dmarc';
export type { MxValue } from '../model/mx';
export type { SenderProfile, DkimSelectorPair } from '../model/sender-profile';
