import { requireFamily } from '../core/family';

// Before the construct's module loads the core, so that a missing one is named with the command to install it.
requireFamily('email-auth-dns/cloudflare', false);

/**
 * `email-auth-dns/cloudflare`: the Cloudflare construct, `CloudflareEmailAuth`. Needs a CDK core, CDK Terrain (`cdktn`)
 * or cdktf (`cdktf`), and `constructs`; no provider binding (the two Cloudflare types it writes are its own): without
 * them, loading this entry point throws a `MissingPeerDependencyError` naming the packages to install. Everything
 * `email-auth-dns` exports is exported here too.
 *
 * @packageDocumentation
 */

export { CloudflareEmailAuth } from '../constructs/cloudflare-email-auth';
export type { CloudflareEmailAuthProps } from '../constructs/cloudflare-email-auth';
export { EmailAuthBase, ANNOTATE_WARNINGS_CONTEXT } from '../constructs/email-auth-base';
export type { EmailAuthProps, EmailAuthResource } from '../constructs/email-auth-base';
// Everything the root exports, so that this entry point describes its API whole (props refer to the model's types).
export * from './index';
