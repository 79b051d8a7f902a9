/**
 * docs/configuration.md is generated from the JSON Schema (scripts/build-config-docs.js): the committed page must be
 * what the current schema gives, built here in memory from the zod sources, so a description changed in
 * config/schema.ts without `npm run docs` fails. The generator keeps the hand-written parts, refuses a key without a
 * description, and writes descriptions as text: nothing in them becomes HTML, a link or a new table cell.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import * as documentSchema from '../../config/document-schema';
import * as markdownText from '../../summary/markdown-text';
import { REPO_ROOT } from '../helpers/repo-root';

type Schema = Record<string, any>;
const { jsonSchemaOf } = require('../../scripts/build-schema') as { jsonSchemaOf: (module: typeof documentSchema) => Schema };
const { renderConfigPage, MissingDescriptionError, BEGIN, END } = require('../../scripts/build-config-docs') as {
  renderConfigPage: (schema: Schema, page: string, markdown: typeof markdownText) => string;
  MissingDescriptionError: new (message: string) => Error;
  BEGIN: string;
  END: string;
};

/** The page the generator makes of `text`, with the Markdown functions of the sources (not dist/). */
const render = (s: Schema, text: string) => renderConfigPage(s, text, markdownText);

const PAGE_FILE = join(REPO_ROOT, 'docs', 'configuration.md');
const page = readFileSync(PAGE_FILE, 'utf8');
const schema = () => jsonSchemaOf(documentSchema);

/** Every key path of an object schema, as the reference names it: `spf.mechanisms`, `mx[].priority`. */
function keyPaths(node: Schema, prefix = ''): string[] {
  const properties: Record<string, Schema> = node.properties ?? {};
  return Object.entries(properties).flatMap(([key, child]) => {
    const path = `${prefix}${key}`;
    if (child.type === 'object') return [path, ...keyPaths(child, `${path}.`)];
    if (child.type === 'array' && child.items?.type === 'object') return [path, ...keyPaths(child.items, `${path}[].`)];
    return [path];
  });
}

/** The rows of the page's tables as rendered: each a list of cell texts. */
function tableRows(markdown: string): string[][] {
  const html = new MarkdownIt({ html: true }).render(markdown);
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!));
}

describe('docs/configuration.md', () => {
  test('is what the current schema gives (run `npm run docs` after changing a description)', () => {
    expect(render(schema(), page)).toBe(page);
  });

  test('lists every key of an institution, of every backend and of the top level, each in its own row', () => {
    const s = schema();
    const institution = keyPaths(s.properties.institutions.items);
    const backends = (s.properties.backend.anyOf as Schema[]).flatMap((form) => keyPaths(form, 'backend.').filter((p) => p !== 'backend.type'));
    expect(institution.length).toBeGreaterThan(40);
    expect(institution).toEqual(expect.arrayContaining(['code', 'spf.mechanisms', 'dmarc.rollout.passRate', 'mx[].host', 'senderProfile.dkimSelectors[].targetPrefix', 'adoptExisting']));
    const firstCells = tableRows(page).map((row) => row[0]);
    for (const path of [...institution, ...backends, 'institutions', 'defaults', 'backend']) {
      expect(firstCells.filter((cell) => cell === `<code>${path}</code>`)).toHaveLength(1);
    }
  });

  test('every table row has its four cells: no description splits a row', () => {
    const rows = tableRows(page);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((row) => row.length !== 4)).toEqual([]);
  });

  test('marks the keys every institution needs, here or in defaults', () => {
    const required = page.split('\n').filter((line) => line.includes('| yes, here or in `defaults` |')).map((line) => line.split('|')[1]!.trim());
    expect(required).toEqual(['`code`', '`domain`', '`provider`']);
  });

  test('keeps the hand-written parts around the generated one', () => {
    expect(page.indexOf('## The file')).toBeLessThan(page.indexOf(BEGIN));
    expect(page.indexOf('## Rules on values')).toBeGreaterThan(page.indexOf(END));
  });
});

