// The attributes a prebuilt cdktf provider binding knows, read from its type declarations: the stand-in for the
// provider schema where the provider binary is not available (Cloudflare here), so synthesized JSON can still be
// checked for unknown attributes, missing required ones and wrong types.
import { readFileSync } from 'node:fs';

export interface BindingAttribute {
  readonly required: boolean;
  /** The TypeScript type as declared: `string`, `number`, `boolean | cdktf.IResolvable`, `string[]`, a struct name. */
  readonly tsType: string;
}
export type BindingSchema = ReadonlyMap<string, BindingAttribute>;

/** `zoneId` → `zone_id`, as cdktf's bindings name the Terraform attributes. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Every `export interface` of a binding's index.d.ts, by name, with its attributes (snake_case). */
export function bindingInterfaces(dtsFile: string): ReadonlyMap<string, BindingSchema> {
  const source = readFileSync(dtsFile, 'utf8');
  const interfaces = new Map<string, BindingSchema>();
  for (const match of source.matchAll(/export interface (\w+)(?: extends [\w.]+)? \{([\s\S]*?)\n\}/g)) {
    const attributes = new Map<string, BindingAttribute>();
    for (const field of match[2]!.matchAll(/^\s*readonly (\w+)(\??): ([^;]+);/gm)) {
      attributes.set(snakeCase(field[1]!), { required: field[2] !== '?', tsType: field[3]!.trim() });
    }
    interfaces.set(match[1]!, attributes);
  }
  return interfaces;
}

/** Keys cdktf adds to any resource or data source block besides the provider's attributes. */
const META_KEYS = new Set(['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each']);

/**
 * Checks one synthesized block against `interfaceName` of the binding: returns one message per problem (unknown
 * attribute, missing required attribute, value of the wrong type), nested structs included; empty when it fits.
 */
export function checkAgainstBinding(block: Record<string, unknown>, interfaceName: string, interfaces: ReadonlyMap<string, BindingSchema>, path = ''): string[] {
  const schema = interfaces.get(interfaceName);
  if (!schema) return [`${path || '.'}: the binding has no interface ${interfaceName}`];
  const problems: string[] = [];
  for (const [key, attribute] of schema) {
    if (attribute.required && block[key] === undefined) problems.push(`${path}${key}: required by ${interfaceName}, missing`);
  }
  for (const [key, value] of Object.entries(block)) {
    if (path === '' && META_KEYS.has(key)) continue;
    const attribute = schema.get(key);
    if (!attribute) {
      problems.push(`${path}${key}: not an attribute of ${interfaceName}`);
      continue;
    }
    problems.push(...checkValue(value, attribute.tsType, interfaces, `${path}${key}`));
  }
  return problems;
}

function checkValue(value: unknown, tsType: string, interfaces: ReadonlyMap<string, BindingSchema>, path: string): string[] {
  // A `${...}` reference is resolved by Terraform; its type cannot be checked here.
  if (typeof value === 'string' && value.startsWith('${')) return [];
  const base = tsType.replace(/\s*\|\s*cdktf\.IResolvable/, '').trim();
  if (base === 'string' || base === 'number' || base === 'boolean') {
    return typeof value === base ? [] : [`${path}: expected ${base}, got ${JSON.stringify(value)}`];
  }
  if (base.endsWith('[]')) {
    if (!Array.isArray(value)) return [`${path}: expected a list, got ${JSON.stringify(value)}`];
    return value.flatMap((item, i) => checkValue(item, base.slice(0, -2), interfaces, `${path}[${i}]`));
  }
  if (interfaces.has(base)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected a ${base} block, got ${JSON.stringify(value)}`];
    return checkAgainstBinding(value as Record<string, unknown>, base, interfaces, `${path}.`);
  }
  return [`${path}: type ${tsType} is not understood by this check`];
}
