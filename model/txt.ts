import { Problems, show } from './problems';

/** RFC 1035 §3.3.14: a TXT record is one or more character-strings of at most 255 octets each. */
export const MAX_TXT_STRING = 255;

/**
 * Splits a TXT value into character-strings of at most 255 octets that concatenate back to exactly `text`.
 * Receivers join the strings without spaces (RFC 7208 §3.3), so we cut right after a space wherever one is in
 * reach: no SPF term or DMARC tag is ever cut in two. A run of 255 characters without a space is cut hard.
 * Values are printable ASCII (checked by `validateTxtText`), so characters and octets are the same.
 */
export function splitTxt(text: string, max = MAX_TXT_STRING): string[] {
  const strings: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max - 1);
    const cut = space > 0 ? space + 1 : max;
    strings.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  strings.push(rest);
  return strings;
}

/** The largest DNS answer over UDP that resolvers commonly accept (the EDNS buffer size most of them offer). */
export const TXT_ANSWER_MAX_OCTETS = 4096;
/** The EDNS buffer size of DNS Flag Day 2020: an answer above it is truncated, and the resolver retries over TCP. */
export const TXT_ANSWER_WARN_OCTETS = 1232;

/**
 * The size of the DNS answer to a TXT query at `name` that returns `values` (RFC 1035 §4.1): 12-octet header, the
 * question, and per record a compressed owner name (2), type, class, TTL and length (10), then each 255-octet
 * character-string with its length octet. EDNS adds 11 octets.
 */
export function txtAnswerOctets(name: string, values: readonly string[]): number {
  let octets = 12 + name.length + 2 + 4 + 11;
  for (let i = 0; i < values.length; i++) octets += txtRecordOctets(values[i]!);
  return octets;
}

/** One record of a TXT answer: owner name, type, class, TTL and length, then its character-strings (see {@link txtAnswerOctets}). */
export function txtRecordOctets(value: string): number {
  // A value of at most 255 octets is one string: counted without cutting it.
  if (value.length <= MAX_TXT_STRING) return 12 + 1 + value.length;
  let octets = 12;
  for (const s of splitTxt(value)) octets += 1 + s.length;
  return octets;
}

/**
 * TXT values we publish are printable ASCII without `"` or `\`: providers quote and escape differently
 * (Route53 wraps values in quotes without escaping; Cloudflare takes zone-file syntax), so a value holding either
 * character would not round-trip the same on both.
 */
const NOT_PUBLISHABLE = /[^ -~]|["\\]/u;

export function validateTxtText(text: string, problems: Problems, what = 'TXT value'): boolean {
  // The first character outside printable ASCII, or a quote or backslash; `u` so that one outside the BMP is whole.
  const bad = NOT_PUBLISHABLE.exec(text)?.[0];
  if (bad === undefined) return true;
  const code = bad.codePointAt(0)!.toString(16).padStart(4, '0');
  problems.error(`${what} must be printable ASCII without quotes or backslashes; found ${show(bad)} (U+${code}) in ${show(text)}`);
  return false;
}
