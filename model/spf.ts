import { isIPv4, isIPv6 } from 'node:net';
import { canonicalName } from './names';
import { checkDomainSpec, scanMacroString, SpfSyntax } from './spf-domain-spec';
import { Problems, show } from './problems';
import { SenderProfile } from './sender-profile';
import { closest } from './suggest';

/** The `all` term that ends the record. `+all` (anyone may send) is never accepted. */
export const SPF_ALL = ['~all', '-all', '?all'] as const;
export type SpfAll = (typeof SPF_ALL)[number];

export type { SpfSyntax } from './spf-domain-spec';

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
  /** The domain-spec the term names, without any CIDR length (`a:mail.example.org/24` → `mail.example.org`); absent when it names none. */
  readonly domain?: string;
}

/**
 * Parses one term; returns an error message (without path) when it is not valid RFC 7208 syntax (§4.6.1, §5, §6,
 * §7.1). `syntax` says how strictly (see {@link SpfSyntax}): `publish` for config, `rfc` for live records.
 */
export function parseSpfTerm(raw: string, syntax: SpfSyntax = 'rfc'): SpfTerm | string {
  // §4.6.1: only spaces separate terms, so in a record any other whitespace (CR, LF, tab) is part of a term.
  const text = syntax === 'publish' ? raw.trim() : raw;
  const modifier = /^([a-zA-Z][a-zA-Z0-9_.-]*)=(.*)$/.exec(text);
  if (modifier) {
    const name = modifier[1]!.toLowerCase();
    const value = modifier[2]!;
    const term: SpfTerm = { kind: 'modifier', qualifier: '', name, value, text: `${name}=${value}` };
    if ((MODIFIERS as readonly string[]).includes(name)) return checkDomainSpec(value, name, syntax) ?? { ...term, domain: value };
    // §6: receivers ignore unknown modifiers (`unknown-modifier = name "=" macro-string`); a config has no use for one.
    if (syntax === 'rfc') return scanMacroString(value).error ?? term;
    return `unknown SPF modifier ${show(name)}${hint(name, [...MODIFIERS, ...MECHANISMS])}; allowed: ${MODIFIERS.join(', ')}`;
  }
  const m = /^([+\-~?]?)([a-zA-Z0-9]+)(?:([:/])(.*))?$/.exec(text);
  if (!m) return `${show(text)} is not an SPF term (expected [qualifier]mechanism[:domain][/cidr], e.g. "include:_spf.example.com")`;
  const qualifier = m[1] as SpfQualifier;
  const name = m[2]!.toLowerCase();
  const value = m[3] === undefined ? '' : `${m[3] === '/' ? '/' : ''}${m[4] ?? ''}`;
  const hasDomainPart = m[3] === ':';
  if ((MODIFIERS as readonly string[]).includes(name)) {
    return `"${name}" is a modifier, written with "=": "${name}=${hasDomainPart ? m[4] : '<domain>'}"${qualifier ? ' and without a qualifier' : ''} (RFC 7208 §6)`;
  }
  if (!(MECHANISMS as readonly string[]).includes(name)) {
    return `unknown SPF mechanism ${show(name)}${hint(name, [...MECHANISMS, ...MODIFIERS])}; allowed: ${MECHANISMS.filter((x) => x !== 'all').join(', ')}`;
  }
  const arg = m[4] ?? '';
  const bad = checkMechanismArgument(name, hasDomainPart, arg, m[3] === '/', syntax);
  if (bad) return bad;
  const domain = !hasDomainPart || !DOMAIN_MECHANISMS.has(name) ? undefined : name === 'a' || name === 'mx' ? arg.slice(0, arg.length - DUAL_CIDR_END.exec(arg)![0].length) : arg;
  return { kind: 'mechanism', qualifier, name, value, text: `${qualifier}${name}${m[3] ?? ''}${arg}`, ...(domain === undefined ? {} : { domain }) };
}

const DOMAIN_MECHANISMS = new Set(['include', 'exists', 'ptr', 'a', 'mx']);

/** A `/cidr` or `//cidr6` ending (digits only; the numbers are checked after), which is never part of a domain-spec. */
const DUAL_CIDR_END = /(\/[0-9]*)?(\/\/[0-9]*)?$/;

