import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { Problems, show } from './problems';

/** RFC 1035 §2.3.4: a name is at most 253 characters in text form, a label 1 to 63. */
export const MAX_NAME_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;
const LDH_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const VALID_HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ALL_NUMERIC_LAST_LABEL = /\.[0-9]+$/;

/** A name as DNS compares it: trimmed, lowercase, without one trailing dot (no punycode conversion). */
export function canonicalName(name: string): string {
  const lower = name.trim().toLowerCase();
  // Not `.replace(/\.$/, '')`: verify asks this of every name it queries and every name an answer holds.
  return lower.charCodeAt(lower.length - 1) === 0x2e ? lower.slice(0, -1) : lower;
}

/**
 * Normalises a domain name as users type it: trims, lowercases, drops one trailing dot and converts internationalised
 * names to punycode (`müller.ch` → `xn--mller-kva.ch`). Returns the input unchanged when it cannot be converted, so that
 * validation reports the original text.
 */
export function normalizeDomain(input: string): string {
  const trimmed = canonicalName(input);
  // domainToASCII returns '' for input it cannot convert; only ask it for non-ASCII text, so ASCII is kept verbatim
  // and validated by our own (stricter, explained) rules.
  if (/^[\x00-\x7f]*$/.test(trimmed)) return trimmed;
  return domainToASCII(trimmed) || trimmed;
}

/**
 * Checks a host or domain name (already normalised): LDH labels, lengths, at least two labels, not an IP, URL, email
 * address or wildcard. `what` names the thing in messages ("domain", "MX host").
 */
export function validateHostname(name: string, problems: Problems, what = 'domain'): boolean {
  if (isPlainHostname(name)) return true;
  const before = problems.errorCount;
  const fail = (rule: string) => problems.error(`${what} ${rule}, got ${show(name)}`);
  if (name === '') fail('must not be empty');
  else if (/^[a-z][a-z0-9+.-]*:\/\//.test(name)) fail('must be a bare domain name, not a URL');
  else if (name.includes('@')) fail(`must be a domain name, not an email address (use the part after "@")`);
  // isIP compiles large regular expressions on first use (~5 ms): only ask it when the name could be an address.
  else if (/^[\d.]+$|:/.test(name) && (isIP(name) || isIP(name.replace(/^\[|\]$/g, '')))) fail('must be a domain name, not an IP address');
  else if (name.includes('*')) fail('must not be a wildcard name');
  else if (name.length > MAX_NAME_LENGTH) fail(`must be at most ${MAX_NAME_LENGTH} characters (RFC 1035), has ${name.length}`);
  else {
    const labels = name.split('.');
    if (labels.length < 2) fail('must have at least two labels (e.g. example.org)');
    for (const label of labels) {
      if (label.length === 0) {
        fail('must not contain empty labels (two dots in a row, or a leading dot)');
        break;
      }
      if (label.length > MAX_LABEL_LENGTH) {
        fail(`labels must be at most ${MAX_LABEL_LENGTH} characters (RFC 1035), "${label}" has ${label.length}`);
        break;
      }
      if (!LDH_LABEL.test(label)) {
        fail(`labels must be letters, digits and hyphens, not starting or ending with a hyphen; "${label}" is not`);
        break;
      }
    }
    if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) fail('must not end with an all-numeric label');
  }
  return problems.errorCount === before;
}

/**
 * The common case of {@link validateHostname} in one test: every rule of it holds for a name this matches (a valid LDH
 * name of two or more labels, at most 253 characters, not ending in an all-numeric label); anything else gets the rule
 * it breaks there. Callers that check many names ask this first, so they make no problem view for a valid one.
 */
export function isPlainHostname(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && VALID_HOSTNAME.test(name) && !ALL_NUMERIC_LAST_LABEL.test(name);
}

/** True when `name` is `zone` or below it. Both normalised. */
export function isWithinZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** Prefixes labels to a domain: `fqdn('_dmarc', 'example.org')` → `_dmarc.example.org`. */
export function fqdn(labels: string, domain: string): string {
  return labels ? `${labels}.${domain}` : domain;
}
