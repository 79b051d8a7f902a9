import { basename } from 'node:path';
import { attentionLines, AttentionEntry, groupAttention } from './attention-groups';
import { KIND_LABEL, recordKinds } from './classify';
import { SYNTH_CAVEAT } from './from-synth';
import { code, htmlCode, INLINE_MAX, tableCell, valueSpan } from './markdown-text';
import { addCounts, ChangeCounts, ChangeReport, countChanges, RecordChange, StackChanges } from './record-change';
import { findRisks, RiskContextOf, DEFAULT_RISK_CONTEXT } from './risks';
import { MIN_MAX_CHARS, SHORTENED, textSize } from './size-limit';

/** First line of every summary: lets a pipeline find and update its earlier comment instead of adding one. */
export const SUMMARY_MARKER = '<!-- email-auth-dns summary -->';

export interface SummaryOptions {
  /**
   * Longest summary in UTF-8 bytes (never fewer than characters): beyond it the summary is shortened, headline and
   * "Needs attention" first. See size-limit.ts for GitHub's limit and the default the CLI uses.
   * @default - no limit: the full report
   */
  readonly maxChars?: number;
  /** Where the full report is written (`--full FILE`): the shortened summary names the file. */
  readonly fullReport?: string;
}

/** The full report, and what fits in a comment: the same text when the full report fits. */
export interface Summaries {
  readonly full: string;
  readonly comment: string;
  readonly shortened: boolean;
}

/** The PR comment: headline with counts, what needs attention, then one table of record changes per stack. */
export function renderSummary(report: ChangeReport, contextOf: RiskContextOf = () => DEFAULT_RISK_CONTEXT, options: SummaryOptions = {}): string {
  return renderSummaries(report, contextOf, options).comment;
}

/** The full report, and the comment: the full report when it fits in `maxChars`, else a shortened one. */
export function renderSummaries(report: ChangeReport, contextOf: RiskContextOf = () => DEFAULT_RISK_CONTEXT, options: SummaryOptions = {}): Summaries {
  const parts = summaryParts(report, contextOf);
  const full = fullLayout(parts);
  const max = options.maxChars;
  if (max === undefined || textSize(full) <= max) return { full, comment: full, shortened: false };
  return { full, comment: shortenedLayout(parts, Math.max(max, MIN_MAX_CHARS), textSize(full), options.fullReport), shortened: true };
}

/** What a summary is made of, computed once for both layouts. */
interface SummaryParts {
  readonly report: ChangeReport;
  readonly changed: readonly StackChanges[];
  readonly unchanged: readonly StackChanges[];
  readonly total: ChangeCounts;
  readonly attention: readonly AttentionEntry[];
  readonly attentionCount: number;
  /** Stacks with at least one risk: their tables come first in a shortened summary. */
  readonly risky: ReadonlySet<string>;
}

function summaryParts(report: ChangeReport, contextOf: RiskContextOf): SummaryParts {
  const changed = report.stacks.filter((s) => s.changes.length > 0);
  const risks = findRisks(changed.flatMap((s) => s.changes), contextOf);
  return {
    report,
    changed,
    unchanged: report.stacks.filter((s) => s.changes.length === 0),
    total: report.stacks.map((s) => countChanges(s.changes)).reduce(addCounts, countChanges([])),
    attention: groupAttention(risks),
    attentionCount: risks.length,
    risky: new Set(risks.map((r) => r.stack)),
  };
}

function fullLayout(p: SummaryParts): string {
  const lines = headline(p);
  if (p.changed.length === 0) lines.push('', `No DNS changes in ${stackList(p.report.stacks, Infinity)}.`);
  else {
    lines.push('', ...stackTable(p.report.stacks, p.total, Infinity));
    if (p.attentionCount > 0) lines.push('', attentionHeading(p), '', ...p.attention.flatMap((e) => attentionLines(e)));
    for (const stack of p.changed) lines.push('', ...stackSection(stack));
    if (p.unchanged.length > 0) lines.push('', `No DNS changes in ${stackList(p.unchanged, Infinity)}.`);
  }
  lines.push(...trailer(p, Infinity));
  return `${lines.join('\n')}\n`;
}

