import { code, INLINE_MAX } from './markdown-text';
import { Attention } from './risks';
import { GROUP_AT } from './size-limit';

/** One line of "Needs attention": a single risk, or the same risk (same shape) in many records, grouped. */
export type AttentionEntry =
  | { readonly kind: 'one'; readonly item: Attention }
  | {
      readonly kind: 'group';
      /** The message when every record has the same one, else the shape (values shown as `…`). */
      readonly header: string;
      /** True when every record has the same message: the list then names the records only. */
      readonly alike: boolean;
      readonly items: readonly Attention[];
    };

/**
 * Groups risks by shape: a shape seen `groupAt` times or more becomes one entry where it first appears, so loosening
 * DMARC for a thousand institutions is one line with its count, not a thousand. The order is otherwise kept.
 */
export function groupAttention(items: readonly Attention[], groupAt = GROUP_AT): AttentionEntry[] {
  const byShape = new Map<string, Attention[]>();
  for (const a of items) {
    const list = byShape.get(a.shape);
    if (list) list.push(a);
    else byShape.set(a.shape, [a]);
  }
  const out: AttentionEntry[] = [];
  for (const a of items) {
    const group = byShape.get(a.shape)!;
    if (group.length < groupAt) out.push({ kind: 'one', item: a });
    else if (group[0] === a) {
      const alike = group.every((g) => g.message === a.message);
      out.push({ kind: 'group', header: alike ? a.message : a.shape, alike, items: group });
    }
  }
  return out;
}

/**
 * The Markdown of an entry. A group is its header with the count, then the records in a folded list, at most
 * `listed` of them (the rest counted); `listed = 0` gives the header line alone.
 */
export function attentionLines(entry: AttentionEntry, listed = Infinity): string[] {
  if (entry.kind === 'one') return [`- ${where(entry.item)}: ${entry.item.message}`];
  const n = entry.items.length;
  const stacks = new Set(entry.items.map((i) => i.stack)).size;
  // A risk of whole stacks (an orphaned one) names no record.
  const count = entry.items.every((i) => i.name === '') ? `${stacks} stacks` : `${n} records in ${stacks} stack${stacks === 1 ? '' : 's'}`;
  const header = `- ${entry.header} (${count})`;
  if (listed <= 0) return [header];
  const shown = entry.items.slice(0, listed).map((i) => `  - ${where(i)}${entry.alike ? '' : `: ${i.message}`}`);
  const more = n > listed ? [`  - … and ${n - listed} more: see the full report`] : [];
  return [header, `  <details><summary>${count.replace(/ in .*/, '')}</summary>`, '', ...shown, ...more, '', '  </details>'];
}

/** Which record: stack, type and name, each a code span; the stack alone for a risk of the whole stack. */
function where(a: Attention): string {
  if (a.name === '' && a.type === '') return code(a.stack, INLINE_MAX);
  return `${code(a.stack, INLINE_MAX)} ${code(a.type, INLINE_MAX)} ${code(a.name, INLINE_MAX)}`;
}
