import { Construct, IConstruct } from 'constructs';
import { Annotations, Token } from '../core';
import { DnsRecord, EmailAuthOptions, planEmailAuth } from '../model/records';
import { EmailAuthValidationError, formatProblem, Problems } from '../model/problems';
import { normalizeDomain } from '../model/names';
import { checkPlacement, ProviderRules, ZonePlacement } from '../model/providers';

/**
 * Construct context key. An app that reports the warnings of all its institutions itself, folded across them (the
 * email-auth app does), sets it to `false`; the constructs then add no warning annotations of their own, which
 * cdktf-cli would print once per stack.
 */
export const ANNOTATE_WARNINGS_CONTEXT = 'email-auth-dns:annotateWarnings';

/**
 * A Terraform resource one of the constructs created (`aws_route53_record`, `cloudflare_dns_record`): what a
 * resource of either CDK core, CDK Terrain or cdktf, offers, so that the API names neither.
 */
export interface EmailAuthResource extends IConstruct {
  /** The Terraform type, e.g. `aws_route53_record`. */
  readonly terraformResourceType: string;
  /** The resource's name in its stack's Terraform (the key under `resource.<type>`). */
  readonly friendlyUniqueId: string;
  /** The resource's address in Terraform expressions, as a token: `${<type>.<name>}`. */
  readonly fqn: string;
  /**
   * Sets a value in the resource's synthesized block (a dotted path such as `lifecycle.ignore_changes`): the way to
   * reach an attribute the props do not cover.
   */
  addOverride(path: string, value: unknown): void;
}

/** Props shared by every provider's construct. */
export interface EmailAuthProps extends EmailAuthOptions, ZonePlacement {
  /**
   * Sets Terraform's `prevent_destroy` on every record, so a plan that would delete one fails.
   * @default false
   */
  readonly protect?: boolean;
}

/**
 * Validates the props and plans the records, before any resource exists; subclasses only map {@link EmailAuthBase.records} to
 * their provider's resources. Throws {@link EmailAuthValidationError} listing every problem.
 */
export abstract class EmailAuthBase extends Construct {
  /** The record sets this construct publishes, in the neutral model (names, types, values, TTLs). */
  public readonly records: readonly DnsRecord[];
  /** The sender domain, normalised (lowercase, punycode, no trailing dot). */
  public readonly domain: string;
  /** Lifecycle to give every resource (prevent_destroy when `protect` is set). */
  protected readonly lifecycle?: { readonly preventDestroy: boolean };

  protected constructor(scope: Construct, id: string, props: EmailAuthProps, rules: ProviderRules) {
    super(scope, id);
    const problems = new Problems();
    // Record names and DKIM targets are built from these at synth time, so a deploy-time token cannot stand in.
    const tokens = (['domain', 'code'] as const).filter((key) => Token.isUnresolved(props[key]));
    for (const key of tokens) problems.at(key).error('must be a literal known at synth time, not a token: record names are built from it');
    if (tokens.length > 0) throw new EmailAuthValidationError(problems.all);
    this.records = planEmailAuth(props, problems, rules.ttl);
    this.domain = normalizeDomain(props.domain);
    checkPlacement(props, this.domain, rules, problems, (value) => Token.isUnresolved(value));
    if (problems.hasErrors) throw new EmailAuthValidationError(problems.all);
    if (this.node.tryGetContext(ANNOTATE_WARNINGS_CONTEXT) !== false) {
      for (const warning of problems.warnings) Annotations.of(this).addWarning(formatProblem(warning));
    }
    if (props.protect) this.lifecycle = { preventDestroy: true };
  }
}
