import { recordFromResource } from '../tfjson/records';
import { md, MdText } from './markdown-text';
import { otherDnsResource, readOtherDns } from './other-dns';
import { PlanResourceChange, TerraformPlanJson } from './plan-json';
import { isProviderNoise } from './provider-noise';
import { ChangeAction, RecordChange, sortChanges, StackChanges } from './record-change';

export { assertPlanJson, TerraformPlanJson } from './plan-json';

/**
 * The DNS record changes of one stack's plan (checked by `assertPlanJson`); no-op records are left out, and so are
 * the provider's known no-op updates (provider-noise.ts), counted; other DNS resources (another provider's records,
 * zones) read best-effort, other resources only counted.
 */
export function changesFromPlan(stack: string, plan: TerraformPlanJson): StackChanges {
  const changes: RecordChange[] = [];
  let otherChanges = 0;
  let providerNoise = 0;
  const managed = (plan.resource_changes ?? []).filter((rc) => rc.mode !== 'data');
  const sets = onePerValueSets(managed);
  for (const rc of managed) {
    const action = planAction(rc.change.actions, rc.change.importing !== undefined);
    if (action === undefined) continue;
    if (isProviderNoise(rc)) {
      providerNoise++;
      continue;
    }
    const change = recordChange(stack, rc, action);
    if (!change) otherChanges++;
    else changes.push(rc.type === ONE_PER_VALUE && action === 'delete' ? { ...change, setAfter: sets.get(`${change.name} ${change.type}`) ?? [] } : change);
  }
  return { stack, changes: sortChanges(changes), otherChanges, notes: [], ...(providerNoise > 0 && { providerNoise }) };
}

/** Cloudflare keeps one value per resource: a record set is every resource of one name and type. */
const ONE_PER_VALUE = 'cloudflare_dns_record';

/**
 * Name + type → the values of a one-value-per-resource provider's record set after the plan, from every resource the
 * plan lists (unchanged ones included: Terraform lists them as no-op). Deleting one MX host of two is then told
 * apart from deleting the last one.
 */
function onePerValueSets(changes: readonly PlanResourceChange[]): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const rc of changes) {
    if (rc.type !== ONE_PER_VALUE || !rc.change.after) continue;
    const record = recordFromResource(rc.type, rc.change.after);
    if (!record) continue;
    const key = `${record.name} ${record.type}`;
    sets.set(key, [...(sets.get(key) ?? []), ...record.values]);
  }
  return sets;
}

/**
 * Terraform's action list → ours; undefined for no-op and read (nothing happens to DNS). `forget` (a `removed` block
 * with `destroy = false`, `retired: forget`) leaves the record in DNS and stops managing it. `create,forget` creates
 * the new object and only forgets the old one: a create for DNS.
 */
export function planAction(actions: readonly string[], importing: boolean): ChangeAction | undefined {
  const key = actions.join(',');
  if (key === 'forget') return 'forget';
  if (key === 'create' || key === 'create,forget') return 'create';
  if (key === 'update') return 'update';
  if (key === 'delete') return 'delete';
  if (key === 'delete,create' || key === 'create,delete') return 'replace';
  if (key === 'no-op' && importing) return 'import';
  return undefined;
}

/** One resource change as a record change: records read in full, other DNS resources best-effort, else undefined. */
function recordChange(stack: string, rc: PlanResourceChange, action: ChangeAction): RecordChange | undefined {
  const { before, after } = rc.change;
  const other = otherDnsResource(rc.type);
  const read = (values: Record<string, unknown> | null) => {
    if (!values) return undefined;
    return other ? readOtherDns(other, values) : recordFromResource(rc.type, values);
  };
  const [old, now] = [read(before), read(after)];
  const record = now ?? old;
  if (!record) return undefined;
  // Another provider's record may not say its name or type in a form we know: the address still identifies it.
  const [name, type] = [record.name ?? old?.name ?? rc.address, record.type ?? old?.type ?? '?'];
  const renamed = old?.name !== undefined && now?.name !== undefined && old.name !== now.name ? { nameBefore: old.name } : {};
  const retyped = old?.type !== undefined && now?.type !== undefined && old.type !== now.type ? { typeBefore: old.type } : {};
  const { after_unknown: unknown = {} } = rc.change;
  const forcedBy = (rc.change.replace_paths ?? []).map((path) => forcingChange(path, before, after));
  const forgotten = rc.change.actions.join(',') === 'create,forget';
  const note =
    action === 'replace' && forcedBy.length > 0
      ? md`${joinMd(forcedBy)} forces replacement`.markdown
      : forgotten
        ? md`the old object is forgotten, not destroyed (\`removed\` with \`destroy = false\`): it stays in DNS, no longer managed`.markdown
        : undefined;
  return {
    stack,
    action,
    name,
    type,
    ...renamed,
    ...retyped,
    ...zoneMove(before, after),
    ...(old?.ttl !== undefined && { ttlBefore: old.ttl }),
    ...(now?.ttl !== undefined && { ttlAfter: now.ttl }),
    before: old?.values ?? [],
    after: now?.values ?? [],
    ...(now && (unknown.records === true || unknown.content === true) && { afterUnknown: true }),
    address: rc.address,
    ...(rc.change.importing !== undefined && { importing: true }),
    ...(note !== undefined && { note }),
    ...(other && { otherDns: other }),
  };
}

/** `zone_id` `Z1…` → `Z2…`: the attribute that forces a replacement, with its values when they are plain. */
function forcingChange(path: readonly (string | number)[], before: Record<string, unknown> | null, after: Record<string, unknown> | null): MdText {
  const attribute = path.join('.');
  const [was, now] = path.length === 1 ? [before?.[path[0]!], after?.[path[0]!]] : [undefined, undefined];
  const plain = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
  return plain(was) && plain(now) ? md`${attribute} ${String(was)} → ${String(now)}` : md`${attribute}`;
}

/** `a`, `b`: parts joined with commas. */
function joinMd(parts: readonly MdText[]): MdText {
  return parts.slice(1).reduce((all, part) => md`${all}, ${part}`, parts[0] ?? md``);
}

/** Route53 and Cloudflare records both carry `zone_id`; a change of it moves the record to another zone. */
function zoneMove(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { zoneBefore?: string; zoneAfter?: string } {
  const [was, now] = [before?.zone_id, after?.zone_id];
  return typeof was === 'string' && typeof now === 'string' && was !== now ? { zoneBefore: was, zoneAfter: now } : {};
}
