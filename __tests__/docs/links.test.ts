/**
 * Every relative link and anchor of README.md and docs/*.md leads somewhere: the file exists in the repository, and
 * an anchor names a heading of the target page as GitHub slugs it. Links with a scheme (https:, mailto:) are not
 * followed. Pages other helpers write at the same time (docs/cli.md, docs/cdktn.md) may be missing
 * on a branch without them; no other file may.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root';
import { documentationPages, parsePage, readPage, slugger } from './markdown';

/** Pages that arrive from other branches: a link to one is checked only once it exists. */
const ARRIVING = new Set(['docs/cli.md', 'docs/cdktn.md']);

interface Problem {
  readonly page: string;
  readonly line: number;
  readonly href: string;
  readonly why: string;
}

/** Why a link of `page` leads nowhere, or undefined when it resolves (or is not ours to check). */
function linkProblem(page: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined; // https:, mailto: …
  if (href === '') return 'empty link';
  if (href.startsWith('/')) return 'a root-relative link (GitHub resolves it differently on the web and in npm): write it relative to the page';
  const hash = href.indexOf('#');
  let path: string;
  let anchor: string | undefined;
  try {
    path = decodeURI(hash < 0 ? href : href.slice(0, hash));
    anchor = hash < 0 ? undefined : decodeURIComponent(href.slice(hash + 1));
  } catch {
    return 'a malformed percent-encoding';
  }
  const target = path === '' ? join(REPO_ROOT, page) : resolve(REPO_ROOT, dirname(page), path);
  const rel = relative(REPO_ROOT, target).split(sep).join('/');
  if (rel.startsWith('..')) return 'leads outside the repository';
  if (!existsSync(target)) return ARRIVING.has(rel) ? undefined : `${rel} does not exist`;
  if (anchor === undefined) return undefined;
  if (!statSync(target).isFile() || !rel.endsWith('.md')) return `an anchor into ${rel}, which is not a Markdown page`;
  const anchors = readPage(rel).headings.map((h) => h.anchor);
  return anchors.includes(anchor) ? undefined : `${rel} has no heading with the anchor #${anchor}`;
}

describe('links in README.md and docs/', () => {
  const pages = documentationPages();

  test('the pages are there: the README and one page per reader', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/operations.md', 'docs/reviewing.md', 'docs/dmarc-rollout.md', 'docs/pipelines.md', 'docs/library.md', 'docs/configuration.md']));
  });

  test.each(pages)('%s: every relative link and anchor resolves', (page) => {
    const problems: Problem[] = [];
    for (const { href, line } of readPage(page).links) {
      const why = linkProblem(page, href);
      if (why) problems.push({ page, line, href, why });
    }
    expect(problems).toEqual([]);
  });

  test('the map links every page of docs/, and the README links the map and the command-line and CDK core pages', () => {
    const linked = (page: string) =>
      new Set(readPage(page).links.map(({ href }) => relative(REPO_ROOT, resolve(REPO_ROOT, dirname(page), href.split('#')[0]!)).split(sep).join('/')));
    const fromMap = linked('docs/README.md');
    expect(pages.filter((p) => p.startsWith('docs/') && p !== 'docs/README.md' && !fromMap.has(p))).toEqual([]);
    for (const arriving of ['docs/cli.md', 'docs/cdktn.md']) expect(fromMap.has(arriving)).toBe(true);
    const fromReadme = linked('README.md');
    for (const page of ['docs/README.md', 'docs/cli.md', 'docs/cdktn.md', 'docs/configuration.md']) expect(fromReadme.has(page)).toBe(true);
  });
});

describe('the link checker', () => {
  // The checker itself, on pages made up for the purpose: each kind of dead link is found.
  const page = 'docs/operations.md';
  test.each([
    ['a missing file', 'nowhere.md', 'docs/nowhere.md does not exist'],
    ['a missing anchor', 'pipelines.md#no-such-heading', 'docs/pipelines.md has no heading with the anchor #no-such-heading'],
    ['a missing anchor on the same page', '#no-such-heading', 'docs/operations.md has no heading with the anchor #no-such-heading'],
    ['an anchor into a file that is not Markdown', '../package.json#scripts', 'an anchor into package.json, which is not a Markdown page'],
    ['a link out of the repository', '../../outside.md', 'leads outside the repository'],
    ['a root-relative link', '/docs/pipelines.md', expect.stringMatching(/^a root-relative link/)],
    ['a missing page that is not arriving from another branch', 'nonexistent.md', 'docs/nonexistent.md does not exist'],
    ['a malformed percent-encoding', 'pipelines.md#%E0%A4%A', 'a malformed percent-encoding'],
  ])('finds %s', (_, href, why) => {
    expect(linkProblem(page, href)).toEqual(why);
  });

  test.each([
    ['a page', 'pipelines.md'],
    ['an anchor', 'pipelines.md#adopting-records-that-already-exist'],
    ['an anchor of a heading with code and punctuation', 'pipelines.md#state-backend-backend-in-institutionsyaml'],
    ['a folder', '../templates/init'],
    ['a web address', 'https://www.rfc-editor.org/rfc/rfc7208'],
    ['a mail address', 'mailto:dmarc@example.org'],
  ])('accepts %s', (_, href) => {
    expect(linkProblem(page, href)).toBeUndefined();
  });

  test('a page arriving from another branch resolves whether it is there yet or not; no other page may be missing', () => {
    for (const arriving of ARRIVING) expect(linkProblem('README.md', arriving)).toBeUndefined();
    expect(linkProblem('README.md', 'docs/elsewhere.md')).toBe('docs/elsewhere.md does not exist');
  });
});

describe("GitHub's heading anchors", () => {
  test.each([
    ['Plan only what changed, apply exactly what was reviewed', 'plan-only-what-changed-apply-exactly-what-was-reviewed'],
    ['State backend (`backend:` in institutions.yaml)', 'state-backend-backend-in-institutionsyaml'],
    ['`protect`', 'protect'],
    ['Before the deploy (`verify --planned`)', 'before-the-deploy-verify---planned'],
    ['DNS changes: 5 to create, 6 to change', 'dns-changes-5-to-create-6-to-change'],
    ['snake_case and Ünïcode', 'snake_case-and-ünïcode'],
  ])('%s → #%s', (heading, anchor) => {
    expect(parsePage(`## ${heading}\n`).headings[0]!.anchor).toBe(anchor);
  });

  test('a repeated heading gets -1, -2, and a heading that looks like a numbered one still gets a free slug', () => {
    const anchors = parsePage('## Output\n\n## Output\n\n## Output-1\n\n## Output\n').headings.map((h) => h.anchor);
    expect(anchors).toEqual(['output', 'output-1', 'output-1-1', 'output-2']);
  });

  test('the slugger keeps its own count per page', () => {
    const a = slugger();
    const b = slugger();
    expect([a('x'), a('x'), b('x')]).toEqual(['x', 'x-1', 'x']);
  });
});
