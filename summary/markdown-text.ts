/** Markdown building blocks for GitHub/GitLab comments: code spans that survive tables, abbreviated long tokens. */

/** GFM tables split cells on `|`, even inside code spans; `\|` keeps it (GFM spec, "Tables" extension). */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A code span that holds any text: fenced with more backticks than the text contains, control characters shown. */
export function code(text: string): string {
  const visible = text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const longestRun = Math.max(0, ...(visible.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || visible.startsWith(' ') || visible.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${visible}${pad}${fence}`;
}

/** Tokens (space-separated) longer than this are shortened in the middle when the reader need not compare them. */
export const LONG_TOKEN = 64;
const KEEP = 24;

/**
 * A value as a code span; tokens longer than {@link LONG_TOKEN} shortened in the middle unless `full` (DKIM keys and
 * verification tokens stay recognisable, rows stay short), followed by the full length when shortened.
 */
export function valueSpan(value: string, full: boolean): string {
  if (full) return code(value);
  let shortened = false;
  const text = value
    .split(' ')
    .map((token) => {
      if (token.length <= LONG_TOKEN) return token;
      shortened = true;
      return `${token.slice(0, KEEP)}…${token.slice(-KEEP / 2)}`;
    })
    .join(' ');
  return shortened ? `${code(text)} (${value.length} chars)` : code(text);
}
