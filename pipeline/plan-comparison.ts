/**
 * Is the plan about to be applied the plan that was reviewed? A pure comparison of two `terraform show -json`
 * documents by their `resource_changes`: the same resources (by address, and deposed key), each with the same
 * actions, the same before and after values, the same values left unknown until apply (`after_unknown`), the same
 * import and the same provider. What terraform leaves unknown is absent from `after` on both sides and marked in
 * `after_unknown`, so nothing needs normalising: two plans of one configuration against one state are equal.
 *
 * The reviewed document is hostile input (a pull request's job wrote it): its shape is checked here, and every
 * difference is named by address and by what differs (the action, or the attribute path), never by value.
 */

/** One way the plans differ. */
export interface PlanDifference {
  /** The resource address (`aws_route53_record.x`), or `(plan)` for the document as a whole. */
  readonly address: string;
  readonly what: string;
}

/** The attributes of a resource change compared; anything else terraform writes (sensitivity marks, reasons) is not. */
const COMPARED = ['before', 'after', 'after_unknown'] as const;
/** How many differing attribute paths are named per resource, and how many are counted at most. */
const PATHS_NAMED = 3;
const PATHS_COUNTED = 1000;
/** A plan of one of our stacks has a few dozen resource changes; far more is not one of ours. */
export const MAX_RESOURCE_CHANGES = 10_000;
/** How deep values are walked; the reviewed document was parsed with a nesting bound lower than this. */
const MAX_DEPTH = 256;

interface Change {
  readonly key: string;
  readonly address: string;
  readonly actions: string;
  readonly provider: unknown;
  readonly importing: unknown;
  readonly values: Record<(typeof COMPARED)[number], unknown>;
}

/** The differences between the reviewed plan and the one at hand; empty when they are the same plan. */
export function planDifferences(reviewed: unknown, current: unknown): PlanDifference[] {
  const problems: PlanDifference[] = [];
  const before = changesOf(reviewed, 'the reviewed plan.json', problems);
  const after = changesOf(current, 'the plan at hand', problems);
  if (problems.length > 0) return problems;
  const differences: PlanDifference[] = [];
  for (const [key, was] of before!) {
    const now = after!.get(key);
    if (!now) {
      differences.push({ address: was.address, what: `in the reviewed plan (${was.actions}) but not in the plan at hand` });
      continue;
    }
    if (was.actions !== now.actions) differences.push({ address: was.address, what: `actions: reviewed ${was.actions}, now ${now.actions}` });
    if (!same(was.provider, now.provider)) differences.push({ address: was.address, what: 'provider differs' });
    if (!same(was.importing, now.importing)) differences.push({ address: was.address, what: 'import differs' });
    const paths = COMPARED.flatMap((side) => differingPaths(was.values[side], now.values[side], side));
    if (paths.length > 0) {
      const named = paths.slice(0, PATHS_NAMED).join(', ');
      differences.push({ address: was.address, what: `${paths.length > PATHS_NAMED ? `${named} and ${paths.length - PATHS_NAMED} more` : named} differ${paths.length === 1 ? 's' : ''}` });
    }
  }
  for (const [key, now] of after!) {
    if (!before!.has(key)) differences.push({ address: now.address, what: `not in the reviewed plan (now ${now.actions})` });
  }
  return differences;
}

/** Whether a plan document has changes to apply (any resource change other than no-op and read). */
export function planHasChanges(plan: unknown): boolean {
  const changes = changesOf(plan, 'plan', []);
  return [...(changes?.values() ?? [])].some((c) => c.actions !== 'no-op' && c.actions !== 'read');
}

/** The resource changes of a plan document by address (and deposed key); undefined, with problems, when malformed. */
function changesOf(plan: unknown, what: string, problems: PlanDifference[]): Map<string, Change> | undefined {
  const fail = (why: string) => {
    problems.push({ address: '(plan)', what: `${what} ${why}` });
    return undefined;
  };
  const doc = asObject(plan);
  if (!doc) return fail('is not a JSON object');
  if (typeof doc.format_version !== 'string' || !/^1\./.test(doc.format_version)) return fail('is not a plan of format 1.x (`terraform show -json`)');
  const list = doc.resource_changes ?? [];
  if (!Array.isArray(list)) return fail('has resource_changes that is not a list');
  if (list.length > MAX_RESOURCE_CHANGES) return fail(`has more than ${MAX_RESOURCE_CHANGES} resource changes`);
  const changes = new Map<string, Change>();
  for (const [i, entry] of list.entries()) {
    const rc = asObject(entry);
    const change = asObject(rc?.change);
    if (!rc || typeof rc.address !== 'string' || !change || !Array.isArray(change.actions) || !change.actions.every((a) => typeof a === 'string')) {
      return fail(`has a resource_changes[${i}] without address and change.actions`);
    }
    if (rc.deposed !== undefined && typeof rc.deposed !== 'string') return fail(`has a resource_changes[${i}] whose deposed key is not text`);
    const key = rc.deposed === undefined ? rc.address : `${rc.address} (deposed ${rc.deposed})`;
    if (changes.has(key)) return fail(`lists ${shortened(key)} twice`);
    changes.set(key, {
      key,
      address: shortened(key),
      actions: (change.actions as string[]).join(',') || '(none)',
      provider: rc.provider_name,
      importing: change.importing,
      values: { before: change.before, after: change.after, after_unknown: change.after_unknown },
    });
  }
  return changes;
}

/** The paths (`after.records`, `before.ttl`) where two values differ, in key order, at most {@link PATHS_COUNTED}. */
function differingPaths(a: unknown, b: unknown, path: string, depth = 0, out: string[] = []): string[] {
  if (out.length >= PATHS_COUNTED || same(a, b, depth)) return out;
  const x = asObject(a);
  const y = asObject(b);
  if (x && y && depth < MAX_DEPTH) {
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) differingPaths(own(x, key), own(y, key), `${path}.${shortened(key)}`, depth + 1, out);
    return out;
  }
  out.push(path);
  return out;
}

/** Deep equality of JSON values (object key order does not matter; list order does). */
function same(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_DEPTH || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    return a.length === list.length && a.every((v, i) => same(v, list[i], depth + 1));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && same(x[k], y[k], depth + 1));
}

/** `o[key]` only when it is `o`'s own: a `__proto__` key of a hostile document must not reach Object.prototype. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** Addresses and keys come from a hostile document: bounded before they are named. */
function shortened(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
