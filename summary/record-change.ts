/**
 * One DNS record set (name + type) that a change would create, update, delete or replace: the neutral form both
 * summary sources produce (a Terraform plan, or two synth outputs compared) and the Markdown renderer reads.
 */
export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'import' | 'forget';

export interface RecordChange {
  /** Stack (cdktf.out/stacks/<stack>), e.g. `email-auth-mosa`. */
  readonly stack: string;
  readonly action: ChangeAction;
  /** Lowercase, no trailing dot; the name after the change (before it, for a delete). */
  readonly name: string;
  readonly type: string;
  /** Set when a replacement renames the record or changes its type. */
  readonly nameBefore?: string;
  readonly typeBefore?: string;
  /** Set when the record moves to another hosted zone (known from a plan only). */
  readonly zoneBefore?: string;
  readonly zoneAfter?: string;
  readonly ttlBefore?: number;
  readonly ttlAfter?: number;
  /** Values as logical text (TXT strings joined, MX as "priority host"), sorted; empty when there is no record. */
  readonly before: readonly string[];
  readonly after: readonly string[];
  /**
   * For a provider that keeps one value per resource (Cloudflare): every value of this name and type in the stack
   * after the change, the other resources' values included. Absent when the change is the whole record set (Route53)
   * or the rest of the set is unknown.
   */
  readonly setAfter?: readonly string[];
  /** True when the plan knows the new values only after apply. */
  readonly afterUnknown?: boolean;
  /** Terraform address, for the reader who wants to find it in the plan. */
  readonly address?: string;
  /** Terraform imports the existing record (import block) before any update: `import` when nothing else changes. */
  readonly importing?: boolean;
  /** Why, when it is not obvious: what forces a replacement, an import... Markdown, values as code spans (`md`). */
  readonly note?: string;
  /**
   * Set for a DNS resource this summary does not read in full (another provider's record, a whole zone): its name,
   * type and values are read best-effort and may be missing.
   */
  readonly otherDns?: OtherDnsResource;
}

/** A DNS resource of a type the summary knows only by name (see summary/other-dns.ts). */
export interface OtherDnsResource {
  /** Terraform resource type, e.g. `google_dns_record_set`. */
  readonly resourceType: string;
  /** A record (set), or a whole zone: deleting a zone deletes every record in it. */
  readonly kind: 'record' | 'zone';
}

/** The changes of one stack, and what the summary leaves out. */
export interface StackChanges {
  readonly stack: string;
  readonly changes: readonly RecordChange[];
  /** Changed resources that are not DNS records (IAM outputs, data sources...): counted, not listed. */
  readonly otherChanges: number;
  /** Updates the provider plans that change nothing in DNS (summary/provider-noise.ts): counted, not listed. */
  readonly providerNoise?: number;
  /** Facts about the stack as a whole, e.g. "removed from the synth output". Markdown, values as code spans. */
  readonly notes: readonly string[];
  /**
   * The stack is gone from the config while its records and state stay: nothing deletes them and nothing manages them
   * any more (known from two synth outputs, or from `changed --json` next to plans).
   */
  readonly orphaned?: boolean;
  /** The stack's plan failed (`email-auth plan`): terraform's error, first line. Nothing is known of its changes. */
  readonly planError?: string;
}

export interface ChangeReport {
  /** Where the changes come from: a Terraform plan knows replacements and state; a synth comparison does not. */
  readonly source: 'plan' | 'synth';
  readonly stacks: readonly StackChanges[];
}

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly destroy: number;
  readonly replace: number;
  readonly import: number;
  /** Records Terraform stops managing (`removed` blocks): they stay in DNS. */
  readonly forget: number;
}

/** Counted the way `terraform plan` counts: a replacement is one to create and one to destroy. */
export function countChanges(changes: readonly RecordChange[]): ChangeCounts {
  const n = (action: ChangeAction) => changes.filter((c) => c.action === action).length;
  return {
    create: n('create') + n('replace'),
    update: n('update'),
    destroy: n('delete') + n('replace'),
    replace: n('replace'),
    import: changes.filter((c) => c.importing).length,
    forget: n('forget'),
  };
}

export function addCounts(a: ChangeCounts, b: ChangeCounts): ChangeCounts {
  return { create: a.create + b.create, update: a.update + b.update, destroy: a.destroy + b.destroy, replace: a.replace + b.replace, import: a.import + b.import, forget: a.forget + b.forget };
}

/** Records in reading order: by name, then type. */
export function sortChanges(changes: readonly RecordChange[]): RecordChange[] {
  return [...changes].sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
}
