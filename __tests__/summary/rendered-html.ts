// Renders the summary's Markdown as GitHub does (scripts/gfm-html.js: CommonMark, GFM tables and strikethrough, raw
// HTML passed through, bare URLs linked as GFM autolinks do, GitHub's alerts), then reads the HTML back: which
// elements exist, what text each <code> holds, what text stands outside code, table shapes, the order of sections.
const { renderGfm } = require('../../scripts/gfm-html.js') as { renderGfm: (markdown: string) => string };

export function renderHtml(markdown: string): string {
  return renderGfm(markdown);
}

/** The elements the summary itself writes (a `div` only as GitHub's alert box); anything else was made from a value. */
export const OUR_ELEMENTS = new Set(['h2', 'h3', 'p', 'div', 'blockquote', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'strong', 'em', 'br', 'details', 'summary']);

/**
 * The sections in reading order, as a reader scanning the page sees them: headings by their text, the mass-change
 * alert as `alert:caution`, tables as `table`.
 */
export function sectionOrder(html: string): string[] {
  return [...html.matchAll(/<h([23])>([\s\S]*?)<\/h\1>|<div class="markdown-alert markdown-alert-(\w+)">|<table>/g)].map((m) =>
    m[2] !== undefined ? `h${m[1]} ${decode(m[2].replace(/<[^>]*>/g, ''))}` : m[3] !== undefined ? `alert:${m[3]}` : 'table',
  );
}

export interface RenderedSummary {
  readonly html: string;
  /** Element name → number of opening tags. */
  readonly elements: ReadonlyMap<string, number>;
  /** The text of every <code> element, entities decoded. */
  readonly codeTexts: readonly string[];
  /** The text outside <code> elements, tags removed, entities decoded. */
  readonly outsideCode: string;
  /** Per table: the number of header cells and of cells in each body row. */
  readonly tables: readonly { header: number; rows: number[] }[];
  /** HTML comments in the output (the summary marker is one). */
  readonly comments: number;
}

export function analyse(markdown: string): RenderedSummary {
  const html = renderHtml(markdown);
  const elements = new Map<string, number>();
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g)) elements.set(m[1]!.toLowerCase(), (elements.get(m[1]!.toLowerCase()) ?? 0) + 1);
  const codeTexts = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => decode(m[1]!));
  const outsideCode = decode(html.replace(/<code>[\s\S]*?<\/code>/g, ' ').replace(/<[^>]*>/g, ' '));
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) => {
    const [head, body = ''] = t[1]!.split('</thead>');
    return { header: cells(head!, 'th'), rows: [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => cells(r[1]!, 'td')) };
  });
  return { html, elements, codeTexts, outsideCode, tables, comments: count(html, '<!--') };
}

function cells(row: string, tag: 'th' | 'td'): number {
  return row.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** markdown-it escapes `&`, `<`, `>`, `"`; our htmlCode also writes `&#39;`. */
function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