describe('the generator', () => {
  test('keeps whatever stands outside the markers, and replaces only what is between them', () => {
    const custom = `# Mine\n\nprose before\n\n${BEGIN}\nstale text\n${END}\n\nprose after\n`;
    const out = render(schema(), custom);
    expect(out.startsWith(`# Mine\n\nprose before\n\n${BEGIN}\n\n## Top level\n`)).toBe(true);
    expect(out.endsWith(`\n\n${END}\n\nprose after\n`)).toBe(true);
    expect(out).not.toContain('stale text');
  });

  test.each([
    ['no markers', '# Page\n'],
    ['the end marker first', `${END}\n${BEGIN}\n`],
    ['a marker twice', `${BEGIN}\n${END}\n${BEGIN}\n${END}\n`],
  ])('refuses a page with %s', (_, text) => {
    expect(() => render(schema(), text)).toThrow(/must hold the line/);
  });

  test('a changed description makes the committed page stale', () => {
    const changed = schema();
    changed.properties.institutions.items.properties.ttl.description = 'Seconds, changed.';
    expect(render(changed, page)).not.toBe(page);
  });

  test('refuses a key without a description, naming its path', () => {
    const bare = schema();
    delete bare.properties.institutions.items.properties.dmarc.properties.rollout.properties.days.description;
    expect(() => render(bare, page)).toThrow(MissingDescriptionError);
    expect(() => render(bare, page)).toThrow(/^dmarc\.rollout\.days: no description in the schema/);
  });

  test('writes a hostile description as text: no HTML, link, code span or extra cell; one line', () => {
    const hostile = schema();
    hostile.properties.institutions.items.properties.code.description =
      'A | B <script>alert(1)</script> [link](https://evil.example) `tick` *em* _u_ ~~gone~~ &amp; \\ email-auth-<code>\nnew line\u202e\u001b[31m';
    const out = render(hostile, page);
    const row = tableRows(out).find((cells) => cells[0] === '<code>code</code>')!;
    expect(row).toHaveLength(4);
    expect(row[3]).toBe(
      'A | B &lt;script&gt;alert(1)&lt;/script&gt; [link](https://evil.example) `tick` *em* _u_ ~~gone~~ &amp;amp; \\ email-auth-&lt;code&gt; new line[31m',
    );
  });

  test('a pattern with | stays one code span in one cell', () => {
    const piped = schema();
    piped.properties.institutions.items.properties.aws.properties.region.pattern = '^(a|b)`$';
    const row = tableRows(render(piped, page)).find((cells) => cells[0] === '<code>aws.region</code>')!;
    expect(row).toHaveLength(4);
    expect(row[1]).toBe('string matching <code>^(a|b)`$</code>');
  });

  test('describes each kind of value: enums, ranges, patterns, lists, forms', () => {
    const line = (key: string) => page.split('\n').find((l) => l.startsWith(`| \`${key}\` |`))!.split(' | ')[1];
    expect(line('provider')).toBe('one of `route53`, `cloudflare`');
    expect(line('dmarc.rollout.passRate')).toBe('number, 0 to 100');
    expect(line('dmarc.rollout.days')).toBe('integer, at least 1');
    expect(line('keepTxt')).toBe('list of strings');
    expect(line('retired')).toBe('boolean, or `forget`');
    expect(line('adoptExisting')).toBe('boolean, or list of `spf`, `dkim`, `dmarc`, `mx`');
    expect(line('backend.bucket')).toMatch(/^string matching `\^\[a-z0-9\]/);
    expect(line('domain')).toBe('non-empty string');
  });

  test('adds a default the schema holds when the description does not state one', () => {
    const withDefault = schema();
    const cloud = (withDefault.properties.backend.anyOf as Schema[]).find((form) => form.properties.type.const === 'cloud')!;
    cloud.properties.workspacePrefix.description = 'Each stack\'s workspace is <workspacePrefix><code>.';
    const out = render(withDefault, page);
    expect(out).toContain('| `backend.workspacePrefix` | string matching `^[A-Za-z0-9_-]*$` |  | Each stack\'s workspace is \\<workspacePrefix\\>\\<code\\>. Default: `email-auth-`. |');
  });
});
