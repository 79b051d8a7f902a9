// Issue 20: verify tells the common DKIM key (RSA 2048-bit, exponent 65537) by its base64 text, without decoding it.
// Whenever the quick reading answers, the full one (base64 decoded, the DER walked by spki-rsa.ts, createPublicKey)
// must say the same; and it must answer for real keys, or it saves nothing.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { checkDkimSelector, parseDkimKey } from '../../verify/checks/dkim-selector';
import { isPlainRsaKeyRecord, plainRsaKeyBits } from '../../verify/dkim-key-plain';
import { rsaModulusBits } from '../../verify/spki-rsa';

const rsaDer = (bits: number, publicExponent = 65537) =>
  generateKeyPairSync('rsa', { modulusLength: bits, publicExponent }).publicKey.export({ type: 'spki', format: 'der' });

/** The full reading of a p= value as RSA: the DER walk, and createPublicKey's bit length (undefined: not a key). */
function fullReading(p: string): { der?: number; node?: number } {
  const der = Buffer.from(p, 'base64');
  let node: number | undefined;
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    node = key.asymmetricKeyType === 'rsa' ? key.asymmetricKeyDetails?.modulusLength : undefined;
  } catch {
    node = undefined;
  }
  return { der: rsaModulusBits(der), node };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Characters Buffer.from(…, 'base64') skips or reads otherwise: padding, base64url, whitespace, garbage. */
const ODD = '=-_ .\t%é';

describe('plainRsaKeyBits', () => {
  const keys = Array.from({ length: 4 }, () => rsaDer(2048).toString('base64'));

  test('real RSA 2048-bit keys with exponent 65537 are told by their text, as the full reading tells them', () => {
    for (const p of keys) {
      expect(plainRsaKeyBits(p)).toBe(2048);
      expect(fullReading(p)).toEqual({ der: 2048, node: 2048 });
    }
  });

  test('other keys are left to the full reading: other sizes, another exponent, Ed25519, EC', () => {
    for (const bits of [1024, 3072, 4096]) expect(plainRsaKeyBits(rsaDer(bits).toString('base64'))).toBeUndefined();
    expect(plainRsaKeyBits(rsaDer(2048, 3).toString('base64'))).toBeUndefined();
    expect(plainRsaKeyBits(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64'))).toBeUndefined();
    expect(plainRsaKeyBits(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64'))).toBeUndefined();
  });

  test('a modulus whose first byte lacks its top bit (so its DER has a needless zero byte) is left to the full reading', () => {
    const der = rsaDer(2048);
    der[33] = 0x7f;
    const p = der.toString('base64');
    expect(plainRsaKeyBits(p)).toBeUndefined();
    expect(fullReading(p).der).toBeUndefined();
  });

  test('any 256-byte modulus and 3-byte exponent: the quick reading answers only when the full reading says 2048 bits', () => {
    const template = rsaDer(2048);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), fc.uint8Array({ minLength: 3, maxLength: 3 }), fc.boolean(), (modulus, exponent, common) => {
        const der = Buffer.from(template);
        der.set(modulus, 33);
        if (!common) der.set(exponent, 291);
        const p = der.toString('base64');
        const quick = plainRsaKeyBits(p);
        if (quick !== undefined) expect(fullReading(p)).toEqual({ der: quick, node: quick });
        // The top bit of the first modulus byte and the exponent 65537 are what it needs, besides the fixed bytes.
        if ((modulus[0]! & 0x80) !== 0 && (common || (exponent[0] === 1 && exponent[1] === 0 && exponent[2] === 1))) expect(quick).toBe(2048);
      }),
      { numRuns: 300 },
    );
  });

  test('edited key texts: the quick reading answers only when the full reading says 2048 bits', () => {
    const chars = fc.constantFrom(...(BASE64 + ODD).split(''));
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(391), text: chars }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(392), text: fc.string({ unit: chars, minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(391), text: fc.constant('') }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.array(edit, { minLength: 1, maxLength: 3 }), (key, edits) => {
        let p = key;
        for (const e of edits) {
          const at = Math.min(e.at, p.length);
          p = e.kind === 'insert' ? p.slice(0, at) + e.text + p.slice(at) : p.slice(0, at) + e.text + p.slice(at + 1);
        }
        const quick = plainRsaKeyBits(p);
        if (quick !== undefined) expect(fullReading(p)).toEqual({ der: quick, node: quick });
      }),
      { numRuns: 500 },
    );
  });

  test('checkDkimSelector says the same of a plain key whatever k= says, and reads k=ed25519 as Ed25519', () => {
    const expected = { selector: 's1', name: 's1._domainkey.example.org', target: 's1.dkim.example.net' };
    const cname = { kind: 'records', values: ['s1.dkim.example.net'] } as const;
    const key = (tags: string) => ({ kind: 'records', values: [tags] }) as const;
    for (const k of ['', 'k=rsa; ', 'k=RSA; ', 'k=other; ']) {
      expect(checkDkimSelector(expected, cname, key(`v=DKIM1; ${k}p=${keys[0]}`)).reason).toBe('CNAME → s1.dkim.example.net, v=DKIM1 RSA 2048-bit key');
    }
    expect(checkDkimSelector(expected, cname, key(`v=DKIM1; k=ed25519; p=${keys[0]}`))).toMatchObject({ status: 'fail', reason: 'key at s1.dkim.example.net: an Ed25519 key has 32 bytes, p= has 294' });
  });
});

