/**
 * RFC 7489 §3.2: the organizational domain is the public suffix (Public Suffix List) plus one label.
 * tldts carries the list; it is loaded only when a report address points outside the policy domain.
 */
export function organizationalDomain(domain: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getDomain } = require('tldts') as typeof import('tldts');
  return getDomain(domain) ?? domain;
}
