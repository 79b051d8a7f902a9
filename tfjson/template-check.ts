import { templateSequences } from '../model/terraform-template';

/** A string in a synthesized stack that Terraform would evaluate although it is not one of the stack's references. */
export interface UnescapedTemplate {
  /** JSON path in `cdk.tf.json`, e.g. `resource.aws_route53_record.email-auth_spf_20C5DE82.records[1]`. */
  readonly path: string;
  /** The interpolation or directive, e.g. `${path.cwd}` or `%{ if`. */
  readonly sequence: string;
}

/** `${aws_route53_record.name.attr}` or `${data.type.name.attr}`: the references cdktf writes. */
const REFERENCE = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(\.[A-Za-z0-9_]+)+\}$/;

/**
 * The invariant behind every literal this project writes (constructs/terraform-text.ts): the only template syntax in
 * a synthesized stack is cdktf's own references to the stack's resources and data sources. Everything else, a `%{`
 * directive or any other `${…}`, is config text that escaped escaping. cdktf's `//` metadata is not configuration.
 */
export function unescapedTemplates(stack: Record<string, unknown>): UnescapedTemplate[] {
  const declared = (block: unknown, type: string, name: string) => {
    const types = block as Record<string, Record<string, unknown> | undefined> | undefined;
    return types?.[type]?.[name] !== undefined;
  };
  const found: UnescapedTemplate[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const sequence of templateSequences(value)) {
        const ref = REFERENCE.exec(sequence);
        const known = ref && declared(ref[1] ? stack.data : stack.resource, ref[2]!, ref[3]!);
        if (!known) found.push({ path, sequence });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) if (key !== '//') visit(child, path ? `${path}.${key}` : key);
    }
  };
  visit(stack, '');
  return found;
}
