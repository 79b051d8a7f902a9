import { canonicalName } from '../model/names';
import { isLookupTerm, isSpfRecord, SPF_MAX_LOOKUPS, SpfTerm } from '../model/spf';
import { parsedSpfRecord } from './spf-parsed';
import { DnsAnswer, DnsResolver, describeEmpty, isVoid, QueryType } from './resolver';

/** RFC 7208 §4.6.4: at most 2 DNS queries of the evaluation may return nothing ("void lookups"). */
export const SPF_MAX_VOID_LOOKUPS = 2;
/** RFC 7208 §4.6.4: one `mx` may look at no more than 10 MX names; more is a permerror. */
export const SPF_MAX_MX_NAMES = 10;
/**
 * The most DNS queries one walk can send: the domain's own TXT record, then at most {@link SPF_MAX_LOOKUPS} lookup
 * terms of at most two queries each (`a` asks for A and AAAA). The lookup budget also bounds the include depth.
 */
export const SPF_MAX_QUERIES = 1 + 2 * SPF_MAX_LOOKUPS;

/** One SPF record and the include/redirect targets the evaluation walked into. */
export interface SpfNode {
  readonly domain: string;
  /** The record, once fetched (absent when fetching it failed). */
  readonly record?: string;
  /** Every term of the record, walked or not. */
  readonly terms: readonly SpfTerm[];
  /** include/redirect targets walked, in evaluation order. */
  readonly children: readonly { readonly term: SpfTerm; readonly node: SpfNode }[];
}

/** How the evaluation ended: it went through every term, or it stopped where a receiver stops. */
export type SpfOutcome =
  | { readonly kind: 'complete' }
  /** Receivers return permerror for every message: a limit, a loop, a broken or missing included record. */
  | { readonly kind: 'permerror'; readonly reason: string }
  /** DNS gave no usable answer: receivers return temperror (and defer mail); verify has no verdict. */
  | { readonly kind: 'temperror'; readonly reason: string };

export interface SpfWalk {
  readonly tree: SpfNode;
  /** DNS-querying terms evaluated (include, a, mx, ptr, exists, redirect), up to the one that broke the limit. */
  readonly lookups: number;
  /** The terms whose lookup found nothing, in evaluation order. */
  readonly voidTerms: readonly string[];
  readonly outcome: SpfOutcome;
  /** DNS queries sent: each name and type at most once per walk, never more than {@link SPF_MAX_QUERIES}. */
  readonly queries: number;
}

/**
 * Evaluates an SPF record as a receiver does for a sending IP that no mechanism matches (the worst case, which is
 * the one that decides whether some mail gets permerror): terms in order, includes depth first, `redirect` last
 * and only without `all` (RFC 7208 §6.1). The RFC 7208 §4.6.4 limits hold across the whole evaluation: the 11th
 * lookup term, the 3rd void lookup or an `mx` with more than 10 names ends it with permerror, exactly where a
 * receiver stops, so a hostile include tree costs at most {@link SPF_MAX_QUERIES} queries. Answers are cached: an
 * include reached twice is counted twice (as receivers count it) but asked once. Macros need the sender and are not
 * expanded; `ptr` needs the sending IP and is counted, not queried.
 */
export async function walkSpf(domain: string, resolver: DnsResolver, record?: string): Promise<SpfWalk> {
  const walk = new Walk(resolver);
  const tree: MutableNode = { domain: canonicalName(domain), record, terms: [], children: [] };
  let outcome: SpfOutcome = { kind: 'complete' };
  try {
    tree.record ??= await walk.fetchRecord(tree.domain, tree.domain);
    await walk.evaluate(tree, []);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    outcome = e.outcome;
  }
  return { tree, lookups: walk.lookups, voidTerms: walk.voidTerms, outcome, queries: walk.queries };
}

interface MutableNode {
  domain: string;
  record?: string;
  terms: readonly SpfTerm[];
  children: { term: SpfTerm; node: SpfNode }[];
}

/** Ends the walk where a receiver's evaluation ends. */
class Stop {
  constructor(readonly outcome: SpfOutcome) {}
}
const permerror = (reason: string) => new Stop({ kind: 'permerror', reason });
const temperror = (reason: string) => new Stop({ kind: 'temperror', reason });

const HAS_MACRO = /%/;

class Walk {
  lookups = 0;
  queries = 0;
  readonly voidTerms: string[] = [];
  private readonly answers = new Map<string, Promise<DnsAnswer>>();

  constructor(private readonly resolver: DnsResolver) {}

