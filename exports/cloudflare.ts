import { providerPeers, requirePeers } from '../io/peer-dependency';

// Before the construct's module loads the binding, so that a missing binding is named with the command to install it.
requirePeers('email-auth-dns/cloudflare', providerPeers('cloudflare'));

/**
 * `email-auth-dns/cloudflare`: the Cloudflare construct, `CloudflareEmailAuth`. Needs the peer dependencies `cdktf`, `constructs`
 * and `@cdktf/provider-cloudflare`: without one of them, loading this entry point throws a `MissingPeerDependencyError`
 * naming the package to install. Everything `email-auth-dns` exports is exported here too.
 *
 * @packageDocumentation
 */

export { CloudflareEmailAuth } from '../constructs/cloudflare-email-auth';
export type { CloudflareEmailAuthProps } from '../constructs/cloudflare-email-auth';
export { EmailAuthBase, ANNOTATE_WARNINGS_CONTEXT } from '../constructs/email-auth-base';
export type { EmailAuthProps } from '../constructs/email-auth-base';
// Everything the root exports, so that this entry point describes its API whole (props refer to the model's types).
export * from './index';
