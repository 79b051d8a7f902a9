import { basename } from 'node:path';
import { attentionLines } from './attention-groups';
import { code, INLINE_MAX } from './markdown-text';
import { attentionHeading, bannerLines, headline, size, stackList, stackSection, stackTable, SummaryParts, tightenedLines, trailer, unchangedLine } from './markdown-pieces';
import { StackChanges } from './record-change';
import { SHORTENED, textSize } from './size-limit';

/**
 * The summary within `max` bytes: headline, a note saying what is left out, "Needs attention" (groups list their
 * first records), the mass-change banner, the first rows of the stack table, "Tightened", then as many per-stack
 * tables as fit, folded, the stacks with risks first; a line counts what is left out at each place. "Needs attention"
 * and the banner are given room first. Every piece is added whole or not at all, so the Markdown is never cut inside
 * a construct.
 */
export function shortenedLayout(p: SummaryParts, max: number, fullSize: number, fullReport: string | undefined): string {
  const head = headline(p);
  const tail = trailer(p, SHORTENED.listedNames);
  const left: string[] = [];
  const where = fullReport !== undefined ? `The full report is in ${code(basename(fullReport), INLINE_MAX)}.` : 'Run `email-auth summary` with `--full FILE` for the full report.';
  // The note is written last, when it is known what was left out: room for its longest form is kept.
  const budget = new Budget(max - size(head) - size(tail) - size(shortenedNote(max, fullSize, LONGEST_LEFT, where)) - 2);
  const blocks: string[][] = [];
  const add = (lines: string[]) => budget.take(lines) && blocks.push(lines) > 0;

  // The banner is short and says why the pull request needs its label: room is kept for it before anything else.
  const banner = bannerLines(p);
  const bannerRoom = banner.length > 0 ? budget.hold(size(banner) + 1) : 0;
  const attention = p.attentionCount > 0 ? attentionBlock(p, budget, left) : [];
  budget.release(bannerRoom);
  if (attention.length > 0) blocks.push(attention);
  if (banner.length > 0) add(banner);
  if (p.changed.length === 0) {
    add(unchangedLine(p.unchanged));
  } else {
    const stacks = p.changed;
    if (!add(stackTable(stacks, p.total, SHORTENED.stackRows))) left.push('the stack table');
    else if (stacks.length > SHORTENED.stackRows) left.push(`${stacks.length - SHORTENED.stackRows} rows of the stack table`);
    if (p.tightenedCount > 0 && !add(tightenedLines(p, SHORTENED.groupItems)) && !add(tightenedLines(p, 0))) left.push('"Tightened"');
    const order = [...p.changed.filter((s) => p.risky.has(s.stack)), ...p.changed.filter((s) => !p.risky.has(s.stack))];
    const unchanged = unchangedLine(p.unchanged);
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
const LONGEST_LEFT = ['"Tightened"', `the stack table`, `${LONG_COUNT} items of "Needs attention"`, `the record tables of ${LONG_COUNT} stacks`, `${LONG_COUNT} rows of the stack table`];

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
