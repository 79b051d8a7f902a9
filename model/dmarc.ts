import { isWithinZone } from './names';
import { Problems, show } from './problems';
import { pslOrganizationalDomain } from './org-domain';
import { plainDmarcRecord } from './dmarc-plain';
import { checkAlignment, checkFailureOptions, checkPolicy, checkPsd, checkRemovedTag, checkReportUri, DmarcAlignment, DmarcPolicy, DmarcPsd, removedTagRule, TagVerdict } from './dmarc-tags';

export { DMARC_ALIGNMENTS, DMARC_POLICIES, DMARC_PSD } from './dmarc-tags';
export type { DmarcAlignment, DmarcPolicy, DmarcPsd } from './dmarc-tags';
export { isDmarcRecord, parseDmarcRecord } from './dmarc-record';

/** Typed DMARC options; the record is rendered in one fixed tag order so diffs stay stable. */
export interface DmarcOptions {
  /** `p`: what receivers do with mail that fails DMARC. Always written, though RFC 9989 makes it optional: RFC 7489 receivers require it. @default "none" (monitor only) @see https://www.rfc-editor.org/rfc/rfc9989#section-4.7 */
  readonly policy?: DmarcPolicy;
  /** `sp`: policy for subdomains. @default - the policy */
  readonly subdomainPolicy?: DmarcPolicy;
  /** `np`: policy for non-existent subdomains (RFC 9989). @default - the subdomain policy */
  readonly nonexistentSubdomainPolicy?: DmarcPolicy;
  /** `rua`: where aggregate reports go, `mailto:` URIs. A `!size` suffix is accepted but obsolete (RFC 9989, warns). @default [] */
  readonly rua?: readonly string[];
  /** `ruf`: where failure reports go, `mailto:` URIs. @default [] */
  readonly ruf?: readonly string[];
  /** `adkim`: DKIM alignment, relaxed or strict. @default "r" (not written) */
  readonly adkim?: DmarcAlignment;
  /** `aspf`: SPF alignment, relaxed or strict. @default "r" (not written) */
  readonly aspf?: DmarcAlignment;
  /** `fo`: failure reporting options, a colon list of 0 or 1, d, s, e.g. "1" or "d:s"; only with `ruf`. @default "0" (not written) */
  readonly fo?: string;
  /** `t`: test mode (RFC 9989): receivers apply one policy step below `p`. @default false (not written) */
  readonly t?: boolean;
  /** `psd`: whether this domain is a public suffix domain (RFC 9989). @default - not written */
  readonly psd?: DmarcPsd;
  /** `pct` (removed by RFC 9989, warns; use `t`): percentage of mail the policy applies to. @default - not written */
  readonly pct?: number;
  /** `ri` (removed by RFC 9989, warns): aggregate report interval in seconds. @default - not written */
  readonly ri?: number;
  /** `rf` (removed by RFC 9989, warns): failure report format. @default - not written */
  readonly rf?: string;
}

/** The canonical tag order: `v`, `p` first (RFC 7489 receivers expect it), then the rest in a fixed order. */
export const DMARC_TAG_ORDER = ['v', 'p', 'sp', 'np', 'psd', 't', 'adkim', 'aspf', 'pct', 'fo', 'rf', 'ri', 'rua', 'ruf'] as const;

/**
 * Validates the options with the tag rules the record parser uses (`dmarc-tags.ts`), so that what we publish is what
 * `verify` accepts, and renders the record. Stricter than the parser where the config is ours to get right: `p` is
 * always written; an address listed twice, a value of a removed tag that RFC 7489 would not accept (`pct: 150`), and
 * a report URI of another scheme than `mailto:` are errors (a record read from DNS only warns of them: receivers still
 * apply it, but it never does what was meant). Whether a report address needs its domain's authorisation is judged
 * apart (`report-authorization.ts`): it depends on the other records, and in a config on the other institutions.
 */
export function buildDmarc(options: DmarcOptions, problems: Problems): string | undefined {
  return plainDmarcRecord(options) ?? checkedDmarc(options, problems);
}

