/**
 * How plain YAML scalars resolve in the config's schema (YAML 1.2 core: `null`, booleans, integers, floats; `yes`, `on`
 * and dates stay strings), written as js-yaml 4 writes them (lib/type/{null,bool,int,float}.js, MIT) so that both
 * readers of a config use one set of rules: the plain block reader (config/block-yaml.ts) without loading js-yaml
 * (62 M instructions of start-up, a tenth of a small run), and js-yaml itself, which gets these as its implicit types.
 * A test holds each equal to js-yaml's own type on generated scalars.
 */
import type { ImplicitType } from './block-yaml';

/** A scalar type with its YAML tag (js-yaml's schema keys types by tag). */
export type YamlScalarType = ImplicitType & { readonly tag: string };

/** `~`, `null`, `Null`, `NULL`. */
export const YAML_NULL: YamlScalarType = {
  tag: 'tag:yaml.org,2002:null',
  firstCharacters: '~nN',
  resolve: (data) => data === '~' || data === 'null' || data === 'Null' || data === 'NULL',
  construct: () => null,
};

/** `true`, `True`, `TRUE`, `false`, `False`, `FALSE`. */
export const YAML_BOOL: YamlScalarType = {
  tag: 'tag:yaml.org,2002:bool',
  firstCharacters: 'tTfF',
  resolve: (data) => data === 'true' || data === 'True' || data === 'TRUE' || data === 'false' || data === 'False' || data === 'FALSE',
  construct: (data) => data === 'true' || data === 'True' || data === 'TRUE',
};

function isDigit(c: number, base: number): boolean {
  if (base === 16) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
  return c >= 0x30 && c < 0x30 + base;
}

/** Decimal digits; `0b…`, `0o…`, `0x…`; an optional sign; finite. */
export const YAML_INT: YamlScalarType = {
  tag: 'tag:yaml.org,2002:int',
  firstCharacters: '0123456789+-',
  resolve(data) {
    const max = data.length;
    if (max === 0) return false;
    let index = 0;
    if (data[0] === '-' || data[0] === '+') index++;
    let base = 10;
    if (data[index] === '0') {
      if (index + 1 === max) return true;
      const prefix = data[index + 1];
      base = prefix === 'b' ? 2 : prefix === 'o' ? 8 : prefix === 'x' ? 16 : 10;
      if (base !== 10) index += 2;
    }
    if (index === max) return false;
    for (; index < max; index++) if (!isDigit(data.charCodeAt(index), base)) return false;
    return Number.isFinite(parseInteger(data));
  },
  construct: parseInteger,
};

function parseInteger(data: string): number {
  let value = data;
  let sign = 1;
  if (value[0] === '-' || value[0] === '+') {
    if (value[0] === '-') sign = -1;
    value = value.slice(1);
  }
  if (value === '0') return 0;
  if (value[0] === '0') {
    if (value[1] === 'b') return sign * parseInt(value.slice(2), 2);
    if (value[1] === 'x') return sign * parseInt(value.slice(2), 16);
    if (value[1] === 'o') return sign * parseInt(value.slice(2), 8);
  }
  return sign * parseInt(value, 10);
}

const FLOAT = /^(?:[-+]?(?:[0-9]+)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** `1.5`, `2.5e4`, `.5`, `1e3`, `.inf`, `-.Inf`, `.nan`… (an integer too, but the integer type comes first). */
export const YAML_FLOAT: YamlScalarType = {
  tag: 'tag:yaml.org,2002:float',
  firstCharacters: '0123456789+-.',
  resolve: (data) => FLOAT.test(data) && (Number.isFinite(parseFloat(data)) || FLOAT_SPECIAL.test(data)),
  construct(data) {
    let value = data.toLowerCase();
    const sign = value[0] === '-' ? -1 : 1;
    if (value[0] === '+' || value[0] === '-') value = value.slice(1);
    if (value === '.inf') return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    if (value === '.nan') return NaN;
    return sign * parseFloat(value);
  },
};
