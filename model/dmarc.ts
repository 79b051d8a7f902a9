import { normalizeDomain, isWithinZone } from './names';
import { Problems, show } from './problems';
import { organizationalDomain } from './org-domain';

export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];
export const DMARC_ALIGNMENTS = ['r', 's'] as const;
export type DmarcAlignment = (typeof DMARC_ALIGNMENTS)[number];
export const DMARC_PSD = ['y', 'n', 'u'] as const;
export type DmarcPsd = (typeof DMARC_PSD)[number];
const FO_OPTIONS = ['0', '1', 'd', 's'];

/** Typed DMARC options; the record is rendered in one fixed tag order so diffs stay stable. */
export interface DmarcOptions {
  /** `p`: what receivers do with mail that fails DMARC. @default "none" (monitor only) @see https://www.rfc-editor.org/rfc/rfc7489#section-6.3 */
  readonly policy?: DmarcPolicy;
  /** `sp`: policy for subdomains. @default - the policy */
  readonly subdomainPolicy?: DmarcPolicy;
  /** `np`: policy for non-existent subdomains (DMARCbis). @default - the subdomain policy */
  readonly nonexistentSubdomainPolicy?: DmarcPolicy;
  /** `rua`: where aggregate reports go, `mailto:` URIs (optional `!size`, e.g. `mailto:d@example.org!10m`). @default [] */
  readonly rua?: readonly string[];
  /** `ruf`: where failure reports go, `mailto:` URIs. @default [] */
  readonly ruf?: readonly string[];
  /** `adkim`: DKIM alignment, relaxed or strict. @default "r" (not written) */
  readonly adkim?: DmarcAlignment;
  /** `aspf`: SPF alignment, relaxed or strict. @default "r" (not written) */
  readonly aspf?: DmarcAlignment;
  /** `fo`: failure reporting options, a colon list of 0, 1, d, s, e.g. "1" or "d:s". @default "0" (not written) */
  readonly fo?: string;
  /** `t`: test mode (DMARCbis): receivers apply one policy step below `p`. @default false (not written) */
  readonly t?: boolean;
  /** `psd`: whether this domain is a public suffix domain (DMARCbis). @default - not written */
  readonly psd?: DmarcPsd;
  /** `pct` (removed by DMARCbis, warns): percentage of mail the policy applies to. @default - not written */
  readonly pct?: number;
  /** `ri` (removed by DMARCbis, warns): aggregate report interval in seconds. @default - not written */
  readonly ri?: number;
  /** `rf` (removed by DMARCbis, warns): failure report format. @default - not written */
  readonly rf?: string;
}

/** The canonical tag order: `v`, `p` first (RFC 7489 §6.4), then the rest in a fixed order. */
export const DMARC_TAG_ORDER = ['v', 'p', 'sp', 'np', 'psd', 't', 'adkim', 'aspf', 'pct', 'fo', 'rf', 'ri', 'rua', 'ruf'] as const;

/** One `mailto:` report URI: `mailto:local@domain` with an optional `!size[k|m|g|t]` limit (RFC 7489 §6.2). */
const REPORT_URI = /^mailto:([^@\s,;!]+)@([^@\s,;!]+)(![0-9]+[kmgt]?)?$/i;
const LOCAL_PART = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$/i;

export function buildDmarc(options: DmarcOptions, domain: string, problems: Problems): string | undefined {
  const before = problems.errorCount;
  const tags: Partial<Record<(typeof DMARC_TAG_ORDER)[number], string>> = { v: 'DMARC1' };
  const policy = (key: 'policy' | 'subdomainPolicy' | 'nonexistentSubdomainPolicy', tag: 'p' | 'sp' | 'np') => {
    const value = options[key];
    if (value === undefined) return;
    if (!(DMARC_POLICIES as readonly string[]).includes(value)) problems.at(key).error(`expected ${DMARC_POLICIES.join('|')}, got ${show(value)}`);
    else tags[tag] = value;
  };
  tags.p = 'none';
  policy('policy', 'p');
  policy('subdomainPolicy', 'sp');
  policy('nonexistentSubdomainPolicy', 'np');
  for (const key of ['adkim', 'aspf'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (!(DMARC_ALIGNMENTS as readonly string[]).includes(value)) problems.at(key).error(`expected r|s (relaxed or strict), got ${show(value)}`);
    else tags[key] = value;
  }
  if (options.psd !== undefined) {
    if (!(DMARC_PSD as readonly string[]).includes(options.psd)) problems.at('psd').error(`expected y|n|u, got ${show(options.psd)}`);
    else tags.psd = options.psd;
  }
  if (options.t !== undefined) {
    if (typeof options.t !== 'boolean') problems.at('t').error(`expected true or false, got ${show(options.t)}`);
    else if (options.t) tags.t = 'y';
  }
  if (options.fo !== undefined) {
    const parts = String(options.fo).split(':');
    const bad = parts.find((p) => !FO_OPTIONS.includes(p));
    if (bad !== undefined) problems.at('fo').error(`expected a colon-separated list of 0, 1, d, s (e.g. "1" or "d:s"), got ${show(options.fo)}`);
    else if (new Set(parts).size !== parts.length) problems.at('fo').error(`lists an option twice: ${show(options.fo)}`);
    else tags.fo = parts.join(':');
  }
  if (options.pct !== undefined) {
    if (!Number.isInteger(options.pct) || options.pct < 0 || options.pct > 100) problems.at('pct').error(`must be an integer between 0 and 100 inclusive, got ${show(options.pct)}`);
    else {
      problems.at('pct').warn('"pct" is removed by DMARCbis; receivers may ignore it (use "t: true" for a test phase)');
      tags.pct = String(options.pct);
    }
  }
  if (options.ri !== undefined) {
    if (!Number.isInteger(options.ri) || options.ri < 0 || options.ri > 4294967295) problems.at('ri').error(`must be a whole number of seconds, got ${show(options.ri)}`);
    else {
      problems.at('ri').warn('"ri" is removed by DMARCbis; receivers send aggregate reports daily regardless');
      tags.ri = String(options.ri);
    }
  }
  if (options.rf !== undefined) {
    if (!/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)*$/i.test(options.rf)) problems.at('rf').error(`expected a colon list of report formats such as "afrf", got ${show(options.rf)}`);
    else {
      problems.at('rf').warn('"rf" is removed by DMARCbis; "afrf" is the only format in use');
      tags.rf = options.rf;
    }
  }
  for (const key of ['rua', 'ruf'] as const) {
    const uris = options[key];
    if (uris === undefined || uris.length === 0) continue;
    uris.forEach((uri, i) => {
      const first = uris.findIndex((u) => u.trim().toLowerCase() === uri.trim().toLowerCase());
      if (first < i) problems.at(key).at(i).error(`${show(uri)} is listed twice (${key}[${first}] and ${key}[${i}])`);
      else checkReportUri(uri, domain, problems.at(key).at(i));
    });
    tags[key] = uris.map((u) => u.trim()).join(',');
  }
  if (problems.errorCount > before) return undefined;
  return renderDmarcTags(tags);
}

