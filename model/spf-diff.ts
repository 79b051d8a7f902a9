/**
 * What changed between two SPF records, term by term, read with the one SPF parser (spf.ts): the terms added, the
 * terms removed, and the `all` term's qualifier when only that changed. A reviewer then reads
 * `+ include:servers.mcsv.net`, `- ip4:198.51.100.7`, `~all → -all` instead of comparing two long strings.
 */
import { parseSpfRecord, SpfTerm } from './spf';

export interface SpfDiff {
  /** Terms of the new record that the old one does not have, in the new record's order. */
  readonly added: readonly SpfTerm[];
  /** Terms of the old record that the new one does not have, in the old record's order. */
  readonly removed: readonly SpfTerm[];
  /** The `all` term, when both records end in one and its qualifier changes (`~all` → `-all`). */
  readonly all?: { readonly from: string; readonly to: string };
}

/**
 * The terms that differ between two SPF records; undefined when either does not parse (the reader then sees both
 * whole records: a term list of a broken record would hide what is broken). Terms compare by qualifier (none is
 * `+`), name and value; domain names case-insensitively (RFC 7208 §4.3), macro text as written (`%{i}` and `%{I}`
 * differ, §7.3).
 */
export function diffSpf(before: string, after: string): SpfDiff | undefined {
  const [was, now] = [parseSpfRecord(before), parseSpfRecord(after)];
  if (was.errors.length > 0 || now.errors.length > 0) return undefined;
  const oldAll = was.terms.find((t) => t.name === 'all');
  const newAll = now.terms.find((t) => t.name === 'all');
  const allChanged = oldAll !== undefined && newAll !== undefined && qualifierOf(oldAll) !== qualifierOf(newAll);
  const others = (terms: readonly SpfTerm[]) => (allChanged ? terms.filter((t) => t.name !== 'all') : terms);
  const oldKeys = new Set(was.terms.map(termKey));
  const newKeys = new Set(now.terms.map(termKey));
  return {
    added: others(now.terms).filter((t) => !oldKeys.has(termKey(t))),
    removed: others(was.terms).filter((t) => !newKeys.has(termKey(t))),
    ...(allChanged && { all: { from: oldAll.text, to: newAll.text } }),
  };
}

/** True when nothing differs but the spelling (case of names, a `+` written out). */
export function isEmptySpfDiff(diff: SpfDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.all === undefined;
}

function qualifierOf(term: SpfTerm): string {
  return term.qualifier === '' ? '+' : term.qualifier;
}

/** `+include:spf.example.com`: how two terms are told apart. */
export function termKey(term: SpfTerm): string {
  const value = term.value.includes('%') ? term.value : term.value.toLowerCase();
  return `${term.kind === 'mechanism' ? qualifierOf(term) : ''}${term.name}${term.kind === 'modifier' ? '=' : ':'}${value}`;
}
