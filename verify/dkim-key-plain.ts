/**
 * The DKIM key nearly every platform publishes, told by its text alone: an RSA 2048-bit SubjectPublicKeyInfo with the
 * exponent 65537, in minimal DER, as base64 without padding or whitespace (392 characters). Such a key decodes to
 *
 *     30 82 01 22 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 03 82 01 0f 00 30 82 01 0a 02 82 01 01 00   (33 bytes)
 *     <256 bytes of modulus, the first one 0x80 or more>   02 03 01 00 01
 *
 * and the 33 bytes fall on a base64 boundary (44 characters): only the first modulus character (its top bit set) and
 * the last six (the last modulus bits, then `02 03 01 00 01`) are pinned besides. For these keys the full reading
 * (decoding the base64, then spki-rsa.ts walking the DER) gives "RSA 2048-bit key"; verify of 1,000 domains read 2,000
 * of them, each a buffer, a DER walk and an entry in the key memory (issue 20). Anything else, a 2048-bit key with
 * another exponent included, is left to the full reading (undefined).
 */
const PLAIN_RSA_2048 = /^MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA[g-z0-9+/][A-Za-z0-9+/]{340}[AQgw]IDAQAB$/;

/** 2048 when `p` (a `p=` value, whitespace removed) is a plain RSA 2048-bit key as above, else undefined. */
export function plainRsaKeyBits(p: string): 2048 | undefined {
  return p.length === 392 && PLAIN_RSA_2048.test(p) ? 2048 : undefined;
}
