import { isIPv4, isIPv6 } from 'node:net';
import { canonicalName } from './names';
import { Problems, show } from './problems';
import { SenderProfile } from './sender-profile';
import { closest } from './suggest';

/** The `all` term that ends the record. `+all` (anyone may send) is never accepted. */
export const SPF_ALL = ['~all', '-all', '?all'] as const;
export type SpfAll = (typeof SPF_ALL)[number];

export interface SpfOptions {
  /**
   * Extra terms the domain needs besides the platform's include, in the order given, e.g.
   * `["include:_spf.google.com", "ip4:192.0.2.0/24"]`. Mechanisms and the `redirect`/`exp` modifiers; never `all`
   * (see {@link SpfOptions.all}) and never `v=spf1`.
   * @default []
   */
  readonly mechanisms?: readonly string[];
  /**
   * How receivers treat mail from hosts the record does not list.
   * @default "~all" (soft fail, the platform's advice while DMARC is not enforcing)
   * @see https://www.rfc-editor.org/rfc/rfc7208#section-5.1
   */
  readonly all?: SpfAll;
}

/** RFC 7208 §4.6.4: at most 10 terms that cause DNS lookups, counted across includes and redirects. */
export const SPF_MAX_LOOKUPS = 10;
/** A record above this many octets no longer fits a UDP answer with the rest of the apex TXT set (RFC 7208 §3.4). */
export const SPF_MAX_LENGTH = 512;
export const SPF_WARN_LENGTH = 450;

const MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
const MODIFIERS = ['redirect', 'exp'] as const;
/** §4.6.4: the terms that cost a DNS lookup. `ip4`, `ip6`, `all` and `exp` cost none. */
const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export type SpfQualifier = '' | '+' | '-' | '~' | '?';

export interface SpfTerm {
  readonly kind: 'mechanism' | 'modifier';
  readonly qualifier: SpfQualifier;
  /** Lowercase mechanism or modifier name. */
  readonly name: string;
  /** What follows `:` or `=`, including any `/cidr`; empty when absent. */
  readonly value: string;
  /** The term as written, with the name lowercased. */
  readonly text: string;
}

/** Parses one term; returns an error message (without path) when it is not valid RFC 7208 syntax. */
export function parseSpfTerm(raw: string): SpfTerm | string {
  const text = raw.trim();
  const modifier = /^([a-zA-Z][a-zA-Z0-9_.-]*)=(.*)$/.exec(text);
  if (modifier) {
    const name = modifier[1]!.toLowerCase();
    const value = modifier[2]!;
    if (!(MODIFIERS as readonly string[]).includes(name)) {
      return `unknown SPF modifier ${show(name)}${hint(name, [...MODIFIERS, ...MECHANISMS])}; allowed: ${MODIFIERS.join(', ')}`;
    }
    const bad = checkDomainSpec(value, name);
    return bad ?? { kind: 'modifier', qualifier: '', name, value, text: `${name}=${value}` };
  }
  const m = /^([+\-~?]?)([a-zA-Z0-9]+)(?:([:/])(.*))?$/.exec(text);
  if (!m) return `${show(text)} is not an SPF term (expected [qualifier]mechanism[:domain][/cidr], e.g. "include:_spf.example.com")`;
  const qualifier = m[1] as SpfQualifier;
  const name = m[2]!.toLowerCase();
  const value = m[3] === undefined ? '' : `${m[3] === '/' ? '/' : ''}${m[4] ?? ''}`;
  const hasDomainPart = m[3] === ':';
  if (!(MECHANISMS as readonly string[]).includes(name)) {
    return `unknown SPF mechanism ${show(name)}${hint(name, [...MECHANISMS, ...MODIFIERS])}; allowed: ${MECHANISMS.filter((x) => x !== 'all').join(', ')}`;
  }
  const term: SpfTerm = { kind: 'mechanism', qualifier, name, value, text: `${qualifier}${name}${m[3] ?? ''}${m[4] ?? ''}` };
  const bad = checkMechanismArgument(name, hasDomainPart, m[4] ?? '', m[3] === '/');
  return bad ?? term;
}

