import type { Problems } from '../model/problems';
import type { BackendConfig, PartialInstitution, ReportCollectorEntry } from './schema';

/**
 * The config file's shapes, checked: what config/load.ts builds institutions from. Two ways make one: the compiled
 * checks (config/compiled-shapes.ts), which take a valid file fast and say nothing else, and zod
 * (config/zod-shapes.ts), which reports every problem; the loader asks the second only when the first says no.
 */
export interface Shapes {
  /** The code each entry of `institutions` gives, by index, where it gives one (to name institutions in messages). */
  readonly codes: readonly (string | undefined)[];
  /** undefined when the file has no backend, or an invalid one (then reported). */
  readonly backend?: BackendConfig;
  /** `{}` when the file has no defaults; undefined when they are invalid (reported). */
  readonly defaults: PartialInstitution | undefined;
  /** The `institutions` entries. */
  readonly institutions: ShapedList<PartialInstitution>;
  /** The `reportAuthorizations` entries, when the file has that key. */
  readonly reportAuthorizations?: ShapedList<ReportCollectorEntry>;
}

/** A list of the file: entry `index`, or undefined with its problems reported at `at` (checked when asked, in order). */
export interface ShapedList<T> {
  readonly count: number;
  entry(index: number, at: Problems): T | undefined;
}

/** A list whose entries are all checked already. */
export function checkedList<T>(entries: readonly T[]): ShapedList<T> {
  return { count: entries.length, entry: (index) => entries[index] };
}
