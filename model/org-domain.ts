/**
 * The organizational domain by the Public Suffix List (RFC 7489 §3.2: the public suffix plus one label). RFC 9989
 * replaced this by a DNS tree walk (§4.10, `verify/dmarc-tree-walk.ts`); this is the fallback for the config-time
 * check, which has no DNS. tldts carries the list; it is loaded only when a report address points outside the policy
 * domain.
 */
export function pslOrganizationalDomain(domain: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getDomain } = require('tldts') as typeof import('tldts');
  return getDomain(domain) ?? domain;
}
