// Issue 20: the plain block-YAML reader (config/block-yaml.ts) stands in for js-yaml on the documents it reads. Where it
// reads a document it must give exactly what js-yaml gives (same values, same types, keys in the same order), with
// both of the loader's schemas; where js-yaml refuses a document it must give up; and it must read the plain block
// style of generated configs (else it would never be taken, and these tests would prove nothing).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { ImplicitType, MAX_DEPTH, readBlockYaml } from '../../config/block-yaml';
import { parseConfigText, WrittenNumber } from '../../config/parse-text';
import { REPO_ROOT } from '../helpers/repo-root';

type Builtin = yaml.Type & ImplicitType & { tag: string };
const types = (yaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', Builtin> }).types;

/** The loader's two schemas (config/parse-text.ts): plain numbers, and numbers with the text they were written as. */
function schemaOf(written: boolean): { schema: yaml.Schema; implicit: ImplicitType[] } {
  const wrap = (base: Builtin) =>
    new yaml.Type(base.tag, { kind: 'scalar', resolve: base.resolve, construct: (d: string) => new WrittenNumber(base.construct(d) as number, d), instanceOf: WrittenNumber });
  const implicit = [types.null, types.bool, written ? wrap(types.int) : types.int, written ? wrap(types.float) : types.float] as unknown as ImplicitType[];
  return { schema: yaml.FAILSAFE_SCHEMA.extend({ implicit: implicit as unknown as yaml.Type[] }), implicit };
}
const SCHEMAS = [schemaOf(false), schemaOf(true)];

/** A value with its objects as [key, value] pairs, so that equal means the same keys in the same order too. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value instanceof WrittenNumber) return ['WrittenNumber', value.value, value.source];
  if (value !== null && typeof value === 'object') return [Object.getPrototypeOf(value) === Object.prototype, Object.keys(value).map((k) => [k, ordered((value as Record<string, unknown>)[k])])];
  return value;
}

type Verdict = { ok: true; value: unknown } | { ok: false };

function jsYaml(text: string, schema: yaml.Schema): Verdict {
  try {
    return { ok: true, value: ordered(yaml.load(text, { schema })) };
  } catch {
    return { ok: false };
  }
}

/** The reader's verdict must be js-yaml's, or no verdict; returns whether the reader read it. */
function expectAgreement(text: string): boolean {
  let read = false;
  for (const { schema, implicit } of SCHEMAS) {
    const fast = readBlockYaml(text, implicit);
    if (fast === undefined) continue;
    read = true;
    const reference = jsYaml(text, schema);
    expect(reference).toEqual({ ok: true, value: ordered(fast) });
  }
  return read;
}

// --- Generated documents: config-like trees written in the plain block style, with the variations people write.

const KEYS = ['code', 'domain', 'provider', 'zoneId', 'spf', 'mechanisms', 'all', 'dmarc', 'rua', 'ttl', 'mx', 'host', 'priority', 'keepTxt', 'a_b', 'x-y', 'On', 'yes', 'Null', 'true', 'TRUE', '__proto__', 'k1'];
const SCALARS = [
  'inst0001', 'museum.example.org', 'mailto:dmarc@example.org', 'include:_spf.google.com', 'ip4:192.0.2.1', '-all', '~all', '?all', '+all',
  '3600', '0815', '0x1F', '0o17', '1e3', '-1', '+1', '1_000', '.inf', '-.Inf', '.nan', '1.5', '.5', '0.', 'null', 'Null', 'NULL', '~', 'true', 'False',
  'yes', 'no', 'on', 'off', 'y', '2026-12-02', 'a b', 'a#b', 'a #b', 'a: b', 'a:b', 'ends:', ':x', '-', '- x', '? x', '?x', '[x]', 'x]', '{x}', 'x,y', '&a', '*a', '!x', '|', '>',
  '%x', '@x', '`x', '"quoted"', "'single'", '"with \\"escape\\""', "'it''s'", '"a: b # c"', "'#'", '"unclosed', 'müller.ch', 'v=spf1 ~all', 'p=none; rua=mailto:x@y.z', 'x ', '\u0085x',
];

type Tree = string | Tree[] | { [key: string]: Tree };

/** Keys and scalars a plain config holds: documents of these alone are ones the reader must read. */
const PLAIN_KEYS = KEYS.filter((k) => /^[a-z]/.test(k) && !['yes', 'true'].includes(k));
const PLAIN_SCALARS = SCALARS.filter((v) => /^[a-z0-9~+.-]/i.test(v) && !/: |:$| #|^- |^-$/.test(v) && !/[\u0085 ]$/.test(v));

function treeOf(keys: readonly string[], scalars: readonly string[], plain: boolean): fc.Arbitrary<Tree> {
  return fc.letrec<{ node: Tree; item: Tree }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...scalars),
      fc.array(tie('item'), { minLength: 1, maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...keys), tie('node'), { minKeys: 1, maxKeys: 4 }),
    ),
    // A plain document has no sequence right inside a sequence (`- - x`, or a lone `-`).
    item: plain ? fc.oneof(fc.constantFrom(...scalars), fc.dictionary(fc.constantFrom(...keys), tie('node'), { minKeys: 1, maxKeys: 4 })) : tie('node'),
  })).node;
}

