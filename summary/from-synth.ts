import { readSynthOutput, SynthOutput, TerraformDnsRecord } from '../tfjson/records';
import { SummaryInputError } from './input-error';
import { md } from './markdown-text';
import { RecordChange, sortChanges, StackChanges } from './record-change';

/** Why a synth comparison is not a plan; printed with every credential-free summary. */
export const SYNTH_CAVEAT =
  'Compared the synthesized configuration of both branches, not live state: drift, and replacements that only ' +
  'the provider knows (a changed zone), show up in `terraform plan` only.';

/** The stacks and records of a synth output folder, or a {@link SummaryInputError} naming what is wrong. */
export function readSynth(outdir: string, label: string): SynthOutput {
  try {
    return readSynthOutput(outdir);
  } catch (e) {
    throw new SummaryInputError(`--${label} ${outdir}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** One side of a synth comparison: a whole synth output, or just its records (stacks and forgets then follow from them). */
export type SynthSide = SynthOutput | readonly TerraformDnsRecord[];

/**
 * The changes from one synth output to another, record sets keyed by stack + name + type. A record set whose
 * Terraform address changes is a replacement: without a `moved` block, Terraform destroys the old resource and
 * creates the new one. A record the head lets Terraform forget (`removed` block) is forgotten, not deleted. A stack the
 * head no longer has is orphaned: nothing deploys its deletion, so its records stay in DNS and its state stays.
 */
export function changesFromSynth(baseSide: SynthSide, headSide: SynthSide): StackChanges[] {
  const [base, head] = [synthOutput(baseSide), synthOutput(headSide)];
  const headStacks = new Set(head.stacks);
  const stacks = [...new Set([...base.stacks, ...head.stacks])].sort();
  return stacks.map((stack) => {
    const was = keyed(base.records.filter((r) => r.stack === stack));
    // The summary says what an orphaned stack means in "Needs attention" (markdown.ts), once.
    if (!headStacks.has(stack)) return { stack, changes: [], otherChanges: 0, notes: [], orphaned: true };
    const now = keyed(head.records.filter((r) => r.stack === stack));
    const forgotten = head.forgotten.get(stack) ?? new Set<string>();
    const changes: RecordChange[] = [];
    for (const key of [...new Set([...was.keys(), ...now.keys()])]) {
      const change = compare(stack, was.get(key), now.get(key), forgotten);
      if (change) changes.push(change);
    }
    return { stack, changes: sortChanges(changes), otherChanges: 0, notes: [] };
  });
}

/** What an orphaned stack means and the two ways out (issue: offboarding). Markdown. */
export const ORPHANED_NOTE =
  'Orphaned: the institution is gone from the config, but its records stay live and its Terraform state stays; nothing ' +
  'deletes or manages them any more. Two ways out: put it back with `retired: true` (the reviewed plan deletes its ' +
  'records) or `retired: forget` (Terraform forgets them, they stay in DNS), apply, then remove it; or keep it as it was.';

function isMerged(record: RecordSet): boolean {
  return record.merged === true;
}

function synthOutput(side: SynthSide): SynthOutput {
  if (!Array.isArray(side)) return side as SynthOutput;
  const records = side as readonly TerraformDnsRecord[];
  return { stacks: [...new Set(records.map((r) => r.stack))].sort(), records, forgotten: new Map() };
}

/**
 * Record sets by name and type. A provider that keeps one value per resource (Cloudflare: one resource per MX host)
 * gives several records for one set: their values are merged, so the set is compared whole.
 */
type RecordSet = TerraformDnsRecord & { readonly merged?: boolean };

function keyed(records: readonly TerraformDnsRecord[]): Map<string, RecordSet> {
  const map = new Map<string, RecordSet>();
  for (const r of records) {
    const key = `${r.name} ${r.type}`;
    const seen = map.get(key);
    map.set(key, seen ? { ...seen, values: [...seen.values, ...r.values].sort(), address: seen.address < r.address ? seen.address : r.address, merged: true } : r);
  }
  return map;
}

function compare(stack: string, was: RecordSet | undefined, now: RecordSet | undefined, forgotten: ReadonlySet<string>): RecordChange | undefined {
  const record = (now ?? was)!;
  const base = {
    stack,
    name: record.name,
    type: record.type,
    ...(was?.ttl !== undefined && { ttlBefore: was.ttl }),
    ...(now?.ttl !== undefined && { ttlAfter: now.ttl }),
    before: was?.values ?? [],
    after: now?.values ?? [],
    address: record.address,
  };
  if (!was) return { ...base, action: 'create' };
  if (!now) return { ...base, action: forgotten.has(record.address) ? 'forget' : 'delete' };
  // A merged set (several resources) is one record set whose resources come and go: an update, not a replacement.
  if (was.address !== now.address && !isMerged(was) && !isMerged(now)) return { ...base, action: 'replace', note: md`address changes from ${was.address}; a \`moved\` block keeps it`.markdown };
  const same = was.ttl === now.ttl && was.values.length === now.values.length && was.values.every((v, i) => v === now.values[i]);
  return same ? undefined : { ...base, action: 'update' };
}
