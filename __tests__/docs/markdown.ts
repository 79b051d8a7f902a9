// Reads the project's Markdown as GitHub shows it: the outline (headings and the anchors GitHub gives them), the
// links, and which headings sit inside a <details> block. Parsed with markdown-it (CommonMark + GFM tables), raw HTML
// on, as GitHub renders READMEs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { REPO_ROOT } from '../helpers/repo-root';

type Token = MarkdownIt.Token;

const parser = new MarkdownIt({ html: true });

export interface Heading {
  readonly level: number;
  /** The heading's text as rendered (code spans' text included, markup removed). */
  readonly text: string;
  /** The anchor GitHub gives it (`#…`, without the `#`). */
  readonly anchor: string;
  /** Inside a `<details>` element: an embedded example, not part of the page's outline. */
  readonly inDetails: boolean;
  readonly line: number;
}

export interface Link {
  readonly href: string;
  readonly line: number;
}

export interface Page {
  readonly headings: readonly Heading[];
  readonly links: readonly Link[];
}

/**
 * GitHub's heading anchors (github-slugger, which github.com uses): lowercase; every character that is not a letter,
 * mark, digit, connector (`_`), space or `-` removed; each space a `-`. A slug seen before on the page gets `-1`,
 * `-2`… (the first free one).
 */
export function slugger(): (text: string) => string {
  const occurrences = new Map<string, number>();
  return (text) => {
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    let slug = base;
    while (occurrences.has(slug)) {
      const n = occurrences.get(base)! + 1;
      occurrences.set(base, n);
      slug = `${base}-${n}`;
    }
    occurrences.set(slug, 0);
    return slug;
  };
}

/** The text a heading's inline token shows: text and code spans, without tags or markup. */
function inlineText(token: Token): string {
  return (token.children ?? []).map((child: Token) => (child.type === 'text' || child.type === 'code_inline' ? child.content : '')).join('');
}

export function parsePage(markdown: string): Page {
  const tokens = parser.parse(markdown, {});
  const slug = slugger();
  const headings: Heading[] = [];
  const links: Link[] = [];
  let details = 0;
  tokens.forEach((token, i) => {
    const line = (token.map?.[0] ?? 0) + 1;
    if (token.type === 'html_block') {
      details += (token.content.match(/<details\b/gi) ?? []).length - (token.content.match(/<\/details>/gi) ?? []).length;
      for (const m of token.content.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)) links.push({ href: m[1]!, line });
    }
    if (token.type === 'heading_open') {
      const text = inlineText(tokens[i + 1]!);
      headings.push({ level: Number(token.tag.slice(1)), text, anchor: slug(text), inDetails: details > 0, line });
    }
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'link_open') links.push({ href: String(child.attrGet('href') ?? ''), line });
        if (child.type === 'image') links.push({ href: String(child.attrGet('src') ?? ''), line });
        if (child.type === 'html_inline') for (const m of child.content.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)) links.push({ href: m[1]!, line });
      }
    }
  });
  return { headings, links };
}

export function readPage(relative: string): Page {
  return parsePage(readFileSync(join(REPO_ROOT, relative), 'utf8'));
}

/** README.md and every Markdown page of docs/, relative to the repository root. */
export function documentationPages(): string[] {
  const docs = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}
