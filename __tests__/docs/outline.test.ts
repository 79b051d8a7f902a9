/**
 * The outline of README.md and docs/*.md holds only the headings written for it: an example output (a pull request
 * summary, a report digest) is fenced or folded, never live headings that join the page's table of contents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root';
import { documentationPages, parsePage, readPage } from './markdown';

/** Markdown files under __tests__ that are example outputs (golden files, fixtures). */
function exampleOutputs(dir = join(REPO_ROOT, '__tests__')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return exampleOutputs(path);
    return e.name.endsWith('.md') ? [relative(REPO_ROOT, path)] : [];
  });
}

describe('the outline of each page', () => {
  const pages = documentationPages();

  test("the README's outline is exactly the front door's sections", () => {
    expect(readPage('README.md').headings.map((h) => `${'#'.repeat(h.level)} ${h.text}`)).toEqual([
      '# email-auth-dns',
      '## What gets published',
      '## In your own repository',
      '### Install',
      '### From cdktf to CDK Terrain',
      '## What the pipeline trusts',
      '## Exit codes',
      '## Tests',
      '## How it works',
      '## Documentation',
    ]);
  });

  test.each(pages)('%s: one title, first; no heading inside a <details> example', (page) => {
    const { headings } = readPage(page);
    expect(headings.filter((h) => h.level === 1).map((h) => h.line)).toEqual([headings[0]!.line]);
    expect(headings.filter((h) => h.inDetails).map((h) => `${h.line}: ${h.text}`)).toEqual([]);
  });

  // Headings that only example outputs have: were one of them live on a page, the example was pasted unfenced.
  const exampleHeadings = new Set(exampleOutputs().flatMap((file) => parsePage(readFileSync(join(REPO_ROOT, file), 'utf8')).headings.map((h) => h.text)));

  test('the example outputs have headings to look for', () => {
    expect(exampleHeadings.size).toBeGreaterThan(5);
    expect([...exampleHeadings].some((h) => h.startsWith('⚠️ Needs attention ('))).toBe(true);
  });

  test.each(pages)('%s: no heading comes from an embedded example output', (page) => {
    expect(readPage(page).headings.filter((h) => exampleHeadings.has(h.text)).map((h) => `${h.line}: ${h.text}`)).toEqual([]);
  });
});

describe('the outline reader', () => {
  test('a heading inside <details> is marked; a fenced one is no heading at all', () => {
    const folded = parsePage('# Page\n\n<details><summary>Example</summary>\n\n## From the example\n\n</details>\n\n## After\n');
    expect(folded.headings.map((h) => [h.text, h.inDetails])).toEqual([
      ['Page', false],
      ['From the example', true],
      ['After', false],
    ]);
    const fenced = parsePage('# Page\n\n<details><summary>Example</summary>\n\n```markdown\n## From the example\n```\n\n</details>\n');
    expect(fenced.headings.map((h) => h.text)).toEqual(['Page']);
  });

  test('the README as it was, with the summary example unfenced, fails the outline checks', () => {
    const fixture = readFileSync(join(REPO_ROOT, '__tests__', 'summary', 'fixtures', 'review.expected.md'), 'utf8');
    const old = parsePage(`# email-auth-dns\n\n## For reviewers\n\n<details><summary>Example</summary>\n\n${fixture}\n</details>\n`);
    expect(old.headings.filter((h) => h.inDetails).length).toBeGreaterThan(3);
  });
});
