import { TerraformStack } from '../core';
import { EmailAuthBase, EmailAuthResource } from '../constructs/email-auth-base';

/** What a retired institution's stack does with the records it published. */
export type Retirement = true | 'forget';

/**
 * Offboards an institution's records. The construct is built as for a live institution (so the records and their
 * Terraform addresses are exactly those in state), then taken out of the stack again:
 * - `true`: the stack declares no record, so the plan deletes each one (a reviewed deletion, never a silent one);
 * - `forget`: one `removed` block per record with `destroy = false` (Terraform >= 1.7): Terraform drops them from
 *   state and they stay in DNS, unmanaged. (`prevent_destroy` would not stop the deletion of a resource that is gone
 *   from the configuration; `removed` is Terraform's way to let go of one.)
 * @returns the construct as it was built, for what the stack derives from its records (the IAM policy)
 * @see https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
 */
export function retire<T extends EmailAuthBase & { readonly resources: readonly EmailAuthResource[] }>(stack: TerraformStack, auth: T, how: Retirement): T {
  const addresses = auth.resources.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
  stack.node.tryRemoveChild(auth.node.id);
  if (how === 'forget') stack.addOverride('removed', addresses.map((from) => ({ from, lifecycle: { destroy: false } })));
  return auth;
}
