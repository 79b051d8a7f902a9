// Mermaid's own parser, from the npm package's browser bundle, run in a jsdom window (Mermaid's sanitizer,
// DOMPurify, needs a DOM even to parse). What `mermaid.parse` refuses, GitHub fails to render.
import { readFileSync } from 'node:fs';
import { runInContext } from 'node:vm';
import { JSDOM } from 'jsdom';

interface Mermaid {
  parse(text: string): Promise<{ diagramType: string }>;
}

let loaded: { mermaid: Mermaid; dom: JSDOM } | undefined;

/** Loads mermaid.min.js once (about a second); close with {@link closeMermaid}. */
export function mermaidParser(): Mermaid {
  if (!loaded) {
    // runScripts 'outside-only': the window can run the scripts we hand it (Mermaid's bundle), never a page's own.
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { runScripts: 'outside-only', pretendToBeVisual: true });
    runInContext(readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8'), dom.getInternalVMContext());
    loaded = { mermaid: (dom.window as unknown as { mermaid: Mermaid }).mermaid, dom };
  }
  return loaded.mermaid;
}

export async function closeMermaid(): Promise<void> {
  loaded?.dom.window.close();
  loaded = undefined;
}

/** The text of every ```mermaid block of a Markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}
