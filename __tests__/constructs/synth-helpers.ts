import { Testing } from '../../core';
import { Construct } from 'constructs';

/** Synthesizes what `build` adds to a fresh stack and returns the resources of one type, metadata stripped. */
export function resourcesOf(build: (scope: Construct) => void, type: string): Record<string, unknown>[] {
  const json = JSON.parse(Testing.synthScope(build)) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  return Object.values(json.resource?.[type] ?? {}).map(({ '//': _meta, ...attributes }) => attributes);
}

export function dataOf(build: (scope: Construct) => void, type: string): Record<string, unknown>[] {
  const json = JSON.parse(Testing.synthScope(build)) as { data?: Record<string, Record<string, Record<string, unknown>>> };
  return Object.values(json.data?.[type] ?? {}).map(({ '//': _meta, ...attributes }) => attributes);
}

/** A sorted view that reads well in failures: `TYPE name`. */
export function byName<T extends Record<string, unknown>>(resources: T[]): T[] {
  return [...resources].sort((a, b) => `${a.type} ${a.name} ${a.content ?? ''}`.localeCompare(`${b.type} ${b.name} ${b.content ?? ''}`));
}

/** ip4 terms cost no DNS lookup: 18 of them make a valid SPF record of about 400 bytes, two TXT strings. */
export const LONG_SPF_TERMS = Array.from({ length: 18 }, (_, i) => `ip4:198.51.100.${i}/32`);
