import { createHash } from 'node:crypto';
import { LOCK_FILE } from './lock-file';

/**
 * What Terraform would do with a synthesized stack, as one comparable value: its `cdk.tf.json` without cdktf's `//`
 * metadata keys, keys sorted, plus its dependency lock file. Whitespace, key order and metadata (construct paths,
 * cdktf's version) never change it; anything Terraform reads does. `changed` compares stacks by it, and `plan` records
 * it so that `apply` can refuse a plan whose stack has changed since.
 */
export interface StackTerraform {
  /** `sha256:<hex>` of the canonical form. */
  readonly digest: string;
  /** Each top-level element (`aws_route53_record.<id>`, `terraform.backend`, `output.<name>`...) → its canonical JSON. */
  readonly elements: ReadonlyMap<string, string>;
}

/** cdktf's metadata key, at any depth (stack metadata, construct paths of resources). */
const METADATA_KEY = '//';

/** Far deeper than any synthesized stack (about 8 levels); a bound, so that hostile input cannot exhaust the stack. */
export const MAX_DEPTH = 64;

/** The JSON nests deeper than {@link MAX_DEPTH}. */
export class TooDeepError extends Error {
  constructor() {
    super(`nested more than ${MAX_DEPTH} levels deep`);
  }
}

/** `value` without `//` keys, as JSON with keys in code-point order (arrays keep their order: it matters). */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new TooDeepError();
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => k !== METADATA_KEY)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The stack's elements by Terraform address: `<type>.<name>` for resources, `data.<type>.<name>`, `output.<name>`,
 * `provider.<name>`, `variable.<name>`, `module.<name>`, `locals.<name>`, `terraform.<setting>` (backend,
 * required_providers...), and any other top-level block (`import`, `moved`, `removed`) whole.
 */
export function terraformElements(tf: unknown): Map<string, string> {
  const elements = new Map<string, string>();
  const root = asRecord(tf) ?? {};
  for (const [block, body] of Object.entries(root)) {
    if (block === METADATA_KEY) continue;
    const byName = asRecord(body);
    if ((block === 'resource' || block === 'data') && byName) {
      for (const [type, instances] of Object.entries(byName)) {
        if (type === METADATA_KEY) continue;
        const byId = asRecord(instances);
        if (!byId) elements.set(`${block === 'data' ? 'data.' : ''}${type}`, canonicalJson(instances));
        else for (const [id, value] of Object.entries(byId)) if (id !== METADATA_KEY) elements.set(`${block === 'data' ? 'data.' : ''}${type}.${id}`, canonicalJson(value));
      }
    } else if (NAMED_BLOCKS.has(block) && byName) {
      for (const [name, value] of Object.entries(byName)) if (name !== METADATA_KEY) elements.set(`${block}.${name}`, canonicalJson(value));
    } else {
      elements.set(block, canonicalJson(body));
    }
  }
  return elements;
}

const NAMED_BLOCKS = new Set(['output', 'provider', 'variable', 'module', 'locals', 'terraform', 'check']);

/** The comparable form of a stack from the text of its `cdk.tf.json` (parsed by the caller) and of its lock file. */
export function stackTerraform(tf: unknown, lockText: string | undefined): StackTerraform {
  const elements = terraformElements(tf);
  const hash = createHash('sha256');
  for (const key of [...elements.keys()].sort()) hash.update(`${key}\0${elements.get(key)}\0`);
  hash.update(lockText === undefined ? `${LOCK_FILE}\0none` : `${LOCK_FILE}\0${lockText.replace(/\r\n/g, '\n')}`);
  return { digest: `sha256:${hash.digest('hex')}`, elements };
}

/** The elements that differ between two forms of a stack (added, removed or changed), sorted. */
export function differingElements(base: StackTerraform, head: StackTerraform): string[] {
  const keys = new Set([...base.elements.keys(), ...head.elements.keys()]);
  return [...keys].filter((k) => base.elements.get(k) !== head.elements.get(k)).sort();
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
