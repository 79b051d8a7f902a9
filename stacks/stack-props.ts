import { InstitutionConfig } from '../config/load';
import type { ReportCollectorConfig } from '../config/report-authorizations';
import { EmailAuthProps } from '../constructs/email-auth-base';
import type { ReportAuthorizationsProps } from '../constructs/report-authorizations-base';
import type { TxtRecord } from '../model/records';
import type { HostedAuthorization } from '../model/report-authorization-plan';
import { reportAuthorizationKey } from '../model/report-authorization';

/** cdktf writes each stack to `<outdir>/stacks/<stack>` and runs terraform there (cdktf's Manifest.stacksFolder). */
export const STACKS_FOLDER = 'stacks';

/** The file next to each Route53 stack's cdk.tf.json holding its least-privilege IAM policy (`iamPolicy`). */
export const IAM_POLICY_FILE = 'iam-policy.json';

/** `email-auth-<code>`: the stack's name, its folder in cdktf.out and its state file. */
export function stackName(code: string): string {
  return `email-auth-${code}`;
}

/** The construct props of an institution: the config minus what belongs to the stack (provider, aws...). */
export function emailAuthProps(inst: InstitutionConfig): EmailAuthProps {
  const { domain, code, spf, dmarc, mx, keepTxt, ttl, senderProfile, zoneId, zoneName, protect } = inst;
  return { domain, code, spf, dmarc, mx, keepTxt, ttl, senderProfile, zoneId, zoneName, protect };
}

/**
 * The props of the report authorisations a stack publishes in its zone (`zoneId`: the stack's own zone, literal or
 * looked up), or undefined when it publishes none. Records the stack only forgets are built too, so that their
 * Terraform addresses are those in state.
 */
export function reportAuthorizationProps(
  hosted: readonly HostedAuthorization[] | undefined,
  zoneId: string,
  zone: { readonly ttl?: number; readonly protect?: boolean },
): ReportAuthorizationsProps | undefined {
  if (!hosted || hosted.length === 0) return undefined;
  return {
    zoneId,
    authorizations: hosted.map(({ domain, reportDomain }) => ({ domain, reportDomain })),
    ...(zone.ttl !== undefined && { ttl: zone.ttl }),
    ...(zone.protect !== undefined && { protect: zone.protect }),
  };
}

/** The construct ids of the authorisation records a stack forgets (their institution is retired with `forget`). */
export function forgottenKeys(hosted: readonly HostedAuthorization[] | undefined): ReadonlySet<string> {
  return new Set((hosted ?? []).filter((a) => a.forget).map(reportAuthorizationKey));
}

/** The authorisation records a live stack still manages (for its IAM policy); all of them when `hosted` is not given. */
export function liveRecords(records: readonly TxtRecord[], hosted?: readonly HostedAuthorization[]): TxtRecord[] {
  const forgotten = forgottenKeys(hosted);
  return records.filter((r) => !forgotten.has(r.key));
}

/** The construct props of a `reportAuthorizations` entry's stack: its zone, one authorisation per sender, TTL, protect. */
export function collectorProps(collector: ReportCollectorConfig): ReportAuthorizationsProps {
  return {
    ...(collector.zoneId !== undefined ? { zoneId: collector.zoneId } : { zoneName: collector.zoneName! }),
    authorizations: collector.authorizations.map(({ domain, reportDomain }) => ({ domain, reportDomain })),
    ...(collector.ttl !== undefined && { ttl: collector.ttl }),
    ...(collector.protect !== undefined && { protect: collector.protect }),
  };
}
