/**
 * The RFC 9989 DNS Tree Walk (§4.10), without the DNS: which names to ask, when to stop, which organizational domain
 * and which policy record the answers give. `verify/dmarc-tree-walk.ts` asks the questions.
 */
import { DmarcPolicy } from './dmarc-tags';
import { DmarcRecord, hasValidRua, isDmarcRecord, parseDmarcRecord, policyFor } from './dmarc-record';

/** RFC 9989 §4.10: a walk never asks more than eight names, however long the domain is. */
export const TREE_WALK_MAX_QUERIES = 8;

/**
 * The names whose `_dmarc` TXT a walk from `domain` asks, in order (RFC 9989 §4.10 steps 1–7): the domain itself;
 * then, when it has 8 labels or more, the name cut down to its last 7 labels, otherwise its parent; then one label
 * less at each step, down to the top-level domain. At most {@link TREE_WALK_MAX_QUERIES} names.
 */
export function treeWalkNames(domain: string): string[] {
  const names: string[] = [];
  for (let at = 0; at !== -1; at = nextTreeWalkName(domain, at)) names.push(at === 0 ? domain : domain.slice(at));
  return names;
}

/**
 * The walk of {@link treeWalkNames} by offsets, for callers that walk many domains (the report authorisation planner
 * walks every sender and report domain of a config): the name a walk asks after `domain.slice(at)` starts at the
 * offset returned (`domain.slice(offset)`), or the walk is over (-1). The walk starts at offset 0, the domain itself.
 * Every name is a suffix of the domain, so no labels are split and joined again.
 */
export function nextTreeWalkName(domain: string, at: number): number {
  const dot = domain.indexOf('.', at);
  if (dot === -1) return -1;
  if (at === 0) {
    // Step 3: a domain of 8 labels or more is cut to its last 7. Counted forwards with indexOf, which V8 runs as a
    // builtin (lastIndexOf goes through its runtime): only a domain with 8 dots or more is cut below its parent.
    let dots = 1;
    for (let d = domain.indexOf('.', dot + 1); d !== -1 && dots < TREE_WALK_MAX_QUERIES; d = domain.indexOf('.', d + 1)) dots++;
    if (dots === TREE_WALK_MAX_QUERIES) return lastLabelsAt(domain, TREE_WALK_MAX_QUERIES - 1);
  }
  return dot + 1;
}

/** Where the last `count` labels of `domain` start (it has more than `count` labels). */
function lastLabelsAt(domain: string, count: number): number {
  let dot = domain.length;
  for (let n = 0; n < count; n++) dot = domain.lastIndexOf('.', dot - 1);
  return dot + 1;
}

/** What one name of the walk gave: one DMARC record, none, several (all discarded), or a DNS error. */
export type TreeWalkAnswer =
  | { readonly kind: 'record'; readonly text: string; readonly record: DmarcRecord }
  | { readonly kind: 'none' }
  | { readonly kind: 'several'; readonly count: number }
  | { readonly kind: 'error'; readonly code: string; readonly unreachable: boolean };

export interface TreeWalkStep {
  /** The domain (without `_dmarc.`). */
  readonly name: string;
  readonly answer: TreeWalkAnswer;
}

/** RFC 9989 §4.10 steps 2 and 6: TXT values that do not start with `v=DMARC1` are discarded, and so are several records. */
export function treeWalkAnswer(txtValues: readonly string[]): TreeWalkAnswer {
  const records = txtValues.filter(isDmarcRecord);
  if (records.length === 0) return { kind: 'none' };
  if (records.length > 1) return { kind: 'several', count: records.length };
  const text = records[0]!.trim();
  return { kind: 'record', text, record: parseDmarcRecord(text) };
}

/** RFC 9989 §4.10 steps 2 and 6: a single record with `psd=n` or `psd=y` ends the walk. */
export function endsTreeWalk(answer: TreeWalkAnswer): boolean {
  return answer.kind === 'record' && answer.record.psd !== 'u';
}

/** What the organizational domain depends on of each step: whether a record was found there, and its `psd`. */
export interface PsdStep {
  readonly name: string;
  readonly psd?: DmarcRecord['psd'];
}

/**
 * RFC 9989 §4.10.2: the organizational domain of the walk's start, from the records found, longest name first: a
 * record with `psd=n` is it; a record with `psd=y` (other than at the start) makes the name one label below it on the
 * way to the start it; otherwise the record with the fewest labels; and with no record at all, the start itself.
 */
export function organizationalDomain(start: string, steps: readonly TreeWalkStep[]): string {
  return organizationalDomainOf(start, steps.flatMap((s) => (s.answer.kind === 'record' ? [{ name: s.name, psd: s.answer.record.psd }] : [])));
}

