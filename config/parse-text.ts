import { readBlockYaml } from './block-yaml';
import { YAML_BOOL, YAML_FLOAT, YAML_INT, YAML_NULL, YamlScalarType } from './yaml-scalars';

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

/** YAML's core schema, with numbers constructed as {@link WrittenNumber}s (`written`) or plain: its implicit types in the order tried. */
const IMPLICIT: Readonly<Record<'written' | 'plain', readonly YamlScalarType[]>> = {
  plain: [YAML_NULL, YAML_BOOL, YAML_INT, YAML_FLOAT],
  written: [YAML_NULL, YAML_BOOL, writtenNumber(YAML_INT), writtenNumber(YAML_FLOAT)],
};

function writtenNumber(type: YamlScalarType): YamlScalarType {
  return { tag: type.tag, firstCharacters: type.firstCharacters, resolve: type.resolve, construct: (data) => new WrittenNumber(type.construct(data) as number, data) };
}

const schemas: { written?: import('js-yaml').Schema; plain?: import('js-yaml').Schema } = {};

/** The same schema for js-yaml: the failsafe schema (maps, sequences, strings) and the implicit types above. */
function jsYamlSchema(written: boolean): import('js-yaml').Schema {
  const known = written ? schemas.written : schemas.plain;
  if (known) return known;
  const { FAILSAFE_SCHEMA, Type } = require('js-yaml') as typeof import('js-yaml');
  // js-yaml also asks its implicit types about a node with no text at all (`!<?>` and nothing after it): as its own
  // types say, that is null, and no other type's.
  const implicit = IMPLICIT[written ? 'written' : 'plain'].map(
    (t) => new Type(t.tag, { kind: 'scalar', resolve: (data: string | null) => (data === null ? t === YAML_NULL : t.resolve(data)), construct: (data: string | null) => (data === null ? null : t.construct(data)) }),
  );
  const schema = FAILSAFE_SCHEMA.extend({ implicit });
  return written ? (schemas.written = schema) : (schemas.plain = schema);
}

function parseYaml(text: string, writtenNumbers: boolean): { value: unknown } | { error: string } {
  // js-yaml, loaded only for YAML files: 4-5x faster than the `yaml` package on large configs (BENCHMARKS.md). It
  // resolves an alias to the same object rather than a copy, so parsing stays linear; the config tree bounds the
  // expansion (config/config-tree.ts).
  // Plain block YAML (generated configs, large fleets) is read here, without loading js-yaml; the rest by js-yaml
  // (config/block-yaml.ts).
  const plain = readBlockYaml(text, IMPLICIT[writtenNumbers ? 'written' : 'plain']);
  if (plain !== undefined) return { value: plain };
  const { load, YAMLException } = require('js-yaml') as typeof import('js-yaml');
  try {
    return { value: load(text, { schema: jsYamlSchema(writtenNumbers) }) };
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
