/**
 * The pieces both layouts of a summary are made of (markdown.ts writes them all, shortened-layout.ts as many as fit):
 * headline, stack table, per-stack record tables, trailer. Every value in them goes through markdown-text.ts.
 */
import { AttentionEntry, attentionLines } from './attention-groups';
import { BlastRadius, blastRadiusBanner } from './blast-radius';
import { KIND_LABEL, recordKinds } from './classify';
import { SYNTH_CAVEAT } from './from-synth';
import { changeLines } from './change-terms';
import { code, htmlCode, INLINE_MAX, tableCell } from './markdown-text';
import { ChangeCounts, ChangeReport, countChanges, RecordChange, StackChanges } from './record-change';
import { SHORTENED, textSize } from './size-limit';

/** First line of every summary: lets a pipeline find and update its earlier comment instead of adding one. */
export const SUMMARY_MARKER = '<!-- email-auth-dns summary -->';

/** What a summary is made of, computed once for both layouts. */
export interface SummaryParts {
  readonly report: ChangeReport;
  readonly changed: readonly StackChanges[];
  readonly unchanged: readonly StackChanges[];
  readonly total: ChangeCounts;
  readonly attention: readonly AttentionEntry[];
  readonly attentionCount: number;
  /** Records made stricter (DMARC climbing the strictness order, SPF `all` stricter): progress, not risk. */
  readonly tightened: readonly AttentionEntry[];
  readonly tightenedCount: number;
  /** Stacks with at least one risk: their tables come first in a shortened summary. */
  readonly risky: ReadonlySet<string>;
  /** The mass-change guard; its banner comes right after "Needs attention" when it trips. */
  readonly radius: BlastRadius;
}

/**
 * The marker and the `## DNS changes` line. The reader's first screen is then, in this order (issue 17): what needs
 * attention, the mass-change banner, the counts per stack, what was tightened, the detail of each stack.
 */
export function headline(p: SummaryParts): string[] {
  return [SUMMARY_MARKER, `## DNS changes: ${p.changed.length === 0 ? 'none' : countsText(p.total)}`];
}

/** The mass-change banner when the guard trips, else nothing. */
export function bannerLines(p: SummaryParts): string[] {
  return blastRadiusBanner(p.radius);
}

/** "Tightened": a short list of the records made stricter, alike ones grouped; at most `listed` records per group. */
export function tightenedLines(p: SummaryParts, listed = Infinity): string[] {
  if (p.tightenedCount === 0) return [];
  return [`### ✅ Tightened (${p.tightenedCount})`, '', ...p.tightened.flatMap((e) => attentionLines(e, listed))];
}

/** One line for the stacks without DNS changes: at a fleet's scale their names would be most of the comment. */
export function unchangedLine(unchanged: readonly StackChanges[]): string[] {
  const n = unchanged.filter((s) => !s.orphaned).length;
  if (n === 0) return [];
  return [n === 1 ? `No DNS changes in ${stackList(unchanged.filter((s) => !s.orphaned), 1)}.` : `No DNS changes in ${n} other stacks.`];
}

export function attentionHeading(p: SummaryParts): string {
  return `### ⚠️ Needs attention (${p.attentionCount})`;
}

/** Other resources counted, notes of stacks without changes, the synth caveat; at most `listed` notes. */
export function trailer(p: SummaryParts, listed: number): string[] {
  const lines: string[] = [];
  const other = p.report.stacks.reduce((n, s) => n + s.otherChanges, 0);
  if (other > 0) lines.push('', `${other} other resource change${other === 1 ? '' : 's'} (not DNS records) not shown.`);
  const noise = p.report.stacks.reduce((n, s) => n + (s.providerNoise ?? 0), 0);
  if (noise > 0) {
    lines.push('', `${noise} Cloudflare record update${noise === 1 ? '' : 's'} that change${noise === 1 ? 's' : ''} nothing in DNS not shown (the provider's known no-op diffs: computed fields, automatic TTL, empty comment or tags, default settings).`);
  }
  const notes = p.unchanged.flatMap((s) => s.notes.map((n) => `${code(s.stack, INLINE_MAX)}: ${n}`));
  for (const note of notes.slice(0, listed)) lines.push('', note);
  if (notes.length > listed) lines.push('', `… and ${notes.length - listed} more notes on stacks without changes: see the full report.`);
  if (p.report.source === 'synth') lines.push('', `_${SYNTH_CAVEAT}_`);
  return lines;
}