describe('isPlainRsaKeyRecord', () => {
  const keys = Array.from({ length: 3 }, () => rsaDer(2048).toString('base64'));
  const expected = { selector: 's1', name: 's1._domainkey.example.org', target: 's1.dkim.example.net' };
  const cname = { kind: 'records', values: ['s1.dkim.example.net'] } as const;

  test('the records platforms publish are plain, and the check passes them as the full reading does', () => {
    for (const p of keys) {
      for (const record of [`v=DKIM1; k=rsa; p=${p}`, `v=DKIM1; p=${p}`]) {
        expect(isPlainRsaKeyRecord(record)).toBe(true);
        expect(checkDkimSelector(expected, cname, { kind: 'records', values: [record] })).toEqual({ id: 'dkim.s1', status: 'pass', reason: 'CNAME → s1.dkim.example.net, v=DKIM1 RSA 2048-bit key' });
      }
    }
  });

  test('edited records: plain only when parseDkimKey reads v=DKIM1, k=rsa or none, and a key the full reading calls RSA 2048-bit', () => {
    const chars = fc.constantFrom(...(BASE64 + ODD + ';=kKvV1DIM').split(''));
    const head = fc.constantFrom('v=DKIM1; k=rsa; p=', 'v=DKIM1; p=', 'v=DKIM1;k=rsa;p=', 'k=rsa; p=', 'v=DKIM1; k=rsa; t=y; p=', 'v=DKIM1; K=rsa; p=', 'v=DKIM2; p=', 'v=DKIM1; k=ed25519; p=', ' v=DKIM1; p=');
    const edit = fc.record({ at: fc.nat(420), text: fc.string({ unit: chars, maxLength: 3 }), cut: fc.nat(2) });
    fc.assert(
      fc.property(head, fc.constantFrom(...keys), fc.array(edit, { maxLength: 2 }), (start, key, edits) => {
        let record = start + key;
        for (const e of edits) {
          const at = Math.min(e.at, record.length);
          record = record.slice(0, at) + e.text + record.slice(at + e.cut);
        }
        if (!isPlainRsaKeyRecord(record)) return;
        const tags = parseDkimKey(record);
        expect(Object.keys(tags).sort()).toEqual(tags.k === undefined ? ['p', 'v'] : ['k', 'p', 'v']);
        expect(tags.v).toBe('DKIM1');
        expect([undefined, 'rsa']).toContain(tags.k);
        expect(fullReading(tags.p!)).toEqual({ der: 2048, node: 2048 });
      }),
      { numRuns: 1000 },
    );
  });

  test('a record with more than the plain tags, or another key, takes the full path', () => {
    const p = keys[0]!;
    for (const record of [`v=DKIM1; k=rsa; p=${p};`, `v=DKIM1; k=rsa; p=${p} `, `v=DKIM1; k=rsa; t=s; p=${p}`, `k=rsa; p=${p}`, `v=DKIM1; k=rsa; p=${rsaDer(1024).toString('base64')}`]) {
      expect(isPlainRsaKeyRecord(record)).toBe(false);
    }
  });
});
