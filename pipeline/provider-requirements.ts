import { LOCK_FILE, LockedProvider } from './lock-file';
import { satisfies } from './version-constraint';

/** A provider a synthesized stack requires. */
export interface ProviderRequirement {
  /** Fully qualified address, `registry.terraform.io/hashicorp/aws`. */
  readonly address: string;
  /** The stack's version constraint, `>= 5.100, < 7`, when it gives one. */
  readonly constraint?: string;
}

const DEFAULT_HOST = 'registry.terraform.io';
const DEFAULT_NAMESPACE = 'hashicorp';

/** A `source` as Terraform reads it: `aws` → `registry.terraform.io/hashicorp/aws`, `cloudflare/cloudflare` → on the registry. */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `${DEFAULT_HOST}/${DEFAULT_NAMESPACE}/${parts[0]}`;
  if (parts.length === 2) return `${DEFAULT_HOST}/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

/**
 * The providers a synthesized stack (`cdk.tf.json`, parsed) requires: its `terraform.required_providers`, and any
 * provider block without an entry there (Terraform then implies `hashicorp/<name>`). Sorted by address.
 */
export function requiredProviders(tf: unknown): ProviderRequirement[] {
  const root = record(tf);
  const declared = record(record(root?.terraform)?.required_providers) ?? {};
  const found = new Map<string, ProviderRequirement>();
  for (const [name, entry] of Object.entries(declared)) {
    const e = record(entry);
    const source = typeof entry === 'string' ? name : typeof e?.source === 'string' ? e.source : name;
    const constraint = typeof entry === 'string' ? entry : typeof e?.version === 'string' ? e.version : undefined;
    const address = providerAddress(source);
    found.set(address, { address, ...(constraint !== undefined && { constraint }) });
  }
  for (const name of Object.keys(record(root?.provider) ?? {})) {
    if (Object.hasOwn(declared, name)) continue;
    const address = providerAddress(name);
    if (!found.has(address)) found.set(address, { address });
  }
  return [...found.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
}

/** The remedy for every lock-file problem: the file is refreshed on purpose, by a person, and reviewed. */
export const LOCK_REMEDY = `run \`email-auth lock\` (with registry access, or --fs-mirror DIR), commit ${LOCK_FILE} and synth again`;

/**
 * Why `terraform init -lockfile=readonly` would fail for these requirements with this lock file, one sentence per
 * provider (empty when it would not): a provider missing from the lock file, or locked at a version the stack's
 * constraint excludes. Checked before terraform starts, so that the stack fails with what to do instead of
 * terraform's "Provider dependency changes detected" after a provider download.
 */
export function lockProblems(requirements: readonly ProviderRequirement[], locked: readonly LockedProvider[] | undefined): string[] {
  const problems: string[] = [];
  for (const req of requirements) {
    const entry = locked?.find((p) => p.address === req.address);
    if (!entry) problems.push(`provider ${req.address} is not in the dependency lock file (${LOCK_FILE}): ${LOCK_REMEDY}`);
    else if (req.constraint !== undefined && satisfies(entry.version, req.constraint) === false) {
      problems.push(`the dependency lock file pins ${req.address} ${entry.version}, which the stack's constraint "${req.constraint}" excludes: ${LOCK_REMEDY}`);
    }
  }
  return problems;
}

/** The lock-file entries a stack needs, in the order of its requirements (missing ones left out). */
export function providersFor(requirements: readonly ProviderRequirement[], locked: readonly LockedProvider[]): LockedProvider[] {
  return requirements.flatMap((req) => locked.filter((p) => p.address === req.address));
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