function checkMechanismArgument(name: string, hasColon: boolean, arg: string, slashOnly: boolean, syntax: SpfSyntax): string | undefined {
  switch (name) {
    case 'all':
      return hasColon || slashOnly ? '"all" takes no argument' : undefined;
    case 'include':
    case 'exists':
    case 'ptr':
      if (slashOnly || (hasColon && /\/[0-9]+$/.test(arg) && !checkDomainSpec(arg.replace(/\/[0-9]+$/, ''), name, syntax))) return `"${name}" takes no CIDR length`;
      if (name === 'ptr' && !hasColon) return undefined;
      if (!hasColon || arg === '') return `"${name}" needs a domain, e.g. "${name}:_spf.example.com"`;
      return checkDomainSpec(arg, name, syntax);
    case 'a':
    case 'mx': {
      // RFC 7208 §5.3: [":" domain-spec] [dual-cidr-length]; a domain-spec may hold "/" and ":" (foo:bar/baz.example.com).
      const cidr = slashOnly ? `/${arg}` : DUAL_CIDR_END.exec(arg)![0];
      const domain = slashOnly ? '' : arg.slice(0, arg.length - cidr.length);
      if (hasColon && domain === '') return `"${name}:" needs a domain after the colon`;
      return (hasColon ? checkDomainSpec(domain, name, syntax) : undefined) ?? checkDualCidr(cidr, name);
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

function hint(name: string, candidates: readonly string[]): string {
  const near = closest(name, candidates);
  return near ? ` (did you mean "${near}"?)` : '';
}

/** The record this library publishes: `v=spf1 include:<platform> <mechanisms> <all> <modifiers>`. */
export function renderSpf(include: string, terms: readonly SpfTerm[], all: SpfAll): string {
  let mechanisms = '';
  let modifiers = '';
  for (const t of terms) {
    if (t.kind === 'mechanism') mechanisms += ` ${t.text}`;
    else modifiers += ` ${t.text}`;
  }
  return `v=spf1 include:${include}${mechanisms} ${all}${modifiers}`;
}

/** True for the terms that cost a DNS lookup (RFC 7208 §4.6.4): include, a, mx, ptr, exists, redirect. */
export function isLookupTerm(term: SpfTerm): boolean {
  return LOOKUP_TERMS.has(term.name);
}

/** Number of DNS-querying terms in a record's own terms (not counting what its includes pull in). */
export function countLookups(terms: readonly SpfTerm[]): number {
  let count = 0;
  for (const term of terms) if (LOOKUP_TERMS.has(term.name)) count++;
  return count;
}

/** RFC 7208 §4.5: a TXT string is an SPF record when it is exactly `v=spf1` or starts with `v=spf1 ` (any case). */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text.trim());
}

/**
 * Parses a whole SPF record into terms (for `verify`, the summaries and the property tests); `rfc` syntax by default,
 * as receivers read it. Every error is listed: RFC 7208 §4.6 makes any of them a permerror for the whole record.
 */
export function parseSpfRecord(record: string, syntax: SpfSyntax = 'rfc'): { terms: SpfTerm[]; errors: string[] } {
  // §4.6.1: terms are separated by spaces only; any other whitespace stays inside a term and makes it invalid.
  const [version, ...rest] = record.split(' ').filter((s) => s !== '');
  const errors: string[] = [];
  if (version?.toLowerCase() !== 'v=spf1') errors.push('record does not start with "v=spf1"');
  const terms: SpfTerm[] = [];
  for (const raw of rest) {
    const parsed = rememberedTerm(raw, syntax);
    if (typeof parsed === 'string') errors.push(parsed);
    else terms.push(parsed);
  }
  for (const name of MODIFIERS) {
    if (terms.filter((t) => t.name === name).length > 1) errors.push(`"${name}=" may appear only once (RFC 7208 §6)`);
  }
  return { terms, errors };
}

/**
 * {@link parseSpfTerm}, remembered by text and syntax: the institutions of a fleet list the same few terms (an office
 * suite's include, a newsletter tool's) over and over, and verify reads the same records (the platform's include)
 * for every domain. Terms are immutable, so one can be shared.
 */
function rememberedTerm(raw: string, syntax: SpfSyntax): SpfTerm | string {
  const known = REMEMBERED_TERMS[syntax];
  let term = known.get(raw);
  if (term === undefined) {
    term = parseSpfTerm(raw, syntax);
    // Bounded: records of unique terms should not grow it without end.
    if (known.size >= 10_000) known.clear();
    known.set(raw, term);
  }
  return term;
}

const REMEMBERED_TERMS: Record<SpfSyntax, Map<string, SpfTerm | string>> = { publish: new Map(), rfc: new Map() };

/**
 * The warning of a record with 2 to 10 lookups at the top level, by count: written once each, since most institutions
 * of a config get one (and it lives to the end of the run).
 */
const LOOKUP_WARNINGS: readonly string[] = Array.from({ length: SPF_MAX_LOOKUPS + 1 }, (_, lookups) => `${lookups} DNS lookups at the top level; nested includes add more: run "verify" to count the live total (limit ${SPF_MAX_LOOKUPS})`);

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
  const seen = new Map<string, number>();
  const terms: SpfTerm[] = [];
  const mechanisms = problems.at('mechanisms');
  // A loop, not forEach: this runs for every institution.
  const list = options.mechanisms ?? [];
  for (let i = 0; i < list.length; i++) {
    const term = checkMechanism(list[i]!, i, profile, seen, terms, mechanisms);
    if (term !== undefined) terms.push(term);
  }
  if (problems.errorCount > before) return undefined;

  const lookups = countLookups(terms) + 1; // the platform include
  if (lookups > SPF_MAX_LOOKUPS) {
    mechanisms.error(`the record needs ${lookups} DNS lookups (include, a, mx, ptr, exists, redirect, plus the platform include); RFC 7208 §4.6.4 allows at most ${SPF_MAX_LOOKUPS}`);
    return undefined;
  }
  if (lookups > 1) mechanisms.warn(LOOKUP_WARNINGS[lookups]!);
  const record = renderSpf(profile.spfInclude, terms, all as SpfAll);
  if (record.length > SPF_MAX_LENGTH) {
    mechanisms.error(`the SPF record would be ${record.length} bytes; keep it at most ${SPF_MAX_LENGTH} (fewer terms, or an include of your own)`);
    return undefined;
  }
  if (record.length > SPF_WARN_LENGTH) mechanisms.warn(`the SPF record is ${record.length} bytes, close to the ${SPF_MAX_LENGTH}-byte limit`);
  return record;
}

