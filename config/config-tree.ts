import { joinPath, Problems, show } from '../model/problems';
import { MAX_CONFIG_DEPTH } from './json-keys';
import { WrittenNumber } from './parse-text';

/**
 * How many values a config may expand to. YAML aliases repeat what they name without costing text: a 639-byte file
 * of nested aliases ("billion laughs") names 10^9 values. A real config has a few dozen values per institution, so a
 * million is far beyond any real one and is walked in a fraction of a second.
 */
export const MAX_CONFIG_VALUES = 1_000_000;

export interface ConfigTree {
  /** The config as plain data: objects without prototype, arrays, strings, numbers, booleans, null. */
  readonly value: unknown;
  /** How the file wrote each number (path → text), for messages: `code: 0815` reads as 815. */
  readonly writtenNumbers: ReadonlyMap<string, string>;
}

class TooManyValues extends Error {}

/**
 * Copies parsed config data into a tree that every later step can trust: bounded in size (aliases expanded at most
 * {@link MAX_CONFIG_VALUES} values) and depth, objects without prototype, and no `__proto__` key (reported as unknown:
 * assigned to an ordinary object it would replace the object's prototype, and its contents would read as fields).
 * Returns undefined, with the problem reported, when the data is over a bound.
 */
export function toConfigTree(raw: unknown, problems: Problems): ConfigTree | undefined {
  const writtenNumbers = new Map<string, string>();
  let values = 0;
  const copy = (node: unknown, path: string, depth: number): unknown => {
    if (++values > MAX_CONFIG_VALUES) throw new TooManyValues();
    if (node instanceof WrittenNumber) {
      writtenNumbers.set(path, node.source);
      return node.value;
    }
    if (node === null || typeof node !== 'object') return node;
    if (depth >= MAX_CONFIG_DEPTH) {
      problems.at(path).error(`nested deeper than ${MAX_CONFIG_DEPTH} levels`);
      return null;
    }
    if (Array.isArray(node)) return node.map((item, i) => copy(item, joinPath(path, i), depth + 1));
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(node)) {
      if (key === '__proto__') {
        problems.at(path).at(key).error(`unknown key ${show(key)}`);
        continue;
      }
      out[key] = copy((node as Record<string, unknown>)[key], joinPath(path, key), depth + 1);
    }
    return out;
  };
  try {
    return { value: copy(raw, '', 0), writtenNumbers };
  } catch (e) {
    if (!(e instanceof TooManyValues)) throw e;
    problems.error(`the file expands to more than ${MAX_CONFIG_VALUES.toLocaleString('en-US')} values (YAML aliases repeat what they name); refused`);
    return undefined;
  }
}
