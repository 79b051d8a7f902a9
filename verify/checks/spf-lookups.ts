import { countLookups, SPF_MAX_LOOKUPS } from '../../model/spf';
import { CheckResult, fail, pass } from '../check-result';
import { SpfNode, spfNodes } from '../spf-tree';

/** RFC 7208 §4.6.4: at most 2 lookups that return nothing. */
export const SPF_MAX_VOID_LOOKUPS = 2;

export interface SpfCounts {
  /** DNS-querying terms across the whole tree (include, a, mx, ptr, exists, redirect). */
  readonly lookups: number;
  readonly voids: number;
  readonly voidTerms: readonly string[];
  readonly errors: readonly string[];
  readonly unreachable: boolean;
}

export function spfCounts(tree: SpfNode): SpfCounts {
  const nodes = [...spfNodes(tree)];
  const voidTerms = nodes.flatMap((n) => n.voidTerms);
  return {
    lookups: nodes.reduce((sum, n) => sum + countLookups(n.terms), 0),
    voids: voidTerms.length,
    voidTerms,
    errors: nodes.flatMap((n) => n.errors),
    unreachable: nodes.some((n) => n.unreachable),
  };
}

/**
 * The whole tree stays within the limits receivers enforce (more is a permerror for every message), and every
 * included record exists and parses. Counts are always shown, so a domain close to the limit is visible.
 */
export function checkSpfLookups(tree: SpfNode): CheckResult {
  const id = 'spf.lookups';
  const c = spfCounts(tree);
  const counts = `${c.lookups}/${SPF_MAX_LOOKUPS} DNS lookups, ${c.voids}/${SPF_MAX_VOID_LOOKUPS} void lookups`;
  const problems: string[] = [];
  if (c.lookups > SPF_MAX_LOOKUPS) problems.push(`more than ${SPF_MAX_LOOKUPS} DNS lookups: receivers return permerror (RFC 7208 §4.6.4); flatten or drop includes`);
  if (c.voids > SPF_MAX_VOID_LOOKUPS) problems.push(`more than ${SPF_MAX_VOID_LOOKUPS} void lookups (${c.voidTerms.join(', ')}): receivers return permerror (RFC 7208 §4.6.4)`);
  problems.push(...c.errors);
  if (problems.length > 0) return { ...fail(id, `${counts}: ${problems.join('; ')}`), ...(c.unreachable ? { unreachable: true } : {}) };
  return pass(id, `${counts}${c.voids > 0 ? ` (${c.voidTerms.join(', ')})` : ''}`);
}
