import { providerPeers, requirePeers } from '../io/peer-dependency';

// Before the construct's module loads the binding, so that a missing binding is named with the command to install it.
requirePeers('email-auth-dns/route53', providerPeers('route53'));

/**
 * `email-auth-dns/route53`: the Route53 construct, `Route53EmailAuth`. Needs the peer dependencies `cdktf`, `constructs`
 * and `@cdktf/provider-aws`: without one of them, loading this entry point throws a `MissingPeerDependencyError`
 * naming the package to install. Everything `email-auth-dns` exports is exported here too.
 *
 * @packageDocumentation
 */

export { Route53EmailAuth } from '../constructs/route53-email-auth';
export type { Route53EmailAuthProps } from '../constructs/route53-email-auth';
export { EmailAuthBase, ANNOTATE_WARNINGS_CONTEXT } from '../constructs/email-auth-base';
export type { EmailAuthProps } from '../constructs/email-auth-base';
// Everything the root exports, so that this entry point describes its API whole (props refer to the model's types).
export * from './index';
