import { Annotations, Token } from '../core';
import { Construct } from 'constructs';
import { normalizeDomain, validateHostname } from '../model/names';
import { EmailAuthValidationError, formatProblem, Problems } from '../model/problems';
import { checkPlacement, ProviderRules, ZonePlacement } from '../model/providers';
import type { TxtRecord } from '../model/records';
import { checkTtl, ReportAuthorization, reportAuthorizationRecords } from '../model/report-authorization';
import { ANNOTATE_WARNINGS_CONTEXT } from './email-auth-base';

/** Props shared by every provider's report authorisation construct. */
export interface ReportAuthorizationsProps extends ZonePlacement {
  /**
   * One record per entry, `<domain>._report._dmarc.<reportDomain>` TXT `v=DMARC1`: the zone's `reportDomain` accepts
   * DMARC reports about `domain` (RFC 7489 §7.1, RFC 9990). Every report domain must lie in the zone.
   */
  readonly authorizations: readonly ReportAuthorization[];
  /** Seconds. @default - the provider's default (Route53: 3600, Cloudflare: 1 = automatic) */
  readonly ttl?: number;
  /** Sets Terraform's `prevent_destroy` on every record. @default false */
  readonly protect?: boolean;
}

/**
 * Validates the props and plans the authorisation records, before any resource exists; subclasses only map
 * {@link ReportAuthorizationsBase.records} to their provider's resources. Throws {@link EmailAuthValidationError}
 * listing every problem. Used by the institution stacks (records their zone publishes for senders) and by the
 * stacks of `reportAuthorizations` entries.
 */
export abstract class ReportAuthorizationsBase extends Construct {
  /** The authorisation records, in the neutral model. */
  public readonly records: readonly TxtRecord[];
  protected readonly lifecycle?: { readonly preventDestroy: boolean };

  protected constructor(scope: Construct, id: string, props: ReportAuthorizationsProps, rules: ProviderRules) {
    super(scope, id);
    const problems = new Problems();
    const authorizations = props.authorizations.map((a, i) => {
      const at = problems.at('authorizations').at(i);
      for (const key of ['domain', 'reportDomain'] as const) {
        if (Token.isUnresolved(a[key])) at.at(key).error('must be a literal known at synth time, not a token: record names are built from it');
        else validateHostname(normalizeDomain(a[key]), at.at(key), key);
      }
      return { domain: normalizeDomain(a.domain), reportDomain: normalizeDomain(a.reportDomain) };
    });
    const zone = props.zoneName !== undefined && !Token.isUnresolved(props.zoneName) ? normalizeDomain(props.zoneName) : undefined;
    checkPlacement(props, zone ?? '', rules, problems, (value) => Token.isUnresolved(value), 'report domain');
    const ttl = props.ttl ?? rules.ttl.default;
    checkTtl(ttl, rules.ttl, problems.at('ttl'));
    if (problems.hasErrors) throw new EmailAuthValidationError(problems.all);
    this.records = reportAuthorizationRecords(authorizations, ttl, problems.at('authorizations'), zone);
    if (problems.hasErrors) throw new EmailAuthValidationError(problems.all);
    if (this.node.tryGetContext(ANNOTATE_WARNINGS_CONTEXT) !== false) {
      for (const warning of problems.warnings) Annotations.of(this).addWarning(formatProblem(warning));
    }
    if (props.protect) this.lifecycle = { preventDestroy: true };
  }
}
