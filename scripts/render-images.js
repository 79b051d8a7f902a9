#!/usr/bin/env node
'use strict';
// Renders one real PR summary and one real DMARC reports page to PNG, as GitHub shows them, for docs/reviewing.md and docs/dmarc-rollout.md:
// the Markdown from the built CLI (dist/), the HTML from scripts/gfm-html.js (GFM + alerts), Mermaid charts drawn in
// the page by the npm package's own bundle loaded from disk, and a screenshot by headless Chromium (Debian's
// `chromium`), with no network. The Markdown each image was made from is written beside it (*.source.md): a test
// compares it with today's output and fails when the images are stale.
//
//   node scripts/render-images.js [--out DIR] [--chromium PATH]
const { spawnSync } = require('node:child_process');
const { mkdtempSync, mkdirSync, renameSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');
const { renderGfm } = require('./gfm-html.js');

const ROOT = resolve(__dirname, '..');
const FIXTURES = join(ROOT, '__tests__');

/** What each image shows: the CLI arguments that make its Markdown (paths absolute, so any working folder does). */
const SOURCES = [
  {
    name: 'summary',
    title: 'email-auth summary',
    args: ['summary', ...['email-auth-mosa', 'email-auth-kunsthaus', 'email-auth-filmfest'].map((s) => join(FIXTURES, 'summary', 'fixtures', 'plans', 'review', `${s}.json`))],
  },
  {
    name: 'reports',
    title: 'email-auth reports --markdown',
    // --no-ptr: the fixtures' sources are documentation addresses; no DNS is asked.
    args: ['reports', '--no-ptr', '--config', join(FIXTURES, 'reports', 'fixtures', 'institutions.yaml'), '--markdown', join(FIXTURES, 'reports', 'fixtures')],
  },
];

/** The flags the probe of this machine kind starts Chromium with: no GPU, no background network, a fresh profile. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A page close to GitHub's Markdown style: enough for tables, code spans, details and alerts to read as they do there. */
const CSS = `
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 960px; margin: 24px auto; padding: 0 16px; }
h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; } h3 { margin-top: 24px; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3; border-radius: 6px; padding: .2em .4em; }
table { border-collapse: collapse; margin: 12px 0; display: block; overflow: auto; } th, td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: top; }
tr:nth-child(2n) { background: #f6f8fa; } details summary { cursor: pointer; color: #0969da; }
.markdown-alert { padding: 8px 16px; margin: 16px 0; border-left: .25em solid #cf222e; }
.markdown-alert-title { color: #cf222e; font-weight: 600; margin: 0; }
pre.mermaid { background: none; text-align: center; }
`;

function markdownOf(source) {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), ...source.args], { encoding: 'utf8', cwd: ROOT });
  if (run.status !== 0 && !run.stdout) throw new Error(`${source.title} failed (exit ${run.status}): ${run.stderr}`);
  return `${run.stdout.trimEnd()}\n`;
}

function pageOf(markdown) {
  // GitHub turns ```mermaid blocks into rendered charts: here Mermaid's bundle does the same in the page.
  const body = renderGfm(markdown).replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, '<pre class="mermaid">$1</pre>');
  const mermaid = pathToFileURL(require.resolve('mermaid/dist/mermaid.min.js')).href;
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style>
<script src="${mermaid}"></script></head><body>${body}
<script>mermaid.initialize({ startOnLoad: false, theme: 'default' }); mermaid.run({ querySelector: 'pre.mermaid' }).then(() => { document.title = 'rendered'; });</script>
</body></html>`;
}

function screenshot(chromium, html, png, profile) {
  const page = join(profile, 'page.html');
  writeFileSync(page, html);
  const run = spawnSync(
    chromium,
    [...CHROMIUM_FLAGS, `--user-data-dir=${join(profile, 'chromium')}`, '--hide-scrollbars', '--window-size=1000,2200', '--virtual-time-budget=10000', `--screenshot=${png}`, pathToFileURL(page).href],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0 || !existsSync(png)) throw new Error(`chromium failed (exit ${run.status}): ${(run.stderr || '').split('\n').slice(-5).join('\n')}`);
}

/** Writes <name>.png and <name>.source.md for every source into `out`; each file is written whole, then moved in. */
function renderImages(out, chromium) {
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'email-auth-images-'));
  try {
    for (const source of SOURCES) {
      const markdown = markdownOf(source);
      const png = join(work, `${source.name}.png`);
      screenshot(chromium, pageOf(markdown), png, work);
      writeFileSync(join(work, `${source.name}.source.md`), markdown);
      renameSync(png, join(out, `${source.name}.png`));
      renameSync(join(work, `${source.name}.source.md`), join(out, `${source.name}.source.md`));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function findChromium() {
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) if (existsSync(path)) return path;
  return undefined;
}

module.exports = { SOURCES, renderImages, findChromium, markdownOf, IMAGES_DIR: join(ROOT, 'docs', 'images') };

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const chromium = flag('--chromium') ?? findChromium();
  if (!chromium) {
    console.error('render-images: chromium is not installed (Debian: apt-get install chromium)');
    process.exit(2);
  }
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.error('render-images: dist/ is missing: run `npm run build` first');
    process.exit(2);
  }
  const out = resolve(flag('--out') ?? join(ROOT, 'docs', 'images'));
  renderImages(out, chromium);
  console.log(`wrote ${SOURCES.map((s) => join(out, `${s.name}.png`)).join(', ')}`);
}
