/**
 * The value rules of the DMARC tags (RFC 9989 §4.7 and the ABNF of §4.8), in one table. The record parser
 * (`dmarc-record.ts`, used by `verify` and `summary`) and the record builder (`dmarc.ts`) both judge every value with
 * these rules, so a value verify fails is a value the builder refuses, with the same words.
 *
 * Severity follows what a receiver does with the value:
 * - error: a receiver drops the value and uses the default (RFC 9989 §4.8: "syntax errors … MUST be discarded in
 *   favor of default values"), or drops the report address, so what the owner wrote is silently not what happens;
 * - warning: the value is understood, but has no effect or only an effect on some receivers (tags removed by RFC 9989,
 *   even with a value RFC 7489 would not accept; the obsolete `!size` suffix; a report URI of a scheme no receiver
 *   sends to).
 *
 * The builder is stricter than the parser where a record is valid for receivers but never does what was meant: a
 * removed tag with an invalid value ({@link removedTagRule}) and a report URI other than `mailto:`
 * ({@link ReportUriVerdict.otherScheme}) warn in a record read from DNS and are refused in the config.
 */
import { normalizeDomain } from './names';
import { show } from './problems';

export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];
export const DMARC_ALIGNMENTS = ['r', 's'] as const;
export type DmarcAlignment = (typeof DMARC_ALIGNMENTS)[number];
export const DMARC_PSD = ['y', 'n', 'u'] as const;
export type DmarcPsd = (typeof DMARC_PSD)[number];

/** One problem with one value; `index` is the position of a report URI in its list. */
export interface TagProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly index?: number;
}

/** A report URI as receivers use it: the address, and the domain that may have to authorise it. */
export interface ReportUri {
  readonly uri: string;
  readonly address: string;
  /** The mail domain, lowercase (punycode for IDNs). */
  readonly domain: string;
}

export interface TagVerdict<T> {
  /** The value as receivers read it (policies lowercased, URIs parsed), or undefined when they drop it. */
  readonly value?: T;
  readonly problems: readonly TagProblem[];
}

const error = (message: string, index?: number): TagProblem => ({ severity: 'error', message, ...(index === undefined ? {} : { index }) });
const warning = (message: string, index?: number): TagProblem => ({ severity: 'warning', message, ...(index === undefined ? {} : { index }) });

/** A keyword out of a fixed list. ABNF quoted strings are case-insensitive (RFC 5234 §2.3): `p=ReJect` is `reject`. */
function keyword<T extends string>(allowed: readonly T[], expected: string) {
  // `shown` (how a message quotes the value) is made only for a message: show() quotes and escapes, which costs.
  return (value: string, shown?: string): TagVerdict<T> => {
    const lower = value.toLowerCase() as T;
    return allowed.includes(lower) ? { value: lower, problems: [] } : { problems: [error(`expected ${expected}, got ${shown ?? show(value)}`)] };
  };
}

/** `p`, `sp`, `np`: RFC 9989 §4.7 dmarc-request. */
export const checkPolicy = keyword(DMARC_POLICIES, DMARC_POLICIES.join('|'));
/** `adkim`, `aspf`: RFC 9989 §4.7 dmarc-rors. */
export const checkAlignment = keyword(DMARC_ALIGNMENTS, 'r|s (relaxed or strict)');
/** `psd`: RFC 9989 §4.7 dmarc-psd. */
export const checkPsd = keyword(DMARC_PSD, 'y|n|u');
/** `t`: RFC 9989 §4.7 dmarc-yorn. */
export const checkTestMode = keyword(['y', 'n'] as const, 'y|n');

const FO_SYNTAX = 'a colon-separated list of 0, 1, d, s (e.g. "1" or "d:s")';

