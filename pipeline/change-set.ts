import { LOCK_FILE } from './lock-file';
import { differingElements, StackTerraform } from './stack-digest';

/** One stack of a synth output, in comparable form (see {@link StackTerraform}). */
export interface StackState {
  readonly name: string;
  readonly terraform: StackTerraform;
  /** Its lock file's text, to name the lock file as a reason. */
  readonly lockText: string | undefined;
}

export interface StackChange {
  readonly stack: string;
  /** One line: why it is listed. */
  readonly reason: string;
}

export interface ChangedStack extends StackChange {
  /** The Terraform elements that differ (`aws_route53_record.<id>`, `terraform.backend`...), and `.terraform.lock.hcl`. */
  readonly elements: readonly string[];
}

/** The stacks whose Terraform differs between two synth outputs; each list sorted by stack name. */
export interface ChangeSet {
  readonly added: readonly StackChange[];
  readonly changed: readonly ChangedStack[];
  readonly removed: readonly StackChange[];
  /** How many stacks are in both outputs with the same Terraform. */
  readonly unchanged: number;
}

export const ADDED_REASON = 'new stack: not in the base synth output';

/**
 * A stack that is gone from the config: Terraform is never run for it again, so its records stay in DNS and its state
 * stays in the backend, unmanaged.
 */
export const ORPHANED_REASON =
  'orphaned: records stay live, state stays. Either retire it (`retired: true` on the institution deletes its records ' +
  'through a reviewed plan) or keep its records and forget it (`retired: forget`)';

/** How many element names a reason lists before "and N more" (the JSON's `elements` has them all). */
const REASON_ELEMENTS = 8;

/** The change set between two synth outputs: a pure function of their stacks. */
export function changeSet(base: readonly StackState[], head: readonly StackState[]): ChangeSet {
  const before = new Map(base.map((s) => [s.name, s]));
  const after = new Set(head.map((s) => s.name));
  const added: StackChange[] = [];
  const changed: ChangedStack[] = [];
  let unchanged = 0;
  for (const stack of head) {
    const old = before.get(stack.name);
    if (!old) added.push({ stack: stack.name, reason: ADDED_REASON });
    else if (old.terraform.digest === stack.terraform.digest) unchanged++;
    else {
      const elements = differingElements(old.terraform, stack.terraform);
      if (normalized(old.lockText) !== normalized(stack.lockText)) elements.push(LOCK_FILE);
      changed.push({ stack: stack.name, reason: changedReason(elements), elements });
    }
  }
  const removed = base.filter((s) => !after.has(s.name)).map((s) => ({ stack: s.name, reason: ORPHANED_REASON }));
  return { added: byName(added), changed: byName(changed), removed: byName(removed), unchanged };
}

/** The stacks to plan: added and changed (removed ones have no configuration left to plan), sorted. */
export function stacksToPlan(set: ChangeSet): string[] {
  return [...set.added, ...set.changed].map((s) => s.stack).sort(compare);
}

function changedReason(elements: readonly string[]): string {
  const shown = elements.slice(0, REASON_ELEMENTS).join(', ');
  return elements.length > REASON_ELEMENTS ? `${shown} and ${elements.length - REASON_ELEMENTS} more` : shown;
}

const normalized = (text: string | undefined) => text?.replace(/\r\n/g, '\n');
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = <T extends { stack: string }>(list: T[]) => list.sort((a, b) => compare(a.stack, b.stack));
