// docs/cli.md is generated from the command tables: this fails when it is stale, and checks that it renders as meant
// (every table row keeps its cells, no HTML from the tables' own text, every command's options listed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { COMMAND_SPECS } from '../../cli/commands';
import { optionSynopsis } from '../../cli/help';
import { cliReference, REFERENCE_FILE } from '../../cli/reference';
import { CommandSpec, ERROR_CODES } from '../../cli/spec';
import { REPO_ROOT } from '../helpers/repo-root';

const generated = cliReference(COMMAND_SPECS);

test(`${REFERENCE_FILE} is up to date with the command tables (npm run docs:cli rewrites it)`, () => {
  const committed = readFileSync(join(REPO_ROOT, REFERENCE_FILE), 'utf8');
  if (committed !== generated) throw new Error(`${REFERENCE_FILE} is stale: run \`npm run docs:cli\` and commit it`);
});

describe('what it holds', () => {
  const tokens = new MarkdownIt({ html: true }).parse(generated, {});

  test('no HTML: the tables\' text (`<error>`, `<testsuite>`) is shown, not interpreted', () => {
    expect(tokens.filter((t) => t.type === 'html_block' || t.type === 'html_inline' || t.children?.some((c) => c.type === 'html_inline')).map((t) => t.content)).toEqual([
      expect.stringMatching(/^<!-- Generated from the command tables/),
    ]);
  });

  test('every table row has as many cells as its header (no `|` of the text split a cell)', () => {
    // markdown-it pads or cuts rows to the header's width, so the check is on the source: unescaped pipes per line.
    const pipes = (line: string) => line.replace(/\\./g, '').split('|').length;
    const blocks = generated.split(/\n(?!\|)/).map((b) => b.split('\n').filter((l) => l.startsWith('|'))).filter((b) => b.length > 0);
    expect(blocks.length).toBeGreaterThan(COMMAND_SPECS.length * 2);
    for (const block of blocks) expect(block.map(pipes)).toEqual(block.map(() => pipes(block[0]!)));
  });

  test.each(COMMAND_SPECS.map((s) => [s.name, s as CommandSpec] as const))('%s: a section with its usage, every option, its exit codes and its example', (name, spec) => {
    const section = generated.slice(generated.indexOf(`\n## ${name}\n`));
    const own = section.slice(0, section.indexOf('\n## ', 5) > 0 ? section.indexOf('\n## ', 5) : undefined);
    expect(own).toContain(`email-auth ${spec.usage}`);
    for (const [option, declared] of Object.entries(spec.options)) expect(own).toContain(`| \`${optionSynopsis(option, declared).replace(/\|/g, "\\|")}\` |`);
    expect(own).toContain(`| 0 | `);
    expect(own).toContain(`| 2 | `);
    expect(own).toContain(`email-auth ${spec.example}`);
  });

  test('the exit-code table and every error code of the JSON error object', () => {
    expect(generated).toContain('| 2 | no verdict: a usage error, a missing or invalid config or input file, or DNS that did not answer |');
    for (const code of Object.keys(ERROR_CODES)) expect(generated).toContain(`| \`${code}\` |`);
  });
});
