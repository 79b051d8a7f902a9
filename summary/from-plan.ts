import { recordFromResource } from '../tfjson/records';
import { SummaryInputError } from './input-error';
import { ChangeAction, RecordChange, sortChanges, StackChanges } from './record-change';

/** The parts of `terraform show -json <planfile>` read here (format 1.x). */
interface PlanResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
    readonly importing?: unknown;
  };
}

export interface TerraformPlanJson {
  readonly format_version: string;
  readonly resource_changes?: readonly PlanResourceChange[];
}

/**
 * Checks that parsed JSON is a plan from `terraform show -json <planfile>`; throws a {@link SummaryInputError}
 * saying what it is instead (a state, a synthesized stack...).
 */
export function assertPlanJson(json: unknown, source: string): asserts json is TerraformPlanJson {
  const hint = 'expected the output of `terraform show -json <planfile>`';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SummaryInputError(`${source} is not a Terraform plan: ${hint}`);
  const o = json as Record<string, unknown>;
  if ('format_version' in o && 'values' in o && !('planned_values' in o)) throw new SummaryInputError(`${source} is a Terraform state, not a plan: ${hint}`);
  if (typeof o.version === 'number' && 'resources' in o) throw new SummaryInputError(`${source} is a terraform.tfstate file, not a plan: ${hint}`);
  if ('resource' in o || ('terraform' in o && 'provider' in o)) throw new SummaryInputError(`${source} is Terraform configuration (cdk.tf.json?), not a plan: ${hint}, or compare synth outputs with --base/--head`);
  if (typeof o.format_version !== 'string' || !('planned_values' in o || 'resource_changes' in o)) {
    throw new SummaryInputError(`${source} is not a Terraform plan (no format_version and resource_changes): ${hint}`);
  }
  if (!/^1\./.test(o.format_version)) throw new SummaryInputError(`${source} has plan format ${o.format_version}; this summary reads format 1.x`);
  if (o.resource_changes !== undefined && !Array.isArray(o.resource_changes)) throw new SummaryInputError(`${source}: resource_changes is not a list`);
  ((o.resource_changes ?? []) as unknown[]).forEach((rc, i) => {
    const bad = resourceChangeProblem(rc);
    if (bad) throw new SummaryInputError(`${source}: resource_changes[${i}] ${bad}`);
  });
}

function resourceChangeProblem(rc: unknown): string | undefined {
  if (typeof rc !== 'object' || rc === null) return 'is not an object';
  const { address, type, change } = rc as Record<string, unknown>;
  if (typeof address !== 'string' || typeof type !== 'string') return 'has no address or type';
  if (typeof change !== 'object' || change === null || !Array.isArray((change as Record<string, unknown>).actions)) return `(${address}) has no change.actions`;
  const { before, after } = change as Record<string, unknown>;
  for (const [side, value] of [['before', before], ['after', after]] as const) {
    if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) return `(${address}) change.${side} is not an object`;
  }
  return undefined;
}

/** The DNS record changes of one stack's plan; no-op records are left out, other resources only counted. */
export function changesFromPlan(stack: string, plan: TerraformPlanJson): StackChanges {
  const changes: RecordChange[] = [];
  let otherChanges = 0;
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const action = planAction(rc.change.actions, rc.change.importing !== undefined);
    if (action === undefined) continue;
    const change = recordChange(stack, rc, action);
    if (change) changes.push(change);
    else otherChanges++;
  }
  return { stack, changes: sortChanges(changes), otherChanges, notes: [] };
}

/** Terraform's action list → ours; undefined for no-op, read and forget (nothing happens to DNS). */
export function planAction(actions: readonly string[], importing: boolean): ChangeAction | undefined {
  const key = actions.join(',');
  if (key === 'create') return 'create';
  if (key === 'update') return 'update';
  if (key === 'delete') return 'delete';
  if (key === 'delete,create' || key === 'create,delete') return 'replace';
  if (key === 'no-op' && importing) return 'import';
  return undefined;
}

function recordChange(stack: string, rc: PlanResourceChange, action: ChangeAction): RecordChange | undefined {
  const { before, after, after_unknown: unknown = {} } = rc.change;
  const old = before ? recordFromResource(rc.type, before) : undefined;
  const now = after ? recordFromResource(rc.type, after) : undefined;
  const record = now ?? old;
  if (!record) return undefined;
  const renamed = old && now && old.name !== now.name ? { nameBefore: old.name } : {};
  const retyped = old && now && old.type !== now.type ? { typeBefore: old.type } : {};
  const forcedBy = (rc.change.replace_paths ?? []).map((path) => forcingChange(path, before, after));
  return {
    stack,
    action,
    name: record.name,
    type: record.type,
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
    ...(action === 'replace' && forcedBy.length > 0 && { note: `${forcedBy.join(', ')} forces replacement` }),
  };
}

/** `zone_id` (`Z1…` → `Z2…`): the attribute that forces a replacement, with its values when they are plain. */
function forcingChange(path: readonly (string | number)[], before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const attribute = path.join('.');
  const [was, now] = path.length === 1 ? [before?.[path[0]!], after?.[path[0]!]] : [undefined, undefined];
  const plain = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  return plain(was) && plain(now) ? `${attribute} \`${was}\` → \`${now}\`` : attribute;
}

/** Route53 and Cloudflare records both carry `zone_id`; a change of it moves the record to another zone. */
function zoneMove(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { zoneBefore?: string; zoneAfter?: string } {
  const [was, now] = [before?.zone_id, after?.zone_id];
  return typeof was === 'string' && typeof now === 'string' && was !== now ? { zoneBefore: was, zoneAfter: now } : {};
}
