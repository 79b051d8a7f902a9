/**
 * The one way outside text (names, types, values, addresses, stack names, zone ids from plans and synth output)
 * enters the summary's Markdown: as a code span. Inside a code span CommonMark creates no element (no HTML, link,
 * image, emphasis) and GitHub links no `@mention` and no `#123`. Everything else in the summary is our own text.
 *
 * - {@link code}: one value as a code span (control, bidi and invisible characters shown as escapes).
 * - {@link md}: a sentence of our own with values interpolated; every value becomes a code span.
 * - {@link tableCell}: a cell of a GFM table (a `|` would split the cell, even inside a code span).
 * - {@link valueSpan}: a record value in a table, long tokens shortened.
 * - {@link htmlCode}: one value inside our own HTML (`<summary>` of a folded section), where Markdown is not read.
 * - {@link plainText}: words from the project's own data tables (a service's name) as plain text in a sentence.
 */
import { terminalText } from '../model/terminal-text';

/** Values in sentences and lists are shortened beyond this (a DNS name has at most 253 characters). */
export const INLINE_MAX = 256;

/**
 * GFM tables split cells on `|`, even inside code spans; `\|` keeps it (GFM spec, "Tables" extension). The table
 * scanners of cmark-gfm and markdown-it both read `\\|` as a backslash followed by an escaped pipe, so a value that
 * holds `\|` keeps both characters and the row keeps its cells.
 */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * A code span that holds any text: fenced with more backticks than the text contains (CommonMark §6.1), control,
 * bidi and invisible characters shown as escapes (so a newline cannot end a table row or start a block), and
 * shortened in the middle beyond `max` characters, followed by the full length. Empty text is shown as `(empty)`.
 */
export function code(text: string, max = Infinity): string {
  if (text.length === 0) return '_(empty)_';
  const chars = Array.from(terminalText(text));
  const visible = chars.length > max ? `${shorten(chars, max)}` : chars.join('');
  const longestRun = Math.max(0, ...(visible.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // One space each side is stripped by the renderer when both are there; it separates a value's own backticks from
  // the fence, and keeps a value's leading or trailing space. A value of spaces only is not stripped at all.
  const pad = /[^ ]/.test(visible) && (longestRun > 0 || visible.startsWith(' ') || visible.endsWith(' ')) ? ' ' : '';
  const span = `${fence}${pad}${visible}${pad}${fence}`;
  return chars.length > max ? `${span} (${text.length} chars)` : span;
}

/**
 * A value as an HTML `<code>` element, for the few places the summary writes HTML of its own (`<summary>`), where
 * Markdown is not parsed: `&`, `<`, `>`, quotes entity-escaped, control, bidi and invisible characters shown as
 * escapes, shortened beyond `max` like {@link code}.
 */
export function htmlCode(text: string, max = Infinity): string {
  const chars = Array.from(terminalText(text));
  const visible = chars.length > max ? shorten(chars, max) : chars.join('');
  const escaped = visible.replace(/[&<>"']/g, (c) => HTML_ENTITY[c]!);
  return `<code>${escaped}</code>${chars.length > max ? ` (${text.length} chars)` : ''}`;
}

const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The first and last characters of a text with `…` between, `max` characters in all (code points, never halves). */
function shorten(chars: readonly string[], max: number): string {
  const keep = Math.max(2, max - 1);
  const head = Math.ceil((keep * 2) / 3);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (keep - head)).join('')}`;
}

/**
 * Text of the project's own data (a known sender's name, never a value from a plan) as plain words in a sentence:
 * every ASCII punctuation character backslash-escaped (CommonMark §2.4) and control characters shown as escapes, so
 * it is read as written, never as Markdown or HTML. Its shape is the text itself: "Mailchimp" and "SendGrid" risks
 * group apart.
 */
export function plainText(text: string): MdText {
  const escaped = terminalText(text).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
  return { markdown: escaped, shape: escaped };
}

/** A sentence of Markdown, and its shape: the sentence with every value replaced by `…` (groups alike risks). */
export interface MdText {
  readonly markdown: string;
  readonly shape: string;
}

/** What {@link md} accepts between its literal parts: outside text, a number, or Markdown built by `md` already. */
export type MdValue = string | number | MdText;

/**
 * Tagged template for sentences that mention values: `` md`DKIM target changes from ${was} to ${now}` ``. The
 * literal parts are ours and stay Markdown; each string value becomes a {@link code} span of at most
 * {@link INLINE_MAX} characters, each number its digits, each `md` part itself. There is no way to insert outside
 * text unescaped.
 */
export function md(literals: TemplateStringsArray, ...values: readonly MdValue[]): MdText {
  let markdown = literals[0]!;
  let shape = literals[0]!;
  values.forEach((value, i) => {
    const next = literals[i + 1]!;
    if (typeof value === 'object') {
      markdown += value.markdown + next;
      shape += value.shape + next;
    } else {
      markdown += (typeof value === 'number' ? numberText(value) : code(value, INLINE_MAX)) + next;
      shape += `…${next}`;
    }
  });
  return { markdown, shape };
}

/** A number as plain text: digits, sign, point; anything else (NaN, Infinity) as a code span. */
function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : code(String(n));
}

/** Tokens (space-separated) longer than this are shortened in the middle when the reader need not compare them. */
export const LONG_TOKEN = 64;
const KEEP = 24;

/**
 * A value as a code span; tokens longer than {@link LONG_TOKEN} shortened in the middle unless `full` (DKIM keys and
 * verification tokens stay recognisable, rows stay short), followed by the full length when shortened. `max` bounds
 * the whole value even when `full` (a shortened summary's tables).
 */
export function valueSpan(value: string, full: boolean, max = Infinity): string {
  if (full || Array.from(value).length > max) return code(value, max);
  let shortened = false;
  const text = value
    .split(' ')
    .map((token) => {
      const chars = Array.from(token);
      if (chars.length <= LONG_TOKEN) return token;
      shortened = true;
      return `${chars.slice(0, KEEP).join('')}…${chars.slice(-KEEP / 2).join('')}`;
    })
    .join(' ');
  return shortened ? `${code(text, max)} (${value.length} chars)` : code(text, max);
}