interface Style {
  indent: number;
  /** Sequences under a key at the key's own column (`key:` then `- x`). */
  sameColumnLists: boolean;
  /** Spaces after a sequence's dash. */
  dashSpaces: number;
  comments: boolean;
}

const style: fc.Arbitrary<Style> = fc.record({ indent: fc.integer({ min: 1, max: 4 }), sameColumnLists: fc.boolean(), dashSpaces: fc.integer({ min: 1, max: 3 }), comments: fc.boolean() });

/** Block YAML of `value` as the entries of a mapping or sequence at `column`. */
function render(value: Tree, column: number, s: Style): string[] {
  const pad = ' '.repeat(column);
  const lines: string[] = [];
  const comment = s.comments ? '   # note: a comment' : '';
  if (Array.isArray(value)) {
    for (const item of value) {
      const dash = `${pad}-${' '.repeat(s.dashSpaces)}`;
      if (typeof item === 'string') lines.push(`${dash}${item}${comment}`);
      else if (Array.isArray(item)) lines.push(`${pad}-`, ...render(item, column + s.indent, s));
      else {
        // `- key: value`, the mapping's other keys in the column of the first.
        const inner = render(item, column + 1 + s.dashSpaces, s);
        lines.push(dash + inner[0]!.trimStart(), ...inner.slice(1));
      }
    }
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string') lines.push(`${pad}${key}: ${item}${comment}`);
      else {
        lines.push(`${pad}${key}:${comment}`);
        if (s.comments) lines.push(`${pad}  # a comment line`, '');
        lines.push(...render(item, Array.isArray(item) && s.sameColumnLists ? column : column + s.indent, s));
      }
    }
  }
  return lines;
}

function documentOf(keys: readonly string[], scalars: readonly string[], plain: boolean): fc.Arbitrary<string> {
  return fc.tuple(fc.dictionary(fc.constantFrom(...keys), treeOf(keys, scalars, plain), { minKeys: 1, maxKeys: 4 }), style).map(([root, s]) => `${render(root, 0, s).join('\n')}\n`);
}
const document = documentOf(KEYS, SCALARS, false);
const plainDocument = documentOf(PLAIN_KEYS, PLAIN_SCALARS, true);