function checkMechanismArgument(name: string, hasColon: boolean, arg: string, slashOnly: boolean): string | undefined {
  switch (name) {
    case 'all':
      return hasColon || slashOnly ? '"all" takes no argument' : undefined;
    case 'include':
    case 'exists':
      if (!hasColon || arg === '') return `"${name}" needs a domain, e.g. "${name}:_spf.example.com"`;
      return checkDomainSpec(arg, name);
    case 'ptr':
      if (slashOnly) return '"ptr" takes no CIDR length';
      return hasColon ? checkDomainSpec(arg, name) : undefined;
    case 'a':
    case 'mx': {
      const cidr = slashOnly ? `/${arg}` : /(\/[^/]*)?(\/\/.*)?$/.exec(arg)?.[0] ?? '';
      const domain = slashOnly ? '' : arg.slice(0, arg.length - cidr.length);
      if (hasColon && domain === '') return `"${name}:" needs a domain after the colon`;
      return (hasColon ? checkDomainSpec(domain, name) : undefined) ?? checkDualCidr(cidr, name);
    }
    case 'ip4':
    case 'ip6': {
      if (!hasColon) return `"${name}" needs an address, e.g. "${name === 'ip4' ? 'ip4:192.0.2.0/24' : 'ip6:2001:db8::/32'}"`;
      const slash = arg.lastIndexOf('/');
      const address = slash >= 0 ? arg.slice(0, slash) : arg;
      const max = name === 'ip4' ? 32 : 128;
      if (name === 'ip4' ? !isIPv4(address) : !isIPv6(address)) return `${show(address)} is not a valid ${name === 'ip4' ? 'IPv4' : 'IPv6'} address`;
      if (slash >= 0) return checkCidr(arg.slice(slash + 1), max, name);
      return undefined;
    }
  }
  return undefined;
}

function checkCidr(length: string, max: number, name: string): string | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(length) || Number(length) > max) return `${name} CIDR length must be 0–${max}, got ${show(`/${length}`)}`;
  return undefined;
}

function checkDualCidr(cidr: string, name: string): string | undefined {
  if (cidr === '') return undefined;
  const m = /^(?:\/([^/]*))?(?:\/\/(.*))?$/.exec(cidr);
  if (!m) return `bad CIDR suffix ${show(cidr)} on "${name}"`;
  return (m[1] !== undefined ? checkCidr(m[1], 32, `${name} IPv4`) : undefined) ?? (m[2] !== undefined ? checkCidr(m[2], 128, `${name} IPv6`) : undefined);
}

const MACRO = /%\{[slodiphcrtv][0-9]*r?[.\-+,/_=]*\}|%%|%_|%-/gi;

/**
 * RFC 7208 §7.1 domain-spec: a macro-string that ends in a macro or in `.toplabel`. Without macros it must be a
 * host name (underscores allowed, as in `_spf.google.com`).
 */
export function checkDomainSpec(spec: string, term: string): string | undefined {
  if (spec === '') return `"${term}" needs a domain`;
  const withoutMacros = spec.replace(MACRO, 'x');
  if (withoutMacros.includes('%')) return `bad macro in ${show(spec)} (RFC 7208 §7.1: %{letter...}, %%, %_ or %-)`;
  if (/[^\x21-\x7e]/.test(spec)) return `${show(spec)} contains spaces or non-ASCII characters`;
  if (spec !== withoutMacros) {
    const endsInMacro = /(%\{[^}]*\})$/.test(spec);
    if (!endsInMacro && !/\.[a-z0-9-]*[a-z][a-z0-9-]*\.?$/i.test(spec)) return `${show(spec)} must end in a macro or a top-level label`;
    return undefined;
  }
  const name = canonicalName(spec);
  const labels = name.split('.');
  if (name.length > 253) return `domain ${show(spec)} is longer than 253 characters`;
  if (labels.length < 2) return `${show(spec)} is not a fully qualified domain (e.g. "_spf.example.com")`;
  for (const label of labels) {
    if (label === '' || label.length > 63 || !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/.test(label)) {
      return `${show(spec)} is not a valid domain: label ${show(label)} must be 1–63 letters, digits, hyphens or underscores`;
    }
  }
  const top = labels[labels.length - 1]!;
  if (!/[a-z]/.test(top) || top.includes('_')) return `${show(spec)} does not end in a valid top-level label`;
  return undefined;
}

function hint(name: string, candidates: readonly string[]): string {
  const near = closest(name, candidates);
  return near ? ` (did you mean "${near}"?)` : '';
}

/** The record this library publishes: `v=spf1 include:<platform> <mechanisms> <all> <modifiers>`. */
export function renderSpf(include: string, terms: readonly SpfTerm[], all: SpfAll): string {
  const mechanisms = terms.filter((t) => t.kind === 'mechanism').map((t) => t.text);
  const modifiers = terms.filter((t) => t.kind === 'modifier').map((t) => t.text);
  return ['v=spf1', `include:${include}`, ...mechanisms, all, ...modifiers].join(' ');
}

