import { SummaryInputError } from './input-error';

/**
 * The parts of `terraform show -json <planfile>` (format 1.x) the summary reads, and the checks that make reading
 * them safe: a plan is a file from outside, so every field read is checked for its type first, and a plan that does
 * not have the expected shape is refused with the file and the field named.
 */
export interface PlanResourceChange {
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
 * The action lists Terraform writes (internal/command/jsonplan, `actionString`); anything else is refused rather than
 * silently dropped, so a plan from a newer Terraform with a new kind of action cannot hide a deletion.
 */
export const PLAN_ACTIONS: readonly string[] = ['no-op', 'create', 'read', 'update', 'delete', 'delete,create', 'create,delete', 'forget', 'create,forget'];

/** Attribute types of the record resources the summary reads in full (tfjson/records.ts); null means unknown yet. */
const RECORD_ATTRIBUTES: Record<string, Record<string, 'string' | 'number' | 'string list'>> = {
  aws_route53_record: { name: 'string', type: 'string', ttl: 'number', records: 'string list', zone_id: 'string' },
  cloudflare_dns_record: { name: 'string', type: 'string', ttl: 'number', content: 'string', priority: 'number', zone_id: 'string' },
};

/** Addresses and values quoted in errors are cut to this length. */
const QUOTE_MAX = 120;

/**
 * Checks that parsed JSON is a plan from `terraform show -json <planfile>`; throws a {@link SummaryInputError}
 * saying what it is instead (a state, a synthesized stack...), or which field of which resource change is wrong.
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
  if (!/^1\./.test(o.format_version)) throw new SummaryInputError(`${source} has plan format ${quote(o.format_version)}; this summary reads format 1.x`);
  if (o.resource_changes !== undefined && !Array.isArray(o.resource_changes)) throw new SummaryInputError(`${source}: resource_changes is not a list`);
  ((o.resource_changes ?? []) as unknown[]).forEach((rc, i) => {
    const bad = resourceChangeProblem(rc);
    if (bad) throw new SummaryInputError(`${source}: resource_changes[${i}] ${bad}`);
  });
}

function resourceChangeProblem(rc: unknown): string | undefined {
  if (!isObject(rc)) return 'is not an object';
  const { address, type, mode, change } = rc;
  if (typeof address !== 'string' || typeof type !== 'string') return 'has no address or type';
  const at = `(${quote(address)})`;
  if (mode !== undefined && typeof mode !== 'string') return `${at} mode is ${kind(mode)}, not a string`;
  if (!isObject(change) || !Array.isArray(change.actions)) return `${at} has no change.actions`;
  const actions = change.actions as unknown[];
  if (!actions.every((a) => typeof a === 'string') || !PLAN_ACTIONS.includes(actions.join(','))) {
    return `${at} change.actions ${quote(JSON.stringify(actions))} is not an action list Terraform writes (${PLAN_ACTIONS.map((a) => `[${a}]`).join(', ')})`;
  }
  for (const side of ['before', 'after'] as const) {
    const value = change[side];
    if (value === null || value === undefined) continue;
    if (!isObject(value)) return `${at} change.${side} is not an object`;
    const wrong = attributeProblem(type, value);
    if (wrong) return `${at} change.${side}.${wrong}`;
  }
  if (change.after_unknown !== undefined && !isObject(change.after_unknown)) return `${at} change.after_unknown is not an object`;
  const paths = change.replace_paths;
  if (paths !== undefined && !(Array.isArray(paths) && paths.every((p) => Array.isArray(p) && p.every((s) => typeof s === 'string' || typeof s === 'number')))) {
    return `${at} change.replace_paths is not a list of attribute paths`;
  }
  return undefined;
}

/** The first attribute of a record resource read in full whose type is wrong, as `records[2] is a number, not a string`. */
function attributeProblem(resourceType: string, values: Record<string, unknown>): string | undefined {
  const expected = RECORD_ATTRIBUTES[resourceType];
  if (!expected) return undefined;
  for (const [key, want] of Object.entries(expected)) {
    const value = values[key];
    if (value === null || value === undefined) continue;
    if (want === 'string list') {
      if (!Array.isArray(value)) return `${key} is ${kind(value)}, not a list of strings`;
      const i = value.findIndex((v) => typeof v !== 'string');
      if (i >= 0) return `${key}[${i}] is ${kind(value[i])}, not a string`;
    } else if (want === 'number' ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== want) {
      return `${key} is ${kind(value)}, not a ${want}`;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A value from the plan as it appears in an error: cut to {@link QUOTE_MAX} characters (the CLI escapes controls). */
function quote(text: string): string {
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}… (${text.length} chars)` : text;
}
