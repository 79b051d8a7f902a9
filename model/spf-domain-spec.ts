import { canonicalName, MAX_LABEL_LENGTH, MAX_NAME_LENGTH } from './names';
import { show } from './problems';

/**
 * How strictly SPF text is read.
 * - `rfc`: the grammar of RFC 7208 (§4.6.1, §7.1) and nothing more, as receivers read a live record (`verify`,
 *   summaries, the OpenSPF conformance suite). A domain-spec may hold any visible character (`foo:bar/baz.example.com`
 *   is valid) and unknown modifiers are ignored.
 * - `publish`: what this library agrees to publish from a config: names without macros must also be host names
 *   (letters, digits, hyphens, underscores), and only the `redirect` and `exp` modifiers exist, so that a typo such
 *   as `redirekt=` is an error instead of a silently ignored modifier.
 */
export type SpfSyntax = 'rfc' | 'publish';

/** RFC 7208 §7.1 macro letters allowed in a record; `c`, `r` and `t` are allowed only in the explanation text. */
const RECORD_LETTERS = new Set(['s', 'l', 'o', 'd', 'i', 'p', 'h', 'v']);
const EXPLANATION_ONLY_LETTERS = new Set(['c', 'r', 't']);
/** `%{` macro-letter transformers *delimiter `}`; transformers = *DIGIT ["r"]. */
const MACRO_BODY = /^([a-z])([0-9]*)(r?)([.\-+,/_=]*)$/i;
/** `"." toplabel ["."]` at the end of a domain-spec: alphanumeric with a letter, or with inner hyphens (§7.1). */
const TOPLABEL_END = /\.(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])\.?$/i;
const HOST_LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

export interface MacroString {
  /** Why the text is not a macro-string, or undefined. */
  readonly error?: string;
  readonly hasMacros: boolean;
  /** True when the text ends in a macro-expand, which then stands for the domain's end (§7.1 domain-end). */
  readonly endsInMacro: boolean;
}

/**
 * RFC 7208 §7.1 macro-string: visible ASCII except `%`, and macro-expands `%{letter digits r delimiters}`, `%%`,
 * `%_`, `%-`. Letters `c`, `r`, `t` are refused: they are allowed only in the explanation text that `exp=` points to.
 */
export function scanMacroString(text: string): MacroString {
  let hasMacros = false;
  let endsInMacro = false;
  const bad = (why: string): MacroString => ({ error: `bad macro in ${show(text)}: ${why} (RFC 7208 §7.1)`, hasMacros, endsInMacro });
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return { error: `${show(text)} contains a space, control or non-ASCII character (RFC 7208 §7.1 allows visible ASCII only)`, hasMacros, endsInMacro };
    if (text[i] !== '%') {
      endsInMacro = false;
      i++;
      continue;
    }
    hasMacros = endsInMacro = true;
    const next = text[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      i += 2;
      continue;
    }
    if (next !== '{') return bad('"%" must start %{letter}, %%, %_ or %-');
    const close = text.indexOf('}', i);
    const body = close < 0 ? undefined : MACRO_BODY.exec(text.slice(i + 2, close));
    if (!body) return bad(`${show(text.slice(i, close < 0 ? undefined : close + 1))} is not %{letter[digits][r][delimiters]}`);
    const letter = body[1]!.toLowerCase();
    const macro = show(text.slice(i, close + 1));
    if (EXPLANATION_ONLY_LETTERS.has(letter)) return bad(`${macro}: the letters c, r and t are allowed only in the explanation text that exp= points to`);
    if (!RECORD_LETTERS.has(letter)) return bad(`${macro}: unknown macro letter "${body[1]}" (letters: s l o d i p h v)`);
    if (body[2] !== '' && Number(body[2]) === 0) return bad(`${macro}: the number of parts must be nonzero (§7.3)`);
    i = close + 1;
  }
  return { hasMacros, endsInMacro };
}

/**
 * RFC 7208 §7.1 domain-spec (a macro-string ending in a macro or in `.toplabel`). A name without macros is queried
 * as written, so it must also be a name DNS can carry (labels of 1–63 octets, 253 in all); with `publish`, a host name.
 * Returns the error (without path) or undefined.
 */
export function checkDomainSpec(spec: string, term: string, syntax: SpfSyntax): string | undefined {
  if (spec === '') return `"${term}" needs a domain`;
  const scan = scanMacroString(spec);
  if (scan.error) return scan.error;
  if (scan.hasMacros) return scan.endsInMacro || TOPLABEL_END.test(spec) ? undefined : `${show(spec)} must end in a macro or a top-level label`;
  return syntax === 'publish' ? checkHostName(spec) : checkQueryName(spec);
}

function checkQueryName(spec: string): string | undefined {
  if (!TOPLABEL_END.test(spec)) return `${show(spec)} is not a valid domain-spec: it must end in "." and a top-level label, e.g. "_spf.example.com" (RFC 7208 §7.1)`;
  const name = spec.replace(/\.$/, '');
  if (name.length > MAX_NAME_LENGTH) return `domain ${show(spec)} is longer than ${MAX_NAME_LENGTH} characters`;
  const label = name.split('.').find((l) => l === '' || l.length > MAX_LABEL_LENGTH);
  if (label !== undefined) return `${show(spec)} is not a valid domain: label ${show(label)} must be 1–${MAX_LABEL_LENGTH} characters`;
  return undefined;
}

function checkHostName(spec: string): string | undefined {
  const name = canonicalName(spec);
  const labels = name.split('.');
  if (name.length > MAX_NAME_LENGTH) return `domain ${show(spec)} is longer than ${MAX_NAME_LENGTH} characters`;
  if (labels.length < 2) return `${show(spec)} is not a fully qualified domain (e.g. "_spf.example.com")`;
  for (const label of labels) {
    if (label === '' || label.length > MAX_LABEL_LENGTH || !HOST_LABEL.test(label)) {
      return `${show(spec)} is not a valid domain: label ${show(label)} must be 1–${MAX_LABEL_LENGTH} letters, digits, hyphens or underscores`;
    }
  }
  const top = labels[labels.length - 1]!;
  if (!/[a-z]/.test(top) || top.includes('_')) return `${show(spec)} does not end in a valid top-level label`;
  return undefined;
}
