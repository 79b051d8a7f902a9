import type { IConstruct } from 'constructs';
import { TerraformStack } from '../core';
import { EmailAuthResource } from '../constructs/email-auth-base';

/** What a retired institution's stack does with the records it published. */
export type Retirement = true | 'forget';

/** A construct of records: the resources it made. */
interface RecordsConstruct extends IConstruct {
  readonly resources: readonly EmailAuthResource[];
}

/**
 * Offboards an institution's records. The constructs are built as for a live institution (so the records and their
 * Terraform addresses are exactly those in state), then taken out of the stack again:
 * - `true`: the stack declares no record, so the plan deletes each one (a reviewed deletion, never a silent one);
 * - `forget`: one `removed` block per record with `destroy = false` (Terraform >= 1.7): Terraform drops them from
 *   state and they stay in DNS, unmanaged. (`prevent_destroy` would not stop the deletion of a resource that is gone
 *   from the configuration; `removed` is Terraform's way to let go of one.)
 * `others` are the stack's other record constructs (the report authorisations its zone publishes): they go the same way.
 * @returns the construct as it was built, for what the stack derives from its records (the IAM policy)
 * @see https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
 */
export function retire<T extends RecordsConstruct>(stack: TerraformStack, auth: T, how: Retirement, others: readonly (RecordsConstruct | undefined)[] = []): T {
  const constructs = [auth, ...others.filter((c): c is RecordsConstruct => c !== undefined)];
  const addresses = constructs.flatMap((c) => c.resources.map(addressOf));
  for (const c of constructs) stack.node.tryRemoveChild(c.node.id);
  if (how === 'forget') addRemovedBlocks(stack, addresses);
  return auth;
}

/**
 * Lets Terraform forget some records of a live stack, leaving them in DNS: the report authorisations its zone
 * published for an institution retired with `forget`. Their resources (construct ids `keys`) leave the construct, and
 * each gets a `removed` block with `destroy = false`.
 */
export function forgetRecords(stack: TerraformStack, construct: RecordsConstruct, keys: ReadonlySet<string>): void {
  const gone = construct.resources.filter((r) => keys.has(r.node.id));
  if (gone.length === 0) return;
  const addresses = gone.map(addressOf);
  for (const r of gone) construct.node.tryRemoveChild(r.node.id);
  addRemovedBlocks(stack, addresses);
}

/** `<type>.<name>`: the resource's address in its stack's Terraform. */
function addressOf(resource: EmailAuthResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** One override per stack: a stack either retires (all its records) or forgets some, never both. */
function addRemovedBlocks(stack: TerraformStack, addresses: readonly string[]): void {
  stack.addOverride('removed', addresses.map((from) => ({ from, lifecycle: { destroy: false } })));
}