/** Number of DNS-querying terms in a record's own terms (not counting what its includes pull in). */
export function countLookups(terms: readonly SpfTerm[]): number {
  return terms.filter((t) => LOOKUP_TERMS.has(t.name)).length;
}

/** RFC 7208 §4.5: a TXT string is an SPF record when it is exactly `v=spf1` or starts with `v=spf1 ` (any case). */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text.trim());
}

/** Parses a whole SPF record back into terms (for `verify`, the property tests and `check`). */
export function parseSpfRecord(record: string): { terms: SpfTerm[]; errors: string[] } {
  const [version, ...rest] = record.split(' ').filter((s) => s !== '');
  const errors: string[] = [];
  if (version?.toLowerCase() !== 'v=spf1') errors.push('record does not start with "v=spf1"');
  const terms: SpfTerm[] = [];
  for (const raw of rest) {
    const parsed = parseSpfTerm(raw);
    if (typeof parsed === 'string') errors.push(parsed);
    else terms.push(parsed);
  }
  return { terms, errors };
}

/**
 * Validates the options and renders the record. Problems are reported at `mechanisms[i]` / `all` below `problems`.
 * Returns undefined when there are errors.
 */
export function buildSpf(options: SpfOptions, profile: SenderProfile, problems: Problems): string | undefined {
  const all = options.all ?? '~all';
  const before = problems.errorCount;
  if (!(SPF_ALL as readonly string[]).includes(all)) {
    problems.at('all').error(`expected ${SPF_ALL.join('|')}, got ${show(all)}${all.replace(/^\+/, '') === 'all' ? ' ("+all" lets anyone send as your domain)' : ''}`);
  }
  const platform = `include:${profile.spfInclude}`;
  const seen = new Map<string, number>();
  const terms: SpfTerm[] = [];
  (options.mechanisms ?? []).forEach((raw, i) => {
    const at = problems.at('mechanisms').at(i);
    if (/^v=spf1$/i.test(raw.trim())) return at.error('"v=spf1" is added by the library; list only the terms after it');
    if (/\s/.test(raw.trim())) return at.error(`one term per list entry, got ${show(raw)} (split it on spaces)`);
    const term = parseSpfTerm(raw);
    if (typeof term === 'string') return at.error(term);
    if (term.name === 'all') return at.error(`"all" goes in spf.all, not in the mechanisms list, got ${show(raw)}`);
    if (term.name === 'include' && canonicalName(term.value) === profile.spfInclude) {
      return at.error(`${show(platform)} is added by the sender profile; remove it from the list`);
    }
    const key = `${term.name}:${term.value.toLowerCase()}`;
    if (seen.has(key)) return at.error(`${show(raw)} repeats mechanisms[${seen.get(key)}]`);
    seen.set(key, i);
    if (term.name === 'ptr') at.warn('"ptr" is discouraged (RFC 7208 §5.5): slow, unreliable, and some receivers ignore it');
    if (term.name === 'redirect') at.warn('"redirect" is ignored by receivers because the record ends in an "all" term (RFC 7208 §6.1)');
    if (term.kind === 'modifier' && terms.some((t) => t.name === term.name)) return at.error(`"${term.name}=" may appear only once (RFC 7208 §6)`);
    terms.push(term);
  });
  if (problems.errorCount > before) return undefined;

  const lookups = countLookups(terms) + 1; // the platform include
  if (lookups > SPF_MAX_LOOKUPS) {
    problems.at('mechanisms').error(`the record needs ${lookups} DNS lookups (include, a, mx, ptr, exists, redirect, plus the platform include); RFC 7208 §4.6.4 allows at most ${SPF_MAX_LOOKUPS}`);
    return undefined;
  }
  if (lookups > 1) {
    problems.at('mechanisms').warn(`${lookups} DNS lookups at the top level; nested includes add more: run "verify" to count the live total (limit ${SPF_MAX_LOOKUPS})`);
  }
  const record = renderSpf(profile.spfInclude, terms, all as SpfAll);
  if (record.length > SPF_MAX_LENGTH) {
    problems.at('mechanisms').error(`the SPF record would be ${record.length} bytes; keep it at most ${SPF_MAX_LENGTH} (fewer terms, or an include of your own)`);
    return undefined;
  }
  if (record.length > SPF_WARN_LENGTH) problems.at('mechanisms').warn(`the SPF record is ${record.length} bytes, close to the ${SPF_MAX_LENGTH}-byte limit`);
  return record;
}