/** {@link buildDmarc} by the full rules, for options that are not plainly valid (dmarc-plain.ts). */
export function checkedDmarc(options: DmarcOptions, problems: Problems): string | undefined {
  const before = problems.errorCount;
  // Every tag named up front, in the canonical order: adding tags by computed key would take V8's slow path.
  const tags: Partial<Record<DmarcTag, string>> = { v: 'DMARC1', p: 'none', sp: undefined, np: undefined, psd: undefined, t: undefined, adkim: undefined, aspf: undefined, pct: undefined, fo: undefined, rf: undefined, ri: undefined, rua: undefined, ruf: undefined };
  /** Runs a rule on a string option (a value of another type gets the rule's "expected …" message) and reports its verdict. */
  const judge = <T>(key: keyof DmarcOptions, value: unknown, rule: (text: string, shown?: string) => TagVerdict<T>): T | undefined => {
    // A string value is shown by the rule itself, and only in a message: show() quotes and escapes, which costs.
    const verdict = typeof value === 'string' ? rule(value) : rule(typeof value === 'number' ? String(value) : '\u0000', show(value));
    report(problems.at(key), verdict);
    return verdict.value;
  };
  for (const [key, tag] of POLICY_OPTIONS) {
    if (options[key] !== undefined) tags[tag] = judge(key, options[key], checkPolicy) ?? tags[tag];
  }
  for (const key of ALIGNMENT_OPTIONS) {
    if (options[key] !== undefined) tags[key] = judge(key, options[key], checkAlignment);
  }
  if (options.psd !== undefined) tags.psd = judge('psd', options.psd, checkPsd);
  if (options.t !== undefined) {
    if (typeof options.t !== 'boolean') problems.at('t').error(`expected true or false, got ${show(options.t)}`);
    else if (options.t) tags.t = 'y';
  }
  if (options.fo !== undefined) {
    tags.fo = judge('fo', options.fo, checkFailureOptions);
    if (!options.ruf?.length) problems.at('fo').warn('has no effect without "ruf" (RFC 9989 §4.7)');
  }
  for (const key of ['pct', 'ri', 'rf'] as const) {
    if (options[key] === undefined) continue;
    const text = typeof options[key] === 'string' || typeof options[key] === 'number' ? String(options[key]) : '\u0000';
    const broken = removedTagRule(key, text, show(options[key]));
    if (broken) problems.at(key).error(broken);
    else tags[key] = judge(key, options[key], (value, shown) => checkRemovedTag(key, value, shown));
  }
  for (const key of REPORT_OPTIONS) {
    const uris = options[key];
    if (uris === undefined || uris.length === 0) continue;
    uris.forEach((uri, i) => {
      const first = uris.findIndex((u) => u.trim().toLowerCase() === uri.trim().toLowerCase());
      if (first < i) return problems.at(key).at(i).error(`${show(uri)} is listed twice (${key}[${first}] and ${key}[${i}])`);
      const verdict = checkReportUri(uri);
      if (verdict.otherScheme) return problems.at(key).at(i).error(`expected a mailto: URI such as "mailto:dmarc@example.org", got ${show(uri)}: receivers send reports to mailto: URIs only`);
      report(problems.at(key).at(i), verdict);
    });
    // A loop rather than map and join: the array map returns made optimized buildDmarc deoptimize ("wrong map") and
    // be compiled again (--trace-deopt, 5,000 institutions).
    let list = '';
    for (let i = 0; i < uris.length; i++) list += i === 0 ? uris[i]!.trim() : `,${uris[i]!.trim()}`;
    tags[key] = list;
  }
  if (problems.errorCount > before) return undefined;
  return renderDmarcTags(tags);
}

type DmarcTag = (typeof DMARC_TAG_ORDER)[number];
const POLICY_OPTIONS = [['policy', 'p'], ['subdomainPolicy', 'sp'], ['nonexistentSubdomainPolicy', 'np']] as const;
const ALIGNMENT_OPTIONS = ['adkim', 'aspf'] as const;
const REMOVED_OPTIONS = ['pct', 'ri', 'rf'] as const;
const REPORT_OPTIONS = ['rua', 'ruf'] as const;

function report(at: Problems, verdict: TagVerdict<unknown>): void {
  for (const p of verdict.problems) {
    if (p.severity === 'error') at.error(p.message);
    else at.warn(p.message);
  }
}

export function renderDmarcTags(tags: Partial<Record<string, string>>): string {
  let record = '';
  for (const tag of DMARC_TAG_ORDER) {
    const value = tags[tag];
    if (value !== undefined) record += `${record ? '; ' : ''}${tag}=${value}`;
  }
  return record;
}

/** RFC 7489 §7.1: the TXT record a report domain publishes to accept reports about `domain`. */
export function reportAuthorizationName(domain: string, reportDomain: string): string {
  return `${domain}._report._dmarc.${reportDomain}`;
}

/**
 * Whether reports for `domain` sent to `reportDomain` need the authorization record by the Public Suffix List (RFC 7489
 * §3.2): their organizational domains differ. RFC 9989 finds organizational domains by a DNS tree walk instead, which
 * can disagree (a subdomain whose parent publishes no DMARC record is its own organisation): `reportAuthorizationNeed`
 * (report-authorization.ts) asks both; `verify` walks live DNS.
 */
export function needsReportAuthorization(domain: string, reportDomain: string): boolean {
  return !isWithinZone(domain, reportDomain) && pslOrganizationalDomain(domain) !== pslOrganizationalDomain(reportDomain);
}
