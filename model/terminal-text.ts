import { undecodableByte } from './dns-text';

/**
 * Text from outside (config values, DNS answers, plan and report files) made safe to print on a terminal or in a CI
 * log: every control character is shown as an escape instead of acting. A newline in a value can no longer start a
 * line of its own (and forge a GitHub Actions `::error` command), ESC can no longer recolour or move the cursor, and
 * bidirectional overrides can no longer make text read differently from what it is (CVE-2021-42574).
 *
 * - C0 controls, DEL and C1 controls → `\xNN` (`\n` → `\x0a`, ESC → `\x1b`)
 * - line and paragraph separators, bidi embeddings, overrides and isolates, and invisible format characters
 *   (zero-width space/joiners, BOM) → `\u{NNNN}`
 * - a lone surrogate (half of a character, no text at all) → `\u{dNNN}`; one that stands for a byte of a DNS record
 *   that is not UTF-8 (model/dns-text.ts) → that byte, `\xNN`
 *
 * Everything else, including a backslash, is kept as it is: the result is for reading, not for parsing back.
 */
export function terminalText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

// `u`: a surrogate in the class matches only a lone one, never half of a pair (an emoji stays as it is).
// eslint-disable-next-line no-control-regex
const PATTERN = '[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff\\ud800-\\udfff]';
const UNSAFE = new RegExp(PATTERN, 'u');
const UNSAFE_ALL = new RegExp(PATTERN, 'gu');

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  const byte = undecodableByte(code) ?? (code <= 0xff ? code : undefined);
  return byte !== undefined ? `\\x${byte.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).padStart(4, '0')}}`;
}