/** `fo`: RFC 9989 §4.8 dmarc-fo: each of 0, 1, d, s at most once, and "0" and "1" not together. */
export function checkFailureOptions(value: string, shown?: string): TagVerdict<string> {
  const parts = value.toLowerCase().split(':').map((p) => p.trim());
  if (parts.some((p) => !['0', '1', 'd', 's'].includes(p))) return { problems: [error(`expected ${FO_SYNTAX}, got ${shown ?? show(value)}`)] };
  if (new Set(parts).size !== parts.length) return { problems: [error(`lists an option twice: ${shown ?? show(value)}`)] };
  if (parts.includes('0') && parts.includes('1')) return { problems: [error(`"0" and "1" exclude each other (RFC 9989 §4.8), got ${shown ?? show(value)}`)] };
  return { value: parts.join(':'), problems: [] };
}

/** What receivers that follow RFC 9989 do instead, and the way forward: test mode (`t`) replaces a partial `pct`. */
const REMOVED = {
  pct: 'receivers that follow it ignore it and apply the policy to every failing message; for a test phase use test mode instead (t=y; in the config "t: true")',
  ri: 'receivers that follow it ignore it and send aggregate reports daily; remove it (for a gradual rollout RFC 9989 has test mode, t=y)',
  rf: 'receivers that follow it ignore it ("afrf" is the only failure report format); remove it (for a gradual rollout RFC 9989 has test mode, t=y)',
} as const;

/** RFC 7489 §6.3: the value an RFC 7489 receiver uses in place of an invalid one (§6.6.3: syntax errors are discarded in favour of defaults). */
const RFC7489_DEFAULT = { pct: 'pct=100', ri: 'ri=86400', rf: 'rf=afrf' } as const;
const REMOVE = { pct: 'remove it (for a test phase use test mode, t=y)', ri: 'remove it', rf: 'remove it' } as const;

/**
 * Why a value of a removed tag (`pct`, `ri`, `rf`) is invalid even for the RFC 7489 receivers that still read the
 * tag, or undefined when it is valid there. The builder refuses such a value; the parser only warns (see
 * {@link checkRemovedTag}).
 */
export function removedTagRule(tag: 'pct' | 'ri' | 'rf', value: string, shown = show(value)): string | undefined {
  const valid =
    tag === 'pct' ? /^[0-9]{1,3}$/.test(value) && Number(value) <= 100 : tag === 'ri' ? /^[0-9]{1,10}$/.test(value) && Number(value) <= 4294967295 : /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)*$/i.test(value);
  if (valid) return undefined;
  const rule = tag === 'pct' ? 'must be an integer between 0 and 100 inclusive' : tag === 'ri' ? 'must be a whole number of seconds' : 'expected a colon list of report formats such as "afrf"';
  return `${rule}, got ${shown}`;
}

/**
 * `pct`, `ri`, `rf`: removed by RFC 9989 (Appendix C), so receivers that follow it ignore them: a warning, whatever
 * the value. With a value RFC 7489 would not accept (`pct=150`, `ri=bob`) still a warning, as checkdmarc and
 * Mail::DMARC read it: RFC 9989 receivers ignore the tag, RFC 7489 receivers use its default (RFC 7489 §6.3), so the
 * policy applies either way. The warning names the exception: OpenDMARC (libopendmarc `opendmarc_policy_parse_dmarc`)
 * returns DMARC_PARSE_ERROR_BAD_VALUE for such a value, and its milter then records `dmarc=permerror` and applies no
 * policy at all.
 */
export function checkRemovedTag(tag: 'pct' | 'ri' | 'rf', value: string, shown = show(value)): TagVerdict<string> {
  const broken = removedTagRule(tag, value, shown);
  if (broken) {
    return {
      problems: [
        warning(
          `removed by RFC 9989, and the value is invalid under RFC 7489 too (${broken}): receivers that follow RFC 9989 ignore the tag, ` +
            `RFC 7489 receivers use ${RFC7489_DEFAULT[tag]} instead, but OpenDMARC rejects the whole record (dmarc=permerror, no policy applied); ${REMOVE[tag]}`,
        ),
      ],
    };
  }
  return { value, problems: [warning(`removed by RFC 9989: ${REMOVED[tag]}`)] };
}

