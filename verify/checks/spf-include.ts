import { canonicalName } from '../../model/names';
import { CheckResult, fail, pass, unknown } from '../check-result';
import { SpfNode, SpfWalk } from '../spf-tree';

/**
 * Where the platform's include sits: `[]` when the domain's own record has it, else the chain of includes. A record
 * that names it counts even if the evaluation stopped before reaching it, so the reason points at the real problem.
 */
export function findInclude(node: SpfNode, include: string, path: readonly string[] = []): string[] | undefined {
  if (node.terms.some((t) => t.name === 'include' && t.domain !== undefined && canonicalName(t.domain) === include)) return [...path];
  for (const { term, node: child } of node.children) {
    const found = findInclude(child, include, [...path, term.text]);
    if (found) return found;
  }
  return undefined;
}

/** The record must reach `include:<platform SPF>`, directly or through nested includes, or platform mail fails SPF. */
export function checkSpfInclude(walk: SpfWalk, include: string): CheckResult {
  const id = 'spf.include';
  const path = findInclude(walk.tree, canonicalName(include));
  if (path) return pass(id, path.length === 0 ? `includes ${include} directly` : `includes ${include} through ${path.join(' → ')}`);
  if (walk.outcome.kind === 'temperror') return unknown(id, `${include} was not found before ${walk.outcome.reason}`);
  const stopped = walk.outcome.kind === 'permerror' ? ` (the evaluation stops before its end: ${walk.outcome.reason})` : '';
  return fail(id, `the SPF record does not include ${include} (directly or through its includes)${stopped}: mail sent by the platform fails SPF; add "include:${include}"`);
}
