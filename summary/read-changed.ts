import { BoundedFileError, readBoundedFile } from '../io/bounded-file';
import { SummaryInputError } from './input-error';

/** A `changed --json` file is a list of stack names: a megabyte holds tens of thousands. */
const MAX_CHANGED_BYTES = 8 * 1024 * 1024;

/** What the summary needs of `email-auth changed --json`: how many stacks change, and which are gone. */
export interface ChangedStacks {
  /** Stacks added or changed: the ones that were planned. */
  readonly changed: number;
  /** Stacks gone from the head: orphaned, unless retired first. */
  readonly removed: readonly string[];
}

/**
 * Reads the output of `email-auth changed --json` (`{ added, changed, removed: [{ stack, reason }], unchanged }`), so a
 * summary of plans knows the stacks that no plan covers: the removed ones. Every failure is a one-line
 * {@link SummaryInputError}.
 */
export function readChangedFile(path: string): ChangedStacks {
  let json: unknown;
  try {
    json = JSON.parse(readBoundedFile(path, MAX_CHANGED_BYTES).toString('utf8'));
  } catch (e) {
    const why = e instanceof BoundedFileError ? e.message : `is not JSON (${(e as Error).message})`;
    throw new SummaryInputError(`--changed ${path} ${why}: expected the output of \`email-auth changed --json\``);
  }
  const list = (key: string): string[] => {
    const value = (json as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(value) || value.some((e) => typeof (e as { stack?: unknown } | null)?.stack !== 'string')) {
      throw new SummaryInputError(`--changed ${path}: "${key}" is not a list of { stack, reason }: expected the output of \`email-auth changed --json\``);
    }
    return value.map((e) => (e as { stack: string }).stack);
  };
  return { changed: list('added').length + list('changed').length, removed: list('removed') };
}