/**
 * The summary within `max` bytes: headline, a note saying what is left out, the first rows of the stack table,
 * "Needs attention" (groups list their first records), then as many per-stack tables as fit, folded, the stacks with
 * risks first; a line counts what is left out at each place. "Needs attention" is given room first. Every piece is
 * added whole or not at all, so the Markdown is never cut inside a construct.
 */
function shortenedLayout(p: SummaryParts, max: number, fullSize: number, fullReport: string | undefined): string {
  const head = headline(p);
  const tail = trailer(p, SHORTENED.listedNames);
  const left: string[] = [];
  const where = fullReport !== undefined ? `The full report is in ${code(basename(fullReport), INLINE_MAX)}.` : 'Run `email-auth summary` with `--full FILE` for the full report.';
  // The note is written last, when it is known what was left out: room for its longest form is kept.
  const budget = new Budget(max - size(head) - size(tail) - size(shortenedNote(max, fullSize, LONGEST_LEFT, where)) - 2);
  const blocks: string[][] = [];
  const add = (lines: string[]) => budget.take(lines) && blocks.push(lines) > 0;

  if (p.changed.length === 0) add([`No DNS changes in ${stackList(p.report.stacks, SHORTENED.listedNames)}.`]);
  else {
    const attention = p.attentionCount > 0 ? attentionBlock(p, budget, left) : [];
    const stacks = p.report.stacks;
    if (!add(stackTable(stacks, p.total, SHORTENED.stackRows))) left.push('the stack table');
    else if (stacks.length > SHORTENED.stackRows) left.push(`${stacks.length - SHORTENED.stackRows} rows of the stack table`);
    if (attention.length > 0) blocks.push(attention);
    const order = [...p.changed.filter((s) => p.risky.has(s.stack)), ...p.changed.filter((s) => !p.risky.has(s.stack))];
    const unchanged = p.unchanged.length > 0 ? [`No DNS changes in ${stackList(p.unchanged, SHORTENED.listedNames)}.`] : [];
    // Room for the lines after the tables: which stacks were left out (any of them), which have no changes.
    const longestName = Math.max(...order.map((s) => size(code(s.stack, INLINE_MAX))));
    const reserved = budget.hold(200 + SHORTENED.listedNames * (longestName + 2) + size(unchanged) + 1);
    const omitted: StackChanges[] = [];
    for (const stack of order) if (omitted.length > 0 || !add(stackSection(stack, true))) omitted.push(stack);
    budget.release(reserved);
    if (omitted.length > 0) {
      const n = omitted.length;
      add([`The record tables of ${n} more stack${n === 1 ? '' : 's'} are left out: ${stackList(omitted, SHORTENED.listedNames)}.`]);
      left.push(`the record tables of ${n} stack${n === 1 ? '' : 's'}`);
    }
    if (unchanged.length > 0) add(unchanged);
  }
  const note = shortenedNote(max, fullSize, left, where);
  const text = `${[...head, '', note, ...blocks.flatMap((b) => ['', ...b]), ...tail].join('\n')}\n`;
  // Only notes on unchanged stacks with very long names can make the trailer this long: keep the head and the note.
  if (textSize(text) <= max) return text;
  return `${[...head, '', shortenedNote(max, fullSize, ['everything after the headline'], where)].join('\n')}\n`;
}

/** Bytes left for the pieces of a shortened summary. */
class Budget {
  constructor(private room: number) {}

  /** Takes room for `lines` and the blank line before them, when there is enough. */
  take(lines: readonly string[]): boolean {
    const cost = size(lines) + 1;
    if (cost > this.room) return false;
    this.room -= cost;
    return true;
  }

  /** Keeps `bytes` aside for pieces written later; returns them for {@link release}. */
  hold(bytes: number): number {
    this.room -= bytes;
    return bytes;
  }

  release(bytes: number): void {
    this.room += bytes;
  }
}

/** The longest list of what was left out that {@link shortenedLayout} can write (sizes the room for the note). */
const LONG_COUNT = '9'.repeat(12);
const LONGEST_LEFT = [`the stack table`, `${LONG_COUNT} items of "Needs attention"`, `the record tables of ${LONG_COUNT} stacks`, `${LONG_COUNT} rows of the stack table`];

/**
 * "Needs attention" in a shortened summary, given room before anything else: the heading, then each entry whole,
 * a group listing its first records, or its header line alone; what does not fit is counted in a last line.
 */
