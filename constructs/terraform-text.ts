import { Token } from '../core';
import { terraformLiteral } from '../model/terraform-template';

/**
 * cdktf's encoding of a string token inside a string (`${TfToken[TOKEN.12]}`, cdktf/lib/tokens/private/encoding.js):
 * the references cdktf itself resolves (`${data.aws_route53_zone.zone.zone_id}`) and that must stay expressions.
 */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/**
 * A string for synthesized Terraform that evaluates to exactly the text given. Terraform evaluates `${…}` and `%{…}`
 * in every string of a `.tf.json` file and cdktf passes plain strings through unchanged, so without this a config
 * value such as a `keepTxt` entry `${file("/proc/self/environ")}` or an SPF macro `exists:%{i}._spf.example.org`
 * would be evaluated at plan time instead of published.
 *
 * cdktf's own tokens in the string are kept: a whole token stays a reference, and a literal mixed with tokens (an
 * IAM policy naming a looked-up zone id) is escaped around them. A literal part that ends in `$` right before a token
 * is written `${"$"}`, since `$` followed by `${` would read as the escape `$${`.
 */
export function terraformString(value: string): string {
  if (!Token.isUnresolved(value)) return terraformLiteral(value);
  let out = '';
  let last = 0;
  for (const match of value.matchAll(STRING_TOKEN)) {
    out += literalPart(value.slice(last, match.index), true) + match[0];
    last = match.index! + match[0].length;
  }
  return out + literalPart(value.slice(last), false);
}

function literalPart(text: string, tokenFollows: boolean): string {
  const escaped = terraformLiteral(text);
  return tokenFollows && escaped.endsWith('$') ? `${escaped.slice(0, -1)}\${"$"}` : escaped;
}

/**
 * {@link terraformString} applied to every string of a props object, deeply: the one way this project hands strings
 * to cdktf (resources, data sources, providers, backends, outputs, import ids). Objects that are not plain (tokens,
 * constructs, class instances) are passed through: cdktf resolves those itself.
 */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === 'string') return terraformString(value) as T;
  if (Array.isArray(value)) return value.map(terraformLiterals) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, terraformLiterals(child)])) as T;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
