import { recordsFromSynth, TerraformDnsRecord } from '../tfjson/records';
import { SummaryInputError } from './input-error';
import { md } from './markdown-text';
import { RecordChange, sortChanges, StackChanges } from './record-change';

/** Why a synth comparison is not a plan; printed with every credential-free summary. */
export const SYNTH_CAVEAT =
  'Compared the synthesized configuration of both branches, not live state: drift, and replacements that only ' +
  'the provider knows (a changed zone), show up in `terraform plan` only.';

/** Every synthesized record of an output folder, or a {@link SummaryInputError} naming what is wrong. */
export function readSynth(outdir: string, label: string): TerraformDnsRecord[] {
  try {
    return recordsFromSynth(outdir);
  } catch (e) {
    throw new SummaryInputError(`--${label} ${outdir}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * The changes from one synth output to another, record sets keyed by stack + name + type. A record set whose
 * Terraform address changes is a replacement: without a `moved` block, Terraform destroys the old resource and
 * creates the new one.
 */
export function changesFromSynth(base: readonly TerraformDnsRecord[], head: readonly TerraformDnsRecord[]): StackChanges[] {
  const stacks = [...new Set([...base, ...head].map((r) => r.stack))].sort();
  return stacks.map((stack) => {
    const was = keyed(base.filter((r) => r.stack === stack));
    const now = keyed(head.filter((r) => r.stack === stack));
    const changes: RecordChange[] = [];
    for (const key of [...new Set([...was.keys(), ...now.keys()])]) {
      const change = compare(stack, was.get(key), now.get(key));
      if (change) changes.push(change);
    }
    const notes: string[] = [];
    if (now.size === 0 && was.size > 0) {
      // `cdktf deploy` only deploys the stacks it finds: a removed stack's records stay, no longer managed.
      notes.push(md`The stack is gone from the PR branch: deploying it does not delete these records; they stay in DNS, unmanaged, until someone runs ${`cdktf destroy ${stack}`} on the base branch.`.markdown);
    }
    return { stack, changes: sortChanges(changes), otherChanges: 0, notes };
  });
}

function keyed(records: readonly TerraformDnsRecord[]): Map<string, TerraformDnsRecord> {
  const map = new Map<string, TerraformDnsRecord>();
  for (const r of records) map.set(`${r.name} ${r.type}`, r);
  return map;
}

function compare(stack: string, was: TerraformDnsRecord | undefined, now: TerraformDnsRecord | undefined): RecordChange | undefined {
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
  if (!now) return { ...base, action: 'delete' };
  if (was.address !== now.address) return { ...base, action: 'replace', note: md`address changes from ${was.address}; a \`moved\` block keeps it`.markdown };
  const same = was.ttl === now.ttl && was.values.length === now.values.length && was.values.every((v, i) => v === now.values[i]);
  return same ? undefined : { ...base, action: 'update' };
}
