// Issue 20: verify reads an RSA key's bit length from its DER instead of building a key object. The reader answers
// only for the canonical RSA shape and says "don't know" for anything else, so createPublicKey keeps the last word.
import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { checkDkimSelector } from '../../verify/checks/dkim-selector';
import { rsaModulusBits } from '../../verify/spki-rsa';

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const rsa = (bits: number) => spki(generateKeyPairSync('rsa', { modulusLength: bits }).publicKey);

/** What createPublicKey says of the DER: the key type and bit length, or that it is not a key. */
function nodeSays(der: Uint8Array): { type?: string; bits?: number } | 'not a key' {
  try {
    const key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    return { type: key.asymmetricKeyType, bits: key.asymmetricKeyDetails?.modulusLength };
  } catch {
    return 'not a key';
  }
}

describe('rsaModulusBits', () => {
  const keys = new Map([1024, 1025, 2048, 3072, 4096].map((bits) => [bits, rsa(bits)]));

  test.each([...keys.keys()])('an RSA %i-bit key: its bit length, as createPublicKey reads it', (bits) => {
    expect(rsaModulusBits(keys.get(bits)!)).toBe(bits);
    expect(nodeSays(keys.get(bits)!)).toEqual({ type: 'rsa', bits });
  });

  test('keys of other algorithms are left to createPublicKey: Ed25519 (RFC 8463: no modulus), EC, RSA-PSS', () => {
    expect(rsaModulusBits(spki(generateKeyPairSync('ed25519').publicKey))).toBeUndefined();
    expect(rsaModulusBits(spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey))).toBeUndefined();
    expect(rsaModulusBits(spki(generateKeyPairSync('rsa-pss', { modulusLength: 1024 }).publicKey))).toBeUndefined();
  });

  test('every truncation of a key, and bytes after it, give undefined', () => {
    const der = keys.get(2048)!;
    for (let n = 0; n < der.length; n++) expect(rsaModulusBits(der.subarray(0, n))).toBeUndefined();
    expect(rsaModulusBits(Buffer.concat([der, Buffer.from([0])]))).toBeUndefined();
  });

  test.each([
    ['empty', []],
    ['a SEQUENCE with a length of 2^32 - 1', [0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30]],
    ['a length of five bytes', [0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00]],
    ['an indefinite length', [0x30, 0x80, 0x00, 0x00]],
    ['a long-form length that would fit the short form', [0x30, 0x81, 0x05, 0x30, 0x03, 0x02, 0x01, 0x01]],
    ['a long-form length with a leading zero byte', [0x30, 0x82, 0x00, 0x85]],
    ['text', [...Buffer.from('not a key at all')]],
  ])('garbage: %s', (_label, bytes) => {
    expect(rsaModulusBits(Uint8Array.from(bytes))).toBeUndefined();
  });

  test('a huge length inside a valid outer SEQUENCE cannot read past the end', () => {
    const der = Buffer.from(keys.get(1024)!);
    const modulusAt = der.indexOf(Buffer.from([0x02, 0x81, 0x81])); // INTEGER, 129 bytes
    expect(modulusAt).toBeGreaterThan(0);
    der[modulusAt + 2] = 0xff;
    expect(rsaModulusBits(der)).toBeUndefined();
  });

  test('a modulus with a needless zero byte, or negative, is not read (createPublicKey decides)', () => {
    const der = keys.get(1024)!;
    const at = der.indexOf(Buffer.from([0x02, 0x81, 0x81, 0x00])) + 3;
    const negative = Buffer.from(der);
    negative[at] = 0x80; // the sign byte set: a negative number
    expect(rsaModulusBits(negative)).toBeUndefined();
  });

  test('whatever bytes, when it answers, createPublicKey reads an RSA key of that bit length', () => {
    const der = keys.get(1024)!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(der.length - 1), fc.nat(255)), { minLength: 1, maxLength: 3 }), (changes) => {
        const mutated = Buffer.from(der);
        for (const [at, byte] of changes) mutated[at] = byte;
        const bits = rsaModulusBits(mutated);
        if (bits !== undefined) expect(nodeSays(mutated)).toEqual({ type: 'rsa', bits });
      }),
      { numRuns: 500 },
    );
  });
});

describe('DKIM key descriptions', () => {
  const expected = { selector: 'stxsel1', name: 'stxsel1._domainkey.example.org', target: 'sel1-x._domainkey.dkim.secutix.com' };
  const cname = { kind: 'records', values: [expected.target] } as const;
  const reasonFor = (record: string) => checkDkimSelector(expected, cname, { kind: 'records', values: [record] });

  test('RSA from the DER, Ed25519 from its 32 bytes, other keys from createPublicKey, garbage refused', () => {
    const p = (der: Uint8Array) => Buffer.from(der).toString('base64');
    expect(reasonFor(`v=DKIM1; k=rsa; p=${p(rsa(2048))}`)).toMatchObject({ status: 'pass', reason: expect.stringMatching(/v=DKIM1 RSA 2048-bit key$/) });
    const ed = spki(generateKeyPairSync('ed25519').publicKey);
    expect(reasonFor(`v=DKIM1; k=ed25519; p=${p(ed.subarray(ed.length - 32))}`)).toMatchObject({ status: 'pass', reason: expect.stringMatching(/v=DKIM1 Ed25519 key$/) });
    expect(reasonFor(`v=DKIM1; k=rsa; p=${p(spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey))}`)).toMatchObject({ status: 'pass', reason: expect.stringMatching(/v=DKIM1 EC key$/) });
    expect(reasonFor(`v=DKIM1; k=rsa; p=${p(rsa(1024).subarray(0, 100))}`)).toMatchObject({ status: 'fail', reason: expect.stringMatching(/p= is not a valid base64 public key$/) });
  });

  test('the same key text is described the same way every time (it is read once)', () => {
    const record = `v=DKIM1; k=rsa; p=${Buffer.from(rsa(1024)).toString('base64')}`;
    expect(reasonFor(record)).toEqual(reasonFor(record));
  });
});
