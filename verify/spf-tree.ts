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
  const answers = new Map<string, DnsAnswer>();
  for (;;) {
    const step = stepSpfWalk(domain, record, answers);
    if (!Array.isArray(step)) return step;
    const got = await Promise.all(step.map((q) => resolver.query(q.name, q.type)));
    for (let i = 0; i < step.length; i++) answers.set(step[i]!.key, got[i]!);
  }
}

/** A query the walk needs answered before it can go on; `key` is what {@link stepSpfWalk} looks the answer up by. */
export interface SpfQuery {
  readonly key: string;
  readonly name: string;
  readonly type: QueryType;
}

/**
 * {@link walkSpf} without the waiting: evaluates with the answers at hand (`answers`, by {@link SpfQuery} key) and
 * returns the walk, or the next queries it needs (one, or A and AAAA of an `a` term), asked in the same order as a
 * receiver asks them. Run again from the start once they are answered: each run redoes only in-memory work (records
 * are parsed once, spf-parsed.ts), and verify checks a fleet's domains without an async frame per step, which cost
 * TurboFan more to compile than the walk costs to run (issue 20). The walk has sent `answers.size` queries.
 */
export function stepSpfWalk(domain: string, record: string | undefined, answers: ReadonlyMap<string, DnsAnswer>): SpfWalk | SpfQuery[] {
  const walk = new Walk(answers);
  const tree: MutableNode = { domain: canonicalName(domain), record, terms: [], children: [] };
  let outcome: SpfOutcome = COMPLETE;
  try {
    if (tree.record === undefined) {
      const own = walk.fetchRecord(tree.domain, tree.domain);
      if (own === undefined) return walk.needed;
      tree.record = own;
    }
    if (!walk.evaluate(tree, [])) return walk.needed;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    outcome = e.outcome;
  }
  return { tree, lookups: walk.lookups, voidTerms: walk.voidTerms, outcome, queries: answers.size };
}

const COMPLETE: SpfOutcome = Object.freeze({ kind: 'complete' });

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

class Walk {
  lookups = 0;
  readonly voidTerms: string[] = [];
  readonly needed: SpfQuery[] = [];

  constructor(private readonly answers: ReadonlyMap<string, DnsAnswer>) {}

  /**
   * Walks a node's record; throws Stop when the evaluation ends early. False when an answer is not at hand yet
   * (`needed` says which): every walk but the last of a domain ends so, and a thrown value cost V8 an unwinding of
   * the stack each time (issue 20).
   */
  evaluate(node: MutableNode, path: readonly string[]): boolean {
    const parsed = parsedSpfRecord(node.record!.trim());
    node.terms = parsed.terms;
    // RFC 7208 §4.6: a syntax error anywhere in a record is a permerror before any of it is evaluated.
    if (parsed.errors.length > 0) throw permerror(`${node.domain}: ${parsed.errors.join('; ')}`);
    const terms = parsed.terms;
    // Indexed loops: at 1,000 domains these run in V8's interpreter, where for-of costs an iterator per loop.
    let hasAll = false;
    for (let i = 0; i < terms.length; i++) if (terms[i]!.kind === 'mechanism' && terms[i]!.name === 'all') hasAll = true;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      if (term.kind === 'mechanism' && isLookupTerm(term) && !this.lookupTerm(term, node, path)) return false;
    }
    if (hasAll) return true;
    const redirect = terms.find((t) => t.name === 'redirect');
    return redirect && isLookupTerm(redirect) ? this.lookupTerm(redirect, node, path) : true;
  }

  /** False when an answer is not at hand yet, as {@link evaluate}. */
  private lookupTerm(term: SpfTerm, node: MutableNode, path: readonly string[]): boolean {
    if (++this.lookups > SPF_MAX_LOOKUPS) {
      throw permerror(`more than ${SPF_MAX_LOOKUPS} DNS lookups: the ${this.lookups}th, ${term.text} in ${node.domain}, ends the evaluation with permerror (RFC 7208 §4.6.4); flatten or drop includes`);
    }
    const target = targetOf(term, node.domain);
    if (target === undefined || target.includes('%')) return true;
    if (term.name === 'include' || term.name === 'redirect') {
      if (target === node.domain || path.includes(target)) throw permerror(`${node.domain}: ${term.text} loops back to ${target}`);
      const child: MutableNode = { domain: target, terms: [], children: [] };
      node.children.push({ term, node: child });
      const record = this.fetchRecord(target, term.text);
      if (record === undefined) return false;
      child.record = record;
      return this.evaluate(child, path.concat(node.domain));
    }
    const answer = this.addressOrMx(term, target);
    if (answer === undefined) return false;
    if (answer.kind === 'error') throw temperror(`${term.text} in ${node.domain}: ${describeEmpty(answer, term.name === 'mx' ? 'MX' : 'A', target)}`);
    if (isVoid(answer)) this.countVoid(term.text);
    if (term.name === 'mx' && answer.kind === 'records' && answer.values.length > SPF_MAX_MX_NAMES) {
      throw permerror(`${term.text} in ${node.domain} finds ${answer.values.length} MX names; more than ${SPF_MAX_MX_NAMES} is a permerror (RFC 7208 §4.6.4)`);
    }
    return true;
  }

  /**
   * The one SPF record of an include or redirect target (RFC 7208 §5.2, §6.1: none, or several, is a permerror);
   * undefined when the answer is not at hand yet.
   */
  fetchRecord(name: string, via: string): string | undefined {
    const answer = this.answer(name, 'TXT');
    if (answer === undefined) return undefined;
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

  /** `a` is void only when neither A nor AAAA exists (both asked at once); `mx` when there is no MX; `exists` asks for A (RFC 7208 §5). */
  private addressOrMx(term: SpfTerm, target: string): DnsAnswer | undefined {
    if (term.name === 'mx' || term.name === 'exists') return this.answer(target, term.name === 'mx' ? 'MX' : 'A');
    const a = this.answer(target, 'A');
    const aaaa = this.answer(target, 'AAAA');
    if (a === undefined || aaaa === undefined) return undefined;
    return a.kind === 'records' || a.kind === 'error' ? a : aaaa;
  }

  /** The answer at hand for a name and type, or undefined after adding the query to `needed`. */
  private answer(name: string, type: QueryType): DnsAnswer | undefined {
    const key = `${name} ${type}`;
    const answer = this.answers.get(key);
    if (answer === undefined) this.needed.push({ key, name, type });
    return answer;
  }
}

/** The domain a lookup term queries: its domain-spec, else the current domain (`a`, `mx`); undefined for `ptr`. */
function targetOf(term: SpfTerm, current: string): string | undefined {
  if (term.name === 'ptr') return undefined;
  return canonicalName(term.domain ?? current);
}
