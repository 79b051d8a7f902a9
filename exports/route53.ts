import { requireFamily } from '../core/family';

// Before the construct's module loads the core and the binding, so that a missing one is named with the command to
// install it.
requireFamily('email-auth-dns/route53', true);

/**
 * `email-auth-dns/route53`: the Route53 construct, `Route53EmailAuth`. Needs a CDK core with its AWS binding, CDK
 * Terrain (`cdktn` and `@cdktn/provider-aws`) or cdktf (`cdktf` and `@cdktf/provider-aws`), and `constructs`: without
 * them, loading this entry point throws a `MissingPeerDependencyError` naming the packages to install. Everything
 * `email-auth-dns` exports is exported here too.
 *
 * @packageDocumentation
 */

export { Route53EmailAuth } from '../constructs/route53-email-auth';
export type { Route53EmailAuthProps } from '../constructs/route53-email-auth';
export { EmailAuthBase, ANNOTATE_WARNINGS_CONTEXT } from '../constructs/email-auth-base';
export type { EmailAuthProps, EmailAuthResource } from '../constructs/email-auth-base';
// Everything the root exports, so that this entry point describes its API whole (props refer to the model's types).
export * from './index';
