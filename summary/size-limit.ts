/**
 * How big a summary may get, and how it is shortened beyond that. A pull-request comment holds at most 65,536
 * characters on GitHub: a longer body is refused, the comment step fails and nobody sees "Needs attention".
 */

/** GitHub's limit for an issue or pull-request comment, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * The default size of a summary, kept below {@link GITHUB_COMMENT_LIMIT} with a margin for what a pipeline adds
 * around it (a header, a link to the run). Measured in UTF-8 bytes, which are never fewer than characters however
 * a platform counts them.
 */
export const DEFAULT_MAX_CHARS = 60_000;

/** The smallest limit accepted: the headline, the note and the start of "Needs attention" must fit. */
export const MIN_MAX_CHARS = 4_000;

/** The same kind of risk (same message shape) this many times or more is one line with its count and a folded list. */
export const GROUP_AT = 3;

/** Shortened summary: rows of the stack table, records listed under a grouped risk, length of a value in a table. */
export const SHORTENED = { stackRows: 20, groupItems: 25, tableValue: 512, listedNames: 10 } as const;

/** The size a text counts for: its UTF-8 bytes. */
export function textSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