/** One `mailto:` report URI: `mailto:local@domain` with the obsolete `!size` suffix allowed (RFC 9989 §4.8 obs-dmarc-uri). */
const REPORT_URI = /^mailto:([^@\s,;!]+)@([^@\s,;!]+)(![0-9]+[kmgt]?)?$/i;
const LOCAL_PART = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$/i;
const MAIL_DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/;

/** RFC 3986 §3.1: a scheme is a letter followed by letters, digits, "+", "-" and "."; then the rest of the URI. */
const OTHER_URI = /^([a-z][a-z0-9+.-]*):[^\s]+$/i;

/** A report URI's verdict; `otherScheme` is set for a well-formed URI of another scheme than `mailto:`. */
export interface ReportUriVerdict extends TagVerdict<ReportUri> {
  readonly otherScheme?: string;
}

/**
 * One report URI. RFC 9989 §4.7 allows any URI, but receivers MUST support only `mailto:` and ignore schemes they do
 * not support; none is known to send reports any other way. So a well-formed URI of another scheme (`ftp://…`,
 * `https://…`) warns — the record is valid and its policy applies, but no report arrives there — and counts as a
 * syntactically valid URI (for the p=none fallback of RFC 9989 §4.10.1). A bare address or text that is no URI at all
 * is an error: receivers drop it.
 */
export function checkReportUri(uri: string, index?: number): ReportUriVerdict {
  const value = uri.trim();
  if (!/^mailto:/i.test(value)) {
    if (/^[^@\s:]+@[^@\s]+$/.test(value)) return { problems: [error(`report addresses are URIs: write "mailto:${value}", got ${show(uri)}`, index)] };
    const other = OTHER_URI.exec(value);
    if (other) {
      const scheme = other[1]!.toLowerCase();
      return {
        otherScheme: scheme,
        problems: [warning(`receivers send reports only to mailto: URIs (RFC 9989 §4.7: they need support no other scheme, and ignore the others), so no report reaches ${show(uri)}`, index)],
      };
    }
    return { problems: [error(`expected a mailto: URI such as "mailto:dmarc@example.org", got ${show(uri)}`, index)] };
  }
  const m = REPORT_URI.exec(value);
  if (!m) return { problems: [error(`expected "mailto:local@domain" (commas, semicolons and "!" must be percent-encoded), got ${show(uri)}`, index)] };
  const local = m[1]!;
  const domain = normalizeDomain(m[2]!);
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { problems: [error(`${show(local)} is not a valid mailbox name in ${show(uri)}`, index)] };
  }
  if (!MAIL_DOMAIN.test(domain)) return { problems: [error(`${show(m[2])} is not a valid mail domain in ${show(uri)}`, index)] };
  const parsed: ReportUri = { uri: value, address: `${local}@${domain}`, domain };
  if (m[3] === undefined) return { value: parsed, problems: [] };
  return { value: parsed, problems: [warning(`the size limit ${show(m[3])} is obsolete (RFC 9989 §4.8): receivers ignore it`, index)] };
}

/**
 * `rua`, `ruf`: a comma-separated list of report URIs (RFC 9989 §4.8 dmarc-urilist). Each bad URI is reported with
 * its index; the good ones are kept, as receivers keep them. A URI listed twice is a warning: receivers may send each
 * report twice. `otherSchemes` holds the well-formed URIs of other schemes than `mailto:` (receivers send nothing
 * there, but they count as valid URIs for RFC 9989 §4.10.1).
 */
export function checkReportUris(value: string): TagVerdict<ReportUri[]> & { readonly otherSchemes: readonly string[] } {
  const problems: TagProblem[] = [];
  const uris: ReportUri[] = [];
  const otherSchemes: string[] = [];
  const seen = new Map<string, number>();
  value.split(',').forEach((uri, i) => {
    const key = uri.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return problems.push(warning(`${show(uri.trim())} is listed twice ([${first}] and [${i}])`, i));
    seen.set(key, i);
    const verdict = checkReportUri(uri, i);
    problems.push(...verdict.problems);
    if (verdict.value) uris.push(verdict.value);
    if (verdict.otherScheme) otherSchemes.push(uri.trim());
  });
  return { value: uris, problems, otherSchemes };
}