/** `2 to create, 1 to change, 1 to destroy (1 replacement)`, as terraform counts. */
export function countsText(c: ChangeCounts): string {
  const parts = [`${c.create} to create`, `${c.update} to change`, `${c.destroy} to destroy`];
  if (c.import > 0) parts.unshift(`${c.import} to import`);
  if (c.forget > 0) parts.push(`${c.forget} to forget`);
  const replaced = c.replace > 0 ? ` (${c.replace} replacement${c.replace === 1 ? '' : 's'})` : '';
  return `${parts.join(', ')}${replaced}`;
}

/** Counts per stack, at most `rows` stacks (then a line counts the others), and the total. */
export function stackTable(stacks: readonly StackChanges[], total: ChangeCounts, rows: number): string[] {
  const withImports = total.import > 0;
  const row = (label: string, c: ChangeCounts) => `| ${label} |${withImports ? ` ${c.import} |` : ''} ${c.create} | ${c.update} | ${c.destroy} | ${c.replace} |`;
  const more = stacks.length - rows;
  return [
    `| Stack |${withImports ? ' Import |' : ''} Create | Change | Destroy | of which replaced |`,
    `|---|${withImports ? '---:|' : ''}---:|---:|---:|---:|`,
    ...stacks.slice(0, rows).map((s) => row(tableCell(code(s.stack, INLINE_MAX)), countChanges(s.changes))),
    ...(stacks.length > 1 ? [row(more > 0 ? `**Total** (${more} more stacks not listed)` : '**Total**', total)] : []),
  ];
}

/** One stack's table of record changes; `folded` (shortened summary): in a `<details>`, long values cut. */
export function stackSection(stack: StackChanges, folded = false): string[] {
  const counts = countsText(countChanges(stack.changes));
  const table = [
    ...stack.notes.flatMap((n) => [n, '']),
    '| Action | Name | Type | TTL | Change |',
    '|---|---|---|---|---|',
    ...stack.changes.map((c) => changeRow(c, folded ? SHORTENED.tableValue : Infinity)),
  ];
  // One line per distinct note (a zone move forces every record to be replaced for the same reason).
  const notes = new Map<string, RecordChange[]>();
  for (const c of stack.changes.filter((c) => c.note)) notes.set(c.note!, [...(notes.get(c.note!) ?? []), c]);
  if (notes.size > 0) table.push('');
  for (const [note, changes] of notes) table.push(`- ${changes.map((c) => `${code(c.type, INLINE_MAX)} ${code(c.name, INLINE_MAX)}`).join(', ')}: ${note}`);
  if (!folded) return [`### ${code(stack.stack)}: ${counts}`, '', ...table];
  return [`<details><summary>${htmlCode(stack.stack, INLINE_MAX)}: ${counts}</summary>`, '', ...table, '', '</details>'];
}

function changeRow(c: RecordChange, max: number): string {
  const name = c.nameBefore ? `${code(c.nameBefore, max)} → ${code(c.name, max)}` : code(c.name, max);
  const kinds = recordKinds(c.name, c.type, c.after.length > 0 ? c.after : c.before).filter((k) => k !== 'other' && k !== 'mx');
  const type = `${c.typeBefore ? `${code(c.typeBefore, max)} → ` : ''}${code(c.type, max)}${kinds.length > 0 ? ` (${kinds.map((k) => KIND_LABEL[k]).join(', ')})` : ''}`;
  const action = c.importing && c.action !== 'import' ? `import, ${c.action}` : c.action;
  const cells = [action, name, type, ttlText(c), changeLines(c, max).join('<br>')];
  return `| ${cells.map(tableCell).join(' | ')} |`;
}

function ttlText(c: RecordChange): string {
  if (c.ttlBefore !== undefined && c.ttlAfter !== undefined && c.ttlBefore !== c.ttlAfter) return `${c.ttlBefore} → ${c.ttlAfter}`;
  return String(c.ttlAfter ?? c.ttlBefore ?? '');
}

/** Stack names as code spans, at most `listed` of them, then how many more. */
export function stackList(stacks: readonly StackChanges[], listed: number): string {
  if (stacks.length === 0) return 'any stack';
  const names = stacks.slice(0, listed).map((s) => code(s.stack, INLINE_MAX));
  return stacks.length > listed ? `${names.join(', ')} and ${stacks.length - listed} more` : names.join(', ');
}

/** Bytes of a line or lines, each with its newline. */
export function size(lines: string | readonly string[]): number {
  return typeof lines === 'string' ? textSize(lines) + 1 : lines.reduce((n, l) => n + textSize(l) + 1, 0);
}