/** {@link organizationalDomain} from the records found only (`found`: longest name first, each with its `psd`). */
export function organizationalDomainOf(start: string, found: readonly PsdStep[]): string {
  for (const step of found) {
    if (step.psd === 'n') return step.name;
    if (step.psd === 'y' && step.name !== start) return oneLabelBelow(start, step.name);
  }
  return found.at(-1)?.name ?? start;
}

function oneLabelBelow(start: string, psd: string): string {
  return start.split('.').slice(-(psd.split('.').length + 1)).join('.');
}

/** Where the policy for a domain comes from (RFC 9989 §4.10.1): its own record, its organizational domain's, or its public suffix domain's. */
export interface PolicySource {
  readonly name: string;
  readonly role: 'author' | 'organizational' | 'public suffix';
  readonly record: DmarcRecord;
}

/**
 * RFC 9989 §4.10.1 policy discovery, on the steps of a walk that starts at the author domain: the author domain's own
 * record; else the organizational domain's; else the public suffix domain's (the `psd=y` record the walk found);
 * else none, and receivers apply no DMARC.
 */
export function discoverPolicy(author: string, steps: readonly TreeWalkStep[]): { source?: PolicySource; organizationalDomain: string } {
  const org = organizationalDomain(author, steps);
  const recordAt = (name: string) => steps.find((s) => s.name === name && s.answer.kind === 'record')?.answer as { record: DmarcRecord } | undefined;
  const own = recordAt(author);
  if (own) return { source: { name: author, role: 'author', record: own.record }, organizationalDomain: org };
  const orgRecord = org === author ? undefined : recordAt(org);
  if (orgRecord) return { source: { name: org, role: 'organizational', record: orgRecord.record }, organizationalDomain: org };
  const psd = steps.find((s) => s.answer.kind === 'record' && s.answer.record.psd === 'y' && s.name !== author);
  if (psd && psd.answer.kind === 'record') return { source: { name: psd.name, role: 'public suffix', record: psd.answer.record }, organizationalDomain: org };
  return { organizationalDomain: org };
}

/** The policy receivers apply to a domain from a record, or why they apply none. */
export type AppliedPolicy =
  | { readonly applies: false; readonly why: string }
  | {
      readonly applies: true;
      /** The tag the policy comes from, and its value (`sp` given as the policy of `p` when `sp` is absent, and so on). */
      readonly tag: 'p' | 'sp' | 'np';
      readonly policy: DmarcPolicy;
      /** After test mode: `t=y` applies one step below (RFC 9989 §4.7). */
      readonly effective: DmarcPolicy;
      /** Set when receivers fall back to p=none because a policy tag is missing or invalid. */
      readonly fallback?: string;
    };

const ONE_STEP_BELOW: Record<DmarcPolicy, DmarcPolicy> = { reject: 'quarantine', quarantine: 'none', none: 'none' };

/**
 * RFC 9989 §4.10.1: the policy a record sets for the domain it was published for (`self`), or for one of its
 * subdomains, existing (`sp`) or not (`np`, RFC 9989 §3.2.13: NXDOMAIN). A record without a valid `p`, or with an
 * invalid `sp` or `np`, counts as p=none when it has a valid `rua`, and as no DMARC at all otherwise.
 */
export function appliedPolicy(record: DmarcRecord, relation: 'self' | 'subdomain', exists = true): AppliedPolicy {
  const invalid = (['p', 'sp', 'np'] as const).filter((tag) => record.tags[tag] !== undefined && record[tag] === undefined);
  const broken = record.p === undefined ? (invalid.includes('p') ? 'no valid "p"' : 'no "p"') : invalid.length > 0 ? `an invalid "${invalid.join('", "')}"` : undefined;
  if (broken) {
    if (!hasValidRua(record)) return { applies: false, why: `the record has ${broken} and no valid "rua": receivers apply no DMARC policy (RFC 9989 §4.10.1)` };
    return { applies: true, tag: 'p', policy: 'none', effective: 'none', fallback: `the record has ${broken}: receivers act as if it said p=none (RFC 9989 §4.10.1)` };
  }
  const tag = relation === 'self' ? 'p' : exists ? 'sp' : 'np';
  const policy = policyFor(record, tag)!;
  return { applies: true, tag, policy, effective: record.testing ? ONE_STEP_BELOW[policy] : policy };
}

/** `sp=quarantine`, `np=reject (from p), with t=y (test mode): quarantine`, or the fallback or the reason for none. */
export function describeAppliedPolicy(applied: AppliedPolicy, record: DmarcRecord): string {
  if (!applied.applies) return applied.why;
  if (applied.fallback) return applied.fallback;
  const from = applied.tag === 'p' || record[applied.tag] !== undefined ? '' : ` (from ${applied.tag === 'np' && record.sp !== undefined ? 'sp' : 'p'})`;
  const test = record.testing && applied.effective !== applied.policy ? `, with t=y (test mode): ${applied.effective}` : record.testing ? ', with t=y (no effect on none)' : '';
  return `${applied.tag}=${applied.policy}${from}${test}`;
}