/**
 * One entry of `spf.mechanisms`: its term, or undefined when it is reported as an error. `seen` holds the terms so
 * far by name and value, `terms` the valid ones. The problem view is made only to report.
 */
function checkMechanism(raw: string, i: number, profile: SenderProfile, seen: Map<string, number>, terms: readonly SpfTerm[], mechanisms: Problems): SpfTerm | undefined {
  const trimmed = raw.trim();
  if (/^v=spf1$/i.test(trimmed)) return void mechanisms.at(i).error('"v=spf1" is added by the library; list only the terms after it');
  if (/\s/.test(trimmed)) return void mechanisms.at(i).error(`one term per list entry, got ${show(raw)} (split it on spaces)`);
  const term = rememberedTerm(raw, 'publish');
  if (typeof term === 'string') return void mechanisms.at(i).error(term);
  if (term.name === 'all') return void mechanisms.at(i).error(`"all" goes in spf.all, not in the mechanisms list, got ${show(raw)}`);
  if (term.name === 'include' && canonicalName(term.value) === profile.spfInclude) {
    return void mechanisms.at(i).error(`${show(`include:${profile.spfInclude}`)} is added by the sender profile; remove it from the list`);
  }
  const key = `${term.name}:${term.value.toLowerCase()}`;
  if (seen.has(key)) return void mechanisms.at(i).error(`${show(raw)} repeats mechanisms[${seen.get(key)}]`);
  seen.set(key, i);
  if (term.name === 'ptr') mechanisms.at(i).warn('"ptr" is discouraged (RFC 7208 §5.5): slow, unreliable, and some receivers ignore it');
  if (term.name === 'redirect') mechanisms.at(i).warn('"redirect" is ignored by receivers because the record ends in an "all" term (RFC 7208 §6.1)');
  if (term.kind === 'modifier' && hasTermNamed(terms, term.name)) return void mechanisms.at(i).error(`"${term.name}=" may appear only once (RFC 7208 §6)`);
  return term;
}

function hasTermNamed(terms: readonly SpfTerm[], name: string): boolean {
  for (let i = 0; i < terms.length; i++) if (terms[i]!.name === name) return true;
  return false;
}
