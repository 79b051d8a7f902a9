import { join } from 'node:path';
import { readPlansManifest } from '../pipeline/plans-manifest';
import { changesFromPlan } from './from-plan';
import { SummaryInputError } from './input-error';
import { readPlanFile } from './read-plan';
import { StackChanges } from './record-change';

/**
 * The stack changes of a plans folder written by `email-auth plan --out DIR`: each planned stack's `plan.json` as its
 * manifest lists it, and each stack whose plan failed with terraform's error (the summary lists it under "Needs
 * attention": a failed plan shows nothing of what the change would do). Every failure to read is a one-line
 * {@link SummaryInputError} naming the folder.
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
    return changesFromPlan(planned.stack, readPlanFile(join(dir, planned.planJson)));
  });
}

/** Terraform's errors start with a blank line and `Error: <summary>`: the first line with text, bounded. */
function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'no error text';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
