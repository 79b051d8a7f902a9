'use strict';
// Markdown to HTML the way GitHub shows a comment or a job summary: CommonMark + GFM tables and strikethrough (both
// in markdown-it), raw HTML passed through as GitHub allows it, bare URLs linked as GFM autolinks do, and GitHub's
// alerts (`> [!CAUTION]` → a coloured box). Shared by the tests that read the HTML back and by
// scripts/render-images.js, which photographs it.
const MarkdownIt = require('markdown-it');

const ALERTS = ['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'];

/**
 * GitHub's alerts: a blockquote whose first line is `[!KIND]` alone becomes
 * `<div class="markdown-alert markdown-alert-kind"><p class="markdown-alert-title">Kind</p>…</div>`, the marker line
 * removed. Anything else stays a blockquote.
 */
function gfmAlerts(md) {
  md.core.ruler.after('inline', 'gfm_alerts', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== 'blockquote_open') continue;
      const inline = tokens[i + 2];
      if (tokens[i + 1]?.type !== 'paragraph_open' || inline?.type !== 'inline') continue;
      const m = /^\[!([A-Z]+)\]([ \t]*\n|[ \t]*$)/.exec(inline.content);
      if (!m || !ALERTS.includes(m[1])) continue;
      const kind = m[1].toLowerCase();
      // Drop the marker: its text token, and the soft break after it.
      const children = inline.children ?? [];
      const first = children.findIndex((t) => t.type === 'text' && t.content.startsWith(`[!${m[1]}]`));
      if (first >= 0) children.splice(first, children[first + 1]?.type === 'softbreak' ? 2 : 1);
      inline.content = inline.content.slice(m[0].length);
      const depth = tokens[i].level;
      const close = tokens.findIndex((t, j) => j > i && t.type === 'blockquote_close' && t.level === depth);
      tokens[i].type = 'html_block';
      tokens[i].content = `<div class="markdown-alert markdown-alert-${kind}"><p class="markdown-alert-title">${kind[0].toUpperCase()}${kind.slice(1)}</p>\n`;
      if (close > i) {
        tokens[close].type = 'html_block';
        tokens[close].content = '</div>\n';
      }
    }
  });
}

const renderer = new MarkdownIt({ html: true, linkify: true }).use(gfmAlerts);

/** The HTML of a GitHub comment's Markdown (without GitHub's sanitising, which only removes more). */
function renderGfm(markdown) {
  return renderer.render(markdown);
}

module.exports = { renderGfm, ALERTS };
