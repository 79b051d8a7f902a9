// Issue 20: the config's YAML scalar types (config/yaml-scalars.ts) are written out so that the plain block reader
// needs no js-yaml. They must resolve and construct every plain scalar exactly as js-yaml's own core types do.
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { ImplicitType } from '../../config/block-yaml';
import { parseConfigText, WrittenNumber } from '../../config/parse-text';
import { YAML_BOOL, YAML_FLOAT, YAML_INT, YAML_NULL } from '../../config/yaml-scalars';

const theirs = (yaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', ImplicitType & { tag: string }> }).types;
const PAIRS: [string, ImplicitType & { tag: string }, ImplicitType & { tag: string }][] = [
  ['null', YAML_NULL, theirs.null],
  ['bool', YAML_BOOL, theirs.bool],
  ['int', YAML_INT, theirs.int],
  ['float', YAML_FLOAT, theirs.float],
];

/** Scalars near the rules: signs, prefixes, digits of every base, exponents, dots, the special words. */
const scalar = fc.oneof(
  fc.array(fc.constantFrom('0', '1', '7', '8', '9', 'a', 'b', 'f', 'F', 'g', 'x', 'o', 'B', 'X', 'O', 'e', 'E', '+', '-', '.', '_', ' '), { maxLength: 8 }).map((chars) => chars.join('')),
  fc.constantFrom('~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'on', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '-.nan', '.iNf'),
  fc.constantFrom('0x' + 'f'.repeat(300), '1' + '0'.repeat(400), '1e400', '-1e400', '0b' + '1'.repeat(1100), '0o' + '7'.repeat(400)),
  fc.string({ maxLength: 6 }),
);

describe('the config YAML scalar types', () => {
  it.each(PAIRS)('%s resolves and constructs as js-yaml\'s own type', (_, ours, reference) => {
    fc.assert(
      fc.property(scalar, (data) => {
        expect(ours.resolve(data)).toBe(reference.resolve(data));
        // The reader asks a type only about scalars that start with one of its first characters.
        if (reference.resolve(data)) expect(ours.firstCharacters!.includes(data[0]!)).toBe(true);
        if (reference.resolve(data)) expect(Object.is(ours.construct(data), reference.construct(data)) || ours.construct(data) === reference.construct(data)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(ours.tag).toBe(reference.tag);
  });

  it('read a node with no text but the non-specific tag as js-yaml\'s own types do: null, not a crash', () => {
    const reference = yaml.FAILSAFE_SCHEMA.extend({ implicit: [theirs.null, theirs.bool, theirs.int, theirs.float] as unknown as yaml.Type[] });
    for (const text of ['a: !<?>\nb: x\n', 'institutions: !<?>\n', '- !<?>\n- x\n', '!<?>\n']) {
      for (const written of [false, true]) expect(parseConfigText(text, false, written)).toEqual({ value: yaml.load(text, { schema: reference }) });
    }
  });

  it('give the same config whichever reader reads it: block style or flow style, plain or written numbers', () => {
    const block = 'a: 0815\nb: 0x1F\nc: .inf\nd: ~\ne: True\nf: yes\ng: 1e3\n';
    const flow = '{a: 0815, b: 0x1F, c: .inf, d: ~, e: True, f: yes, g: 1e3}\n';
    expect(parseConfigText(block, false, false)).toEqual(parseConfigText(flow, false, false));
    expect(parseConfigText(block, false, false)).toEqual({ value: { a: 815, b: 31, c: Infinity, d: null, e: true, f: 'yes', g: 1000 } });
    expect(parseConfigText(block, false)).toEqual(parseConfigText(flow, false));
    expect((parseConfigText(block, false) as { value: { a: WrittenNumber } }).value.a).toEqual(new WrittenNumber(815, '0815'));
  });
});
