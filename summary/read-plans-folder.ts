import { join } from 'node:path';
import { readContainedFile } from '../io/contained-file';
import { readPlansManifest } from '../pipeline/plans-manifest';
import { changesFromPlan } from './from-plan';
import { SummaryInputError } from './input-error';
import { parsePlanBytes, PLAN_LIMITS } from './read-plan';
import { StackChanges } from './record-change';

/**
 * The stack changes of a plans folder written by `email-auth plan --out DIR`: each planned stack's `plan.json` as its
 * manifest lists it, and each stack whose plan failed with terraform's error (the summary lists it under "Needs
 * attention": a failed plan shows nothing of what the change would do). Every failure to read is a one-line
 * {@link SummaryInputError} naming the folder. A plans folder is a CI artifact: its files are read only as regular
 * files inside it, never through a symbolic link or from outside it.
 */
export function changesFromPlansFolder(dir: string): StackChanges[] {
  let manifest;
  try {
    manifest = readPlansManifest(dir);
  } catch (e) {
    throw new SummaryInputError(`--plans ${dir}: ${(e as Error).message.split('\n')[0]}`);
  }
  return manifest.stacks.map((planned): StackChanges => {
    if (planned.result === 'error' || planned.planJson === undefined) {
      return { stack: planned.stack, changes: [], otherChanges: 0, notes: [], planError: firstLine(planned.error ?? 'no plan was saved') };
    }
    const path = join(dir, planned.planJson);
    let bytes;
    try {
      bytes = readContainedFile(dir, planned.planJson, PLAN_LIMITS.maxBytes);
    } catch (e) {
      throw new SummaryInputError(`--plans ${dir}: ${path} ${(e as Error).message}`);
    }
    return changesFromPlan(planned.stack, parsePlanBytes(bytes, path));
  });
}

/** Terraform's errors start with a blank line and `Error: <summary>`: the first line with text, bounded. */
function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'no error text';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
