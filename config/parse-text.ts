import { jsonKeyProblem } from './json-keys';

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

/** Parses config text: YAML (1.2 core schema: `yes`/`on`/dates stay strings, duplicate keys refused) or JSON. */
export function parseConfigText(text: string, json: boolean): { value: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'the config file is empty' };
  return json ? parseJson(text) : parseYaml(text);
}

function parseJson(text: string): { value: unknown } | { error: string } {
  const keys = jsonKeyProblem(text);
  if (keys) return { error: `JSON: ${keys}` };
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `JSON syntax: ${(e as Error).message}` };
  }
}

let schema: import('js-yaml').Schema | undefined;

/** js-yaml's built-in types (`require('js-yaml').types`), which @types/js-yaml does not declare. */
type BuiltinType = import('js-yaml').Type & { readonly tag: string; resolve(data: string): boolean; construct(data: string): unknown };

/** YAML's core schema, with numbers constructed as {@link WrittenNumber}. */
function yamlSchema(): import('js-yaml').Schema {
  if (schema) return schema;
  const yaml = require('js-yaml') as typeof import('js-yaml') & { types: Record<'null' | 'bool' | 'int' | 'float', BuiltinType> };
  const { FAILSAFE_SCHEMA, Type, types } = yaml;
  const written = (base: BuiltinType) =>
    new Type(base.tag, { kind: 'scalar', resolve: base.resolve, construct: (data: string) => new WrittenNumber(base.construct(data) as number, data), instanceOf: WrittenNumber });
  schema = FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool, written(types.int), written(types.float)] });
  return schema;
}

function parseYaml(text: string): { value: unknown } | { error: string } {
  // js-yaml, loaded only for YAML files: 4-5x faster than the `yaml` package on large configs (BENCHMARKS.md). It
  // resolves an alias to the same object rather than a copy, so parsing stays linear; the config tree bounds the
  // expansion (config/config-tree.ts).
  const { load, YAMLException } = require('js-yaml') as typeof import('js-yaml');
  try {
    return { value: load(text, { schema: yamlSchema() }) };
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