  /** Walks a node's record; throws Stop when the evaluation ends early. */
  async evaluate(node: MutableNode, path: readonly string[]): Promise<void> {
    const parsed = parsedSpfRecord(node.record!.trim());
    node.terms = parsed.terms;
    // RFC 7208 §4.6: a syntax error anywhere in a record is a permerror before any of it is evaluated.
    if (parsed.errors.length > 0) throw permerror(`${node.domain}: ${parsed.errors.join('; ')}`);
    const mechanisms = parsed.terms.filter((t) => t.kind === 'mechanism');
    const redirect = mechanisms.some((t) => t.name === 'all') ? undefined : parsed.terms.find((t) => t.name === 'redirect');
    for (const term of redirect ? [...mechanisms, redirect] : mechanisms) {
      if (isLookupTerm(term)) await this.lookupTerm(term, node, path);
    }
  }

  private async lookupTerm(term: SpfTerm, node: MutableNode, path: readonly string[]): Promise<void> {
    if (++this.lookups > SPF_MAX_LOOKUPS) {
      throw permerror(`more than ${SPF_MAX_LOOKUPS} DNS lookups: the ${this.lookups}th, ${term.text} in ${node.domain}, ends the evaluation with permerror (RFC 7208 §4.6.4); flatten or drop includes`);
    }
    const target = targetOf(term, node.domain);
    if (target === undefined || HAS_MACRO.test(target)) return;
    if (term.name === 'include' || term.name === 'redirect') {
      if (target === node.domain || path.includes(target)) throw permerror(`${node.domain}: ${term.text} loops back to ${target}`);
      const child: MutableNode = { domain: target, terms: [], children: [] };
      node.children.push({ term, node: child });
      child.record = await this.fetchRecord(target, term.text);
      return this.evaluate(child, [...path, node.domain]);
    }
    const answer = await this.addressOrMx(term, target);
    if (answer.kind === 'error') throw temperror(`${term.text} in ${node.domain}: ${describeEmpty(answer, term.name === 'mx' ? 'MX' : 'A', target)}`);
    if (isVoid(answer)) this.countVoid(term.text);
    if (term.name === 'mx' && answer.kind === 'records' && answer.values.length > SPF_MAX_MX_NAMES) {
      throw permerror(`${term.text} in ${node.domain} finds ${answer.values.length} MX names; more than ${SPF_MAX_MX_NAMES} is a permerror (RFC 7208 §4.6.4)`);
    }
  }

  /** The one SPF record of an include or redirect target (RFC 7208 §5.2, §6.1: none, or several, is a permerror). */
  async fetchRecord(name: string, via: string): Promise<string> {
    const answer = await this.query(name, 'TXT');
    if (answer.kind === 'error') throw temperror(`${via}: ${describeEmpty(answer, 'TXT', name)}`);
    if (isVoid(answer)) this.countVoid(via);
    const records = answer.kind === 'records' ? answer.values.filter(isSpfRecord) : [];
    if (records.length === 0) throw permerror(`${name}: ${isVoid(answer) ? 'no TXT record (void lookup)' : 'no SPF record'}`);
    if (records.length > 1) throw permerror(`${name}: ${records.length} SPF records`);
    return records[0]!;
  }

  private countVoid(text: string): void {
    this.voidTerms.push(text);
    if (this.voidTerms.length > SPF_MAX_VOID_LOOKUPS) {
      throw permerror(`more than ${SPF_MAX_VOID_LOOKUPS} void lookups (${this.voidTerms.join(', ')}): receivers return permerror (RFC 7208 §4.6.4)`);
    }
  }

  /** `a` is void only when neither A nor AAAA exists; `mx` when there is no MX; `exists` asks for A (RFC 7208 §5). */
  private async addressOrMx(term: SpfTerm, target: string): Promise<DnsAnswer> {
    if (term.name === 'mx') return this.query(target, 'MX');
    if (term.name === 'exists') return this.query(target, 'A');
    const [a, aaaa] = await Promise.all([this.query(target, 'A'), this.query(target, 'AAAA')]);
    return a.kind === 'records' || a.kind === 'error' ? a : aaaa;
  }

  /** Each name and type is asked once per walk. */
  private query(name: string, type: QueryType): Promise<DnsAnswer> {
    const key = `${name} ${type}`;
    let answer = this.answers.get(key);
    if (!answer) {
      this.queries++;
      answer = this.resolver.query(name, type);
      this.answers.set(key, answer);
    }
    return answer;
  }
}

/** The domain a lookup term queries: its domain-spec, else the current domain (`a`, `mx`); undefined for `ptr`. */
function targetOf(term: SpfTerm, current: string): string | undefined {
  if (term.name === 'ptr') return undefined;
  return canonicalName(term.domain ?? current);
}
