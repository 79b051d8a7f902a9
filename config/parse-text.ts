
import { ImplicitType, readBlockYaml } from './block-yaml';

/**
 * A number as the file wrote it: YAML reads `0815`, `0x1F`, `1e3` and `.inf` as numbers, so an institution code
 * written that way would silently become `815`. The config tree keeps the text, so that the error can show it.
 */
export class WrittenNumber {
  constructor(
    readonly value: number,
    readonly source: string,
  ) {}
}

/**
 * Parses config text: YAML (1.2 core schema: `yes`/`on`/dates stay strings, duplicate keys refused) or JSON. YAML
 * numbers come as {@link WrittenNumber}s, unless `writtenNumbers` is false: the loader first reads a file with plain
 * numbers, and only when the file has a problem again with the text of each number, for the messages.
 */
export function parseConfigText(text: string, json: boolean, writtenNumbers = true): { value: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'the config file is empty' };
  return json ? parseJson(text) : parseYaml(text, writtenNumbers);
}

function parseJson(text: string): { value: unknown } | { error: string } {
  // Loaded for JSON files only.
  const keys = (require('./json-keys') as typeof import('./json-keys')).jsonKeyProblem(text);
  if (keys) return { error: `JSON: ${keys}` };
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `JSON syntax: ${(e as Error).message}` };
  }
}

/** A js-yaml schema, with its implicit types in the order it tries them (for the plain-YAML reader, config/block-yaml.ts). */
interface YamlSchema {
  readonly schema: import('js-yaml').Schema;
  readonly implicit: readonly ImplicitType[];
}

const schemas: { written?: YamlSchema; plain?: YamlSchema } = {};

/** js-yaml's built-in types (`require('js-yaml').types`), which @types/js-yaml does not declare. */
type BuiltinType = import('js-yaml').Type & { readonly tag: string; resolve(data: string): boolean; construct(data: string): unknown };

/** YAML's core schema, with numbers constructed as {@link WrittenNumber}s (`written`) or plain. */
function yamlSchema(written: boolean): YamlSchema {
  const known = written ? schemas.written : schemas.plain;
  if (known) return known;
  const yaml = require('js-yaml') as typeof import('js-yaml') & { types: Record<'null' | 'bool' | 'int' | 'float', BuiltinType> };
  const { FAILSAFE_SCHEMA, Type, types } = yaml;
  const wrapped = (base: BuiltinType) =>
    new Type(base.tag, { kind: 'scalar', resolve: base.resolve, construct: (data: string) => new WrittenNumber(base.construct(data) as number, data), instanceOf: WrittenNumber });
  // The failsafe schema has no implicit types of its own: these are all, in this order.
  const implicit = [types.null, types.bool, written ? wrapped(types.int) : types.int, written ? wrapped(types.float) : types.float] as BuiltinType[];
  const schema = { schema: FAILSAFE_SCHEMA.extend({ implicit }), implicit };
  return written ? (schemas.written = schema) : (schemas.plain = schema);
}

function parseYaml(text: string, writtenNumbers: boolean): { value: unknown } | { error: string } {
  // js-yaml, loaded only for YAML files: 4-5x faster than the `yaml` package on large configs (BENCHMARKS.md). It
  // resolves an alias to the same object rather than a copy, so parsing stays linear; the config tree bounds the
  // expansion (config/config-tree.ts).
  const { schema, implicit } = yamlSchema(writtenNumbers);
  // Plain block YAML (generated configs, large fleets) is read here, the rest by js-yaml (config/block-yaml.ts).
  const plain = readBlockYaml(text, implicit);
  if (plain !== undefined) return { value: plain };
  const { load, YAMLException } = require('js-yaml') as typeof import('js-yaml');
  try {
    return { value: load(text, { schema }) };
  } catch (e) {
    if (e instanceof YAMLException) {
      if (/single document/.test(e.reason)) return { error: 'YAML: the file holds more than one document ("---" starts each); a config file is one document' };
      const mark = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
      return { error: `YAML syntax: ${e.reason}${mark}` };
    }
    if (e instanceof RangeError) return { error: 'YAML: nested too deeply to read' };
    throw e;
  }
}
