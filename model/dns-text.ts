/**
 * DNS carries TXT records as bytes; node:dns hands them over as latin1 text (one character per byte), so UTF-8 text
 * in a live record reads garbled ("fÃ¼r" for "für"). {@link textOfDnsBytes} decodes the bytes as UTF-8 instead.
 * Bytes that are not UTF-8 are never replaced silently (U+FFFD would hide them and make two records look the same):
 * each becomes a lone surrogate U+DC80–U+DCFF, as Python's "surrogateescape" does, so the text keeps every byte.
 * JSON writes such a character as `\udcNN`, exact and reversible; terminalText and the JUnit writer show it as `\xNN`.
 */

/** A byte that is not UTF-8 is the code unit 0xDC00 + byte (0xDC80–0xDCFF: bytes ≥ 0x80 are the only ones). */
export const UNDECODABLE_BYTE_BASE = 0xdc00;

/** The byte a lone surrogate stands for, or undefined when the code unit is not one of {@link textOfDnsBytes}'s. */
export function undecodableByte(codeUnit: number): number | undefined {
  return codeUnit >= 0xdc80 && codeUnit <= 0xdcff ? codeUnit - UNDECODABLE_BYTE_BASE : undefined;
}

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a DNS character-string (or several joined) that node:dns gave as latin1: ASCII as it is (no copy),
 * UTF-8 decoded, and each byte that is not part of valid UTF-8 (a stray byte, a cut or overlong sequence, an encoded
 * surrogate, a code point above U+10FFFF) as its own lone surrogate (see above).
 */
export function textOfDnsBytes(latin1: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  try {
    return FATAL_UTF8.decode(bytes);
  } catch {
    return decodeEscaped(bytes);
  }
}

/** UTF-8 (RFC 3629 §4 well-formed sequences only), every byte outside a valid sequence as U+DC00 + byte. */
function decodeEscaped(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const lead = b[i]!;
    if (lead < 0x80) {
      out += String.fromCharCode(lead);
      i++;
      continue;
    }
    const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    let cp = need === 1 ? lead & 0x1f : need === 2 ? lead & 0x0f : lead & 0x07;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const next = b[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) ok = false;
      else cp = (cp << 6) | (next & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += need + 1;
    } else {
      // Only the first byte is given up: the next ones are read again, each on its own (one surrogate per byte).
      out += String.fromCharCode(UNDECODABLE_BYTE_BASE + lead);
      i++;
    }
  }
  return out;
}