function attentionBlock(p: SummaryParts, budget: Budget, left: string[]): string[] {
  const heading = [attentionHeading(p), ''];
  if (!budget.take(heading)) {
    left.push('"Needs attention"');
    return [];
  }
  const block = heading;
  const moreLine = (n: number) => [`- … ${n} more: see the full report`];
  const reserved = budget.hold(size(moreLine(p.attentionCount)) + 1);
  let skipped = 0;
  for (const entry of p.attention) {
    const lines = [attentionLines(entry, SHORTENED.groupItems), attentionLines(entry, 0)].find((l) => budget.take(l));
    if (lines) block.push(...lines);
    else skipped += entry.kind === 'one' ? 1 : entry.items.length;
  }
  budget.release(reserved);
  if (skipped > 0) {
    budget.take(moreLine(skipped));
    block.push(...moreLine(skipped));
    left.push(`${skipped} items of "Needs attention"`);
  }
  return block;
}

function shortenedNote(max: number, fullSize: number, left: readonly string[], where: string): string {
  const what = left.length > 0 ? ` Left out: ${left.join('; ')}.` : '';
  return `_Shortened to fit in a comment (at most ${max} characters; the full report has ${fullSize}). Groups of records and tables are folded.${what} ${where}_`;
}

function headline(p: SummaryParts): string[] {
  return [SUMMARY_MARKER, `## DNS changes: ${p.changed.length === 0 ? 'none' : countsText(p.total)}`];
}

function attentionHeading(p: SummaryParts): string {
  return `### ⚠️ Needs attention (${p.attentionCount})`;
}

/** Other resources counted, notes of stacks without changes, the synth caveat; at most `listed` notes. */
function trailer(p: SummaryParts, listed: number): string[] {
  const lines: string[] = [];
  const other = p.report.stacks.reduce((n, s) => n + s.otherChanges, 0);
  if (other > 0) lines.push('', `${other} other resource change${other === 1 ? '' : 's'} (not DNS records) not shown.`);
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
  const replaced = c.replace > 0 ? ` (${c.replace} replacement${c.replace === 1 ? '' : 's'})` : '';
  return `${parts.join(', ')}${replaced}`;
}

/** Counts per stack, at most `rows` stacks (then a line counts the others), and the total. */
function stackTable(stacks: readonly StackChanges[], total: ChangeCounts, rows: number): string[] {
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
function stackSection(stack: StackChanges, folded = false): string[] {
  const counts = countsText(countChanges(stack.changes));
  const table = [
    ...stack.notes.flatMap((n) => [n, '']),
    '| Action | Name | Type | TTL | Before | After |',
    '|---|---|---|---|---|---|',
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
  const after = c.afterUnknown ? '_(known after apply)_' : values(c.after, c.before, c.action, max);
  const cells = [action, name, type, ttlText(c), values(c.before, c.after, c.action, max), after];
  return `| ${cells.map(tableCell).join(' | ')} |`;
}

/** Values one per line; a value that differs from the other side is shown in full, since the reader compares it. */
function values(side: readonly string[], other: readonly string[], action: RecordChange['action'], max: number): string {
  const compared = action === 'update' || action === 'replace';
  return side.map((v) => valueSpan(v, compared && !other.includes(v), max)).join('<br>');
}

function ttlText(c: RecordChange): string {
  if (c.ttlBefore !== undefined && c.ttlAfter !== undefined && c.ttlBefore !== c.ttlAfter) return `${c.ttlBefore} → ${c.ttlAfter}`;
  return String(c.ttlAfter ?? c.ttlBefore ?? '');
}

/** Stack names as code spans, at most `listed` of them, then how many more. */
function stackList(stacks: readonly StackChanges[], listed: number): string {
  if (stacks.length === 0) return 'any stack';
  const names = stacks.slice(0, listed).map((s) => code(s.stack, INLINE_MAX));
  return stacks.length > listed ? `${names.join(', ')} and ${stacks.length - listed} more` : names.join(', ');
}

function size(lines: string | readonly string[]): number {
  return typeof lines === 'string' ? textSize(lines) + 1 : lines.reduce((n, l) => n + textSize(l) + 1, 0);
}
