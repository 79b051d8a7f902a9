import { canonicalName } from '../../model/names';
import { CheckResult, fail, pass } from '../check-result';
import { SpfNode } from '../spf-tree';

/** Where the platform's include sits: `[]` when the domain's own record has it, else the chain of includes. */
export function findInclude(node: SpfNode, include: string, path: readonly string[] = []): string[] | undefined {
  for (const { term } of node.children) {
    if (canonicalName(term.value) === include) return [...path];
  }
  for (const { term, node: child } of node.children) {
    const found = findInclude(child, include, [...path, term.text]);
    if (found) return found;
  }
  return undefined;
}

/** The record must reach `include:<platform SPF>`, directly or through nested includes, or platform mail fails SPF. */
export function checkSpfInclude(tree: SpfNode, include: string): CheckResult {
  const id = 'spf.include';
  const path = findInclude(tree, canonicalName(include));
  if (!path) return fail(id, `the SPF record does not include ${include} (directly or through its includes): mail sent by the platform fails SPF; add "include:${include}"`);
  return pass(id, path.length === 0 ? `includes ${include} directly` : `includes ${include} through ${path.join(' → ')}`);
}