export function renderDmarcTags(tags: Partial<Record<string, string>>): string {
  return DMARC_TAG_ORDER.filter((tag) => tags[tag] !== undefined).map((tag) => `${tag}=${tags[tag]}`).join('; ');
}

/**
 * RFC 7489 §6.4 and §6.6.3: a TXT string is a DMARC record when it starts with the version tag `v=DMARC1` (spaces
 * allowed around "=", "DMARC1" in upper case) followed by ";" or its end; receivers discard every other TXT there.
 */
export function isDmarcRecord(text: string): boolean {
  return /^[vV]\s*=\s*DMARC1\s*(;|$)/.test(text.trim());
}

/** Parses `v=DMARC1; p=none; ...` into tags (lowercase names, trimmed values). Unknown tags are kept. */
export function parseDmarcRecord(record: string): { tags: Record<string, string>; errors: string[] } {
  const tags: Record<string, string> = {};
  const errors: string[] = [];
  const parts = record.split(';').map((p) => p.trim()).filter((p) => p !== '');
  parts.forEach((part, i) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return errors.push(`${show(part)} is not a tag=value pair`);
    const name = part.slice(0, eq).trim().toLowerCase();
    if (name in tags) errors.push(`tag "${name}" appears twice`);
    tags[name] = part.slice(eq + 1).trim();
    if (i === 0 && (name !== 'v' || tags.v !== 'DMARC1')) errors.push('record does not start with "v=DMARC1"');
  });
  if (parts.length === 0) errors.push('record is empty');
  return { tags, errors };
}

/** RFC 7489 §7.1: the TXT record a report domain publishes to accept reports about `domain`. */
export function reportAuthorizationName(domain: string, reportDomain: string): string {
  return `${domain}._report._dmarc.${reportDomain}`;
}

/** The domain part of a `mailto:` report URI, lowercased; undefined when it is not one. */
export function reportUriDomain(uri: string): string | undefined {
  const m = REPORT_URI.exec(uri.trim());
  return m ? normalizeDomain(m[2]!) : undefined;
}

/** True when reports for `domain` sent to `reportDomain` need the §7.1 authorization record. */
export function needsReportAuthorization(domain: string, reportDomain: string): boolean {
  return !isWithinZone(domain, reportDomain) && organizationalDomain(domain) !== organizationalDomain(reportDomain);
}

function checkReportUri(uri: string, domain: string, problems: Problems): void {
  const value = uri.trim();
  if (!/^mailto:/i.test(value)) {
    if (/^[^@\s:]+@[^@\s]+$/.test(value)) problems.error(`report addresses are URIs: write "mailto:${value}", got ${show(uri)}`);
    else problems.error(`expected a mailto: URI such as "mailto:dmarc@example.org", got ${show(uri)}`);
    return;
  }
  const m = REPORT_URI.exec(value);
  if (!m) {
    problems.error(`expected "mailto:local@domain" with an optional size such as "!10m" (commas and semicolons must be percent-encoded), got ${show(uri)}`);
    return;
  }
  const local = m[1]!;
  const reportDomain = normalizeDomain(m[2]!);
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    problems.error(`${show(local)} is not a valid mailbox name in ${show(uri)}`);
    return;
  }
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/.test(reportDomain)) {
    problems.error(`${show(m[2])} is not a valid mail domain in ${show(uri)}`);
    return;
  }
  if (needsReportAuthorization(domain, reportDomain)) {
    problems.warn(
      `reports go to another domain (${reportDomain}); receivers send them only if it publishes ` +
        `${reportAuthorizationName(domain, reportDomain)} TXT "v=DMARC1" (RFC 7489 §7.1)`,
    );
  }
}
