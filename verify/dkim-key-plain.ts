/**
 * The DKIM key nearly every platform publishes, told by its text alone: an RSA 2048-bit SubjectPublicKeyInfo with the
 * exponent 65537, in minimal DER, as base64 without padding or whitespace (392 characters). Such a key decodes to
 *
 *     30 82 01 22 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 03 82 01 0f 00 30 82 01 0a 02 82 01 01 00   (33 bytes)
 *     <256 bytes of modulus, the first one 0x80 or more>   02 03 01 00 01
 *
 * and the 33 bytes fall on a base64 boundary (44 characters): only the first modulus character (its top bit set) and
 * the last eight (the last modulus bits, then `02 03 01 00 01`) are pinned besides. For these keys the full reading
 * (decoding the base64, then spki-rsa.ts walking the DER) gives "RSA 2048-bit key"; verify of 1,000 domains read 2,000
 * of them, each a buffer, a DER walk and an entry in the key memory (issue 20). Anything else, a 2048-bit key with
 * another exponent included, is left to the full reading (undefined, false).
 */
const KEY_START = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA';
const KEY_END = 'IDAQAB';
const KEY_LENGTH = 392;
/** One scan of the key for a character outside the base64 alphabet (Buffer.from would skip or read it otherwise). */
const NOT_BASE64 = /[^A-Za-z0-9+/]/;

/** 2048 when `p` (a `p=` value, whitespace removed) is a plain RSA 2048-bit key as above, else undefined. */
export function plainRsaKeyBits(p: string): 2048 | undefined {
  return isPlainKeyAfter(p, '') ? 2048 : undefined;
}

/**
 * The key record as such platforms publish it, `v=DKIM1; k=rsa; p=<plain key>` or `v=DKIM1; p=<plain key>`, exactly:
 * its tags are then v=DKIM1, k=rsa (or none) and the key, with nothing to trim or remove (parseDkimKey), and the full
 * check passes it as "v=DKIM1 RSA 2048-bit key". One scan of the record instead of parsing it and scanning the key.
 */
export function isPlainRsaKeyRecord(record: string): boolean {
  return isPlainKeyAfter(record, PLAIN_RECORD_HEADS[0]) || isPlainKeyAfter(record, PLAIN_RECORD_HEADS[1]);
}

/** What a plain key record holds before its key. */
const PLAIN_RECORD_HEADS = ['v=DKIM1; k=rsa; p=', 'v=DKIM1; p='] as const;

/** `text` is `head`, then a plain key, and nothing else. */
function isPlainKeyAfter(text: string, head: string): boolean {
  const at = head.length;
  if (text.length - at !== KEY_LENGTH || !text.startsWith(head) || !text.startsWith(KEY_START, at) || !text.endsWith(KEY_END)) return false;
  // The first modulus character carries its top bit: g-z, 0-9, + or / (values 32-63).
  const top = text.charCodeAt(at + KEY_START.length);
  if (!((top >= 0x67 && top <= 0x7a) || (top >= 0x2f && top <= 0x39) || top === 0x2b)) return false;
  // The character before KEY_END holds the last two modulus bits, then the four zero bits of 0x02: A, Q, g or w.
  const low = text.charCodeAt(text.length - KEY_END.length - 1);
  if (low !== 0x41 && low !== 0x51 && low !== 0x67 && low !== 0x77) return false;
  return !NOT_BASE64.test(at === 0 ? text : text.slice(at));
}
