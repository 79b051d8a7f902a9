import { parseSpfRecord, SpfTerm } from '../model/spf';
import { spfRecordsOf } from './checks/spf-record';
import { DnsAnswer, DnsResolver, isVoid, normalizeName } from './resolver';

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
  const name = normalizeName(domain);
  const errors: string[] = [];
  let unreachable = false;
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
  const children: { term: SpfTerm; node: SpfNode }[] = [];
  const voidTerms: string[] = [];
  await Promise.all(
    terms.map(async (term) => {
      const target = targetOf(term, name);
      if (target === undefined || HAS_MACRO.test(target)) return; // macros need the sender and IP: not expanded here
      if (term.name === 'include' || term.name === 'redirect') {
        if (seen.includes(target) || target === name) return errors.push(`${name}: ${term.text} loops back to ${target}`);
        if (seen.length >= MAX_DEPTH) return errors.push(`${name}: includes nested deeper than ${MAX_DEPTH} levels`);
        children.push({ term, node: await walkSpf(target, resolver, undefined, [...seen, name]) });
      } else {
        const answer = await lookupFor(term, target, resolver);
        if (answer.kind === 'error') {
          errors.push(`DNS error ${answer.code} for ${term.text}`);
          unreachable ||= answer.unreachable;
        } else if (isVoid(answer)) voidTerms.push(term.text);
      }
    }),
  );
  children.sort((a, b) => terms.indexOf(a.term) - terms.indexOf(b.term));
  return { domain: name, record, terms, children, voidTerms, errors, unreachable };
}

function empty(domain: string, errors: string[], unreachable: boolean): SpfNode {
  return { domain, terms: [], children: [], voidTerms: [], errors, unreachable };
}

/** The domain a lookup term queries: its domain-spec, else the current domain (`a`, `mx`); undefined for the rest. */
function targetOf(term: SpfTerm, current: string): string | undefined {
  if (!['include', 'redirect', 'a', 'mx', 'exists'].includes(term.name)) return undefined;
  const spec = term.value.startsWith('/') || term.value === '' ? current : term.value.replace(/\/.*$/, '');
  return normalizeName(spec);
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
