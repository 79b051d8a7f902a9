/**
 * Terraform's template syntax in strings: `${…}` interpolates and `%{…}` starts a directive, in every string of a
 * `.tf.json` file; `$${` and `%%{` are the escapes for a literal `${` and `%{`. The pure half of the escaping that
 * constructs/terraform-text.ts applies to everything written into synthesized Terraform, and its inverse for reading
 * synthesized stacks back (`summary --base/--head`, `verify --planned`).
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1
 */

/** A literal as Terraform must be given it so that it evaluates to exactly `text`. */
export function terraformLiteral(text: string): string {
  // A replacement function: in a replacement string `$$` would mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * The text Terraform evaluates a literal to: the inverse of {@link terraformLiteral} (`$$${x}` → `$${x}`). Only for
 * strings that hold no expression; a reference such as `${data.aws_route53_zone.zone.zone_id}` is returned as is.
 */
export function publishedText(literal: string): string {
  return literal.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

/**
 * Where a string of synthesized Terraform holds template syntax that is not escaped: an interpolation or directive
 * Terraform will evaluate. Returns each one's text (`${path.cwd}`, `%{ if`), empty when there is none.
 */
export function templateSequences(text: string): string[] {
  const found: string[] = [];
  // Terraform reads `$${` as the escape wherever a run of `$` before `{` is two or longer (`$$${` is a literal `$`
  // and the escape), so only a lone `$` (or `%`) before `{` starts an interpolation (a directive).
  for (const m of text.matchAll(/(\$+|%+)\{/g)) {
    if (m[1]!.length === 1) {
      const start = m.index! + m[1]!.length - 1;
      const end = text.indexOf('}', start);
      found.push(text.slice(start, end < 0 ? text.length : end + 1));
    }
  }
  return found;
}
