import { parseSpfRecord, SpfTerm } from '../model/spf';
import { spfRecordsOf } from './checks/spf-record';
import { canonicalName } from '../model/names';
import { DnsAnswer, DnsResolver, isVoid } from './resolver';

/** One SPF record and what its lookup terms lead to, as a receiver evaluating it in full would see it. */
export interface SpfNode {
  readonly domain: string;
  /** The record, when the domain has exactly one. */
  readonly record?: string;
  /** Terms a receiver evaluates: `redirect` is dropped when the record has an `all` (RFC 7208 §6.1). */
  readonly terms: readonly SpfTerm[];
  /** include/redirect targets, walked. */
  readonly children: readonly { readonly term: SpfTerm; readonly node: SpfNode }[];
  /** Terms whose DNS lookup found nothing (RFC 7208 §4.6.4 void lookups), e.g. `a:gone.example.org`. */
  readonly voidTerms: readonly string[];
  /** What makes this record a permerror or unusable (no record, two records, syntax, loop), or a DNS error. */
  readonly errors: readonly string[];
  /** True when a DNS server did not answer while walking this node. */
  readonly unreachable: boolean;
}

const MAX_DEPTH = 12;
const HAS_MACRO = /%/;

/** Fetches a record and, recursively, every record it includes or redirects to; counts void lookups on the way. */
export async function walkSpf(domain: string, resolver: DnsResolver, record?: string, seen: readonly string[] = []): Promise<SpfNode> {
  const name = canonicalName(domain);
  const errors: string[] = [];
  if (record === undefined) {
    const answer = await resolver.query(name, 'TXT');
    if (answer.kind === 'error') return empty(name, [`DNS error ${answer.code} for TXT ${name}`], answer.unreachable);
    const records = spfRecordsOf(answer.kind === 'records' ? answer.values : []);
    if (records.length !== 1) {
      const why = records.length === 0 ? (isVoid(answer) ? 'no TXT record (void lookup)' : 'no SPF record') : `${records.length} SPF records`;
      return { ...empty(name, [`${name}: ${why}`], false), voidTerms: isVoid(answer) ? [name] : [] };
    }
    record = records[0]!;
  }
  const parsed = parseSpfRecord(record.trim());
  errors.push(...parsed.errors.map((e) => `${name}: ${e}`));
  const hasAll = parsed.terms.some((t) => t.name === 'all');
  const terms = parsed.terms.filter((t) => !(hasAll && t.name === 'redirect'));
  // Lookups run in parallel; results are collected in term order so that reasons read like the record.
  const outcomes = await Promise.all(terms.map((term) => evaluateTerm(term, name, resolver, seen)));
  const children = outcomes.flatMap((o) => (o.child ? [{ term: o.term, node: o.child }] : []));
  const voidTerms = outcomes.filter((o) => o.void).map((o) => o.term.text);
  errors.push(...outcomes.flatMap((o) => (o.error ? [o.error] : [])));
  const unreachable = outcomes.some((o) => o.unreachable);
  return { domain: name, record, terms, children, voidTerms, errors, unreachable };
}

interface TermOutcome {
  readonly term: SpfTerm;
  readonly child?: SpfNode;
  readonly void?: boolean;
  readonly error?: string;
  readonly unreachable?: boolean;
}

async function evaluateTerm(term: SpfTerm, current: string, resolver: DnsResolver, seen: readonly string[]): Promise<TermOutcome> {
  const target = targetOf(term, current);
  if (target === undefined || HAS_MACRO.test(target)) return { term }; // macros need the sender and IP: not expanded here
  if (term.name === 'include' || term.name === 'redirect') {
    if (seen.includes(target) || target === current) return { term, error: `${current}: ${term.text} loops back to ${target}` };
    if (seen.length >= MAX_DEPTH) return { term, error: `${current}: includes nested deeper than ${MAX_DEPTH} levels` };
    return { term, child: await walkSpf(target, resolver, undefined, [...seen, current]) };
  }
  const answer = await lookupFor(term, target, resolver);
  if (answer.kind === 'error') return { term, error: `DNS error ${answer.code} for ${term.text}`, unreachable: answer.unreachable };
  return { term, void: isVoid(answer) };
}

function empty(domain: string, errors: string[], unreachable: boolean): SpfNode {
  return { domain, terms: [], children: [], voidTerms: [], errors, unreachable };
}

/** The domain a lookup term queries: its domain-spec, else the current domain (`a`, `mx`); undefined for the rest. */
function targetOf(term: SpfTerm, current: string): string | undefined {
  if (!['include', 'redirect', 'a', 'mx', 'exists'].includes(term.name)) return undefined;
  const spec = term.value.startsWith('/') || term.value === '' ? current : term.value.replace(/\/.*$/, '');
  return canonicalName(spec);
}

/** `a` is void only when neither A nor AAAA exists; `mx` when there is no MX; `exists` asks for A (RFC 7208 §5). */
async function lookupFor(term: SpfTerm, target: string, resolver: DnsResolver): Promise<DnsAnswer> {
  if (term.name === 'mx') return resolver.query(target, 'MX');
  if (term.name === 'exists') return resolver.query(target, 'A');
  const [a, aaaa] = await Promise.all([resolver.query(target, 'A'), resolver.query(target, 'AAAA')]);
  return a.kind === 'records' || a.kind === 'error' ? a : aaaa;
}

/** Every node of the tree, depth first. */
export function* spfNodes(node: SpfNode): Generator<SpfNode> {
  yield node;
  for (const child of node.children) yield* spfNodes(child.node);
}