describe('the plain block-YAML reader', () => {
  it('reads what js-yaml reads, the same values in the same order, with both schemas (generated documents)', () => {
    fc.assert(
      fc.property(document, (text) => {
        expectAgreement(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every document in the plain style of configs, as js-yaml does', () => {
    fc.assert(
      fc.property(plainDocument, (text) => {
        expect(expectAgreement(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives up where js-yaml refuses or reads otherwise, whatever a character changed does (mutated documents)', () => {
    const mutation = fc.tuple(document, fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.constantFrom(' ', '-', ':', '#', '\n', '\t', '\r', '"', "'", '[', '{', '&', '*', '!', '|', '>', '%', '?', ',', 'a', '1', '.', '\uFEFF', '\u0000')), { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(mutation, ([text, edits]) => {
        let mutated = text;
        for (const [position, kind, ch] of edits) {
          const at = position % (mutated.length + 1);
          mutated = kind === 0 ? mutated.slice(0, at) + ch + mutated.slice(at) : kind === 1 ? mutated.slice(0, at) + mutated.slice(at + 1) : mutated.slice(0, at) + ch + mutated.slice(at + 1);
        }
        expectAgreement(mutated);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the benchmark configs and gives up on the flow style of the example config, which js-yaml then reads', () => {
    const { writeConfig } = require('../../scripts/bench-generate.js') as { writeConfig(dir: string, n: number): string };
    const dir = require('node:fs').mkdtempSync(join(require('node:os').tmpdir(), 'block-yaml-'));
    const text = readFileSync(writeConfig(dir, 50), 'utf8');
    expect(expectAgreement(text)).toBe(true);
    expect(readBlockYaml(readFileSync(join(REPO_ROOT, 'institutions.yaml'), 'utf8'), SCHEMAS[0]!.implicit)).toBeUndefined();
    // Either way the loader gives the same value.
    expect(parseConfigText(text, false)).toEqual({ value: yaml.load(text, { schema: SCHEMAS[1]!.schema }) });
  });

  it('agrees with js-yaml on every YAML file of the repository it reads', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name === 'dist' || name === '.git' || name === 'cdktf.out') continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name)) files.push(path);
      }
    };
    walk(REPO_ROOT);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expectAgreement(readFileSync(file, 'utf8'));
  });

  it.each([
    ['a tab', 'a:\n\tb: 1\n'],
    ['a carriage return', 'a: 1\r\nb: 2\r\n'],
    ['a byte-order mark', '\uFEFFa: 1\n'],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['a flow sequence', 'a: [1, 2]\n'],
    ['a flow mapping', 'a: { b: 1 }\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a quoted key', '"a": 1\n'],
    ['a key YAML reads as null', 'null: 1\n'],
    ['a key YAML reads as a boolean', 'True: 1\n'],
    ['a key listed twice', 'a: 1\na: 2\n'],
    ['the key __proto__', '__proto__: 1\n'],
    ['an escape in double quotes', 'a: "x\\ty"\n'],
    ['a quote in single quotes', "a: 'it''s'\n"],
    ['a plain scalar that goes on in the next line', 'a: one\n  two\n'],
    ['a scalar holding ": "', 'a: b: c\n'],
    ['an empty sequence entry', 'a:\n  -\n'],
    ['a root that is a sequence', '- a\n- b\n'],
    ['a root that is a scalar', 'text\n'],
    ['an indented root', '  a: 1\n'],
    ['an unexpected indentation', 'a:\n    b: 1\n  c: 2\n'],
  ])('gives up at %s', (_, text) => {
    for (const { implicit } of SCHEMAS) expect(readBlockYaml(text, implicit)).toBeUndefined();
  });

  it(`reads up to ${MAX_DEPTH} levels of nesting and gives up past them`, () => {
    const nested = (depth: number) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    expect(readBlockYaml(nested(MAX_DEPTH), SCHEMAS[0]!.implicit)).toBeDefined();
    expect(readBlockYaml(nested(MAX_DEPTH + 1), SCHEMAS[0]!.implicit)).toBeUndefined();
    expectAgreement(nested(MAX_DEPTH));
  });

  it('resolves scalars as the schema does: numbers with their text, null, booleans, strings', () => {
    const [plain, written] = SCHEMAS;
    const text = 'a: 0815\nb: ~\nc: true\nd: yes\ne: -all\nf: "3600"\ng:\nh: x # comment\n';
    expect(readBlockYaml(text, plain!.implicit)).toEqual({ a: 815, b: null, c: true, d: 'yes', e: '-all', f: '3600', g: null, h: 'x' });
    expect(readBlockYaml(text, written!.implicit)).toMatchObject({ a: new WrittenNumber(815, '0815') });
  });
});

describe('the plain block-YAML reader on large documents', () => {
  // A bound, not a timing: each line is read once, so a long file is no slower per line than a short one (a search
  // that ran to the end of the file for each scalar made 5,000 institutions take minutes).
  it('reads 200,000 entries without a comment, and one long line, in one pass', () => {
    const entries = `list:\n${'  - mailto:dmarc@example.org\n'.repeat(200_000)}`;
    expect((readBlockYaml(entries, SCHEMAS[0]!.implicit) as { list: string[] }).list).toHaveLength(200_000);
    const quoted = `a: "${'x'.repeat(1_000_000)}\nb: ${"'".repeat(100_000)}\n`;
    expect(readBlockYaml(quoted, SCHEMAS[0]!.implicit)).toBeUndefined();
  });
});
