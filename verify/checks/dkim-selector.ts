import { DkimCname } from '../../model/dkim';
import { CheckResult, fail, missing, pass, warn } from '../check-result';
import { canonicalName } from '../../model/names';
import { DnsAnswer } from '../resolver';
import { isPlainRsaKeyRecord, plainRsaKeyBits } from '../dkim-key-plain';
import { rsaModulusBits } from '../spki-rsa';

/** `k=v; k=v` tags of a DKIM key record (RFC 6376 §3.6.1), names lowercased, whitespace removed from values. */
export function parseDkimKey(record: string): Record<string, string> {
  const tags: Record<string, string> = {};
  // What `record.split(';')` and an indexOf('=') per part give, read in place: no array of parts, no part strings.
  let eq = -1;
  for (let start = 0; start <= record.length; ) {
    let end = record.indexOf(';', start);
    if (end < 0) end = record.length;
    // The next '=' is looked for again only once it lies behind: one scan of the record in all.
    if (eq < start && eq !== NONE) eq = record.indexOf('=', start);
    if (eq < 0) eq = NONE;
    if (eq > start && eq < end) tags[record.slice(start, eq).trim().toLowerCase()] = withoutWhitespace(record.slice(eq + 1, end));
    start = end + 1;
  }
  return tags;
}

const NONE = Number.MAX_SAFE_INTEGER;

const WHITESPACE = /\s/;
const WHITESPACE_RUNS = /\s+/g;

/** The value without its whitespace; a value with none (a key as published, ~400 characters) is only scanned, not rebuilt. */
function withoutWhitespace(value: string): string {
  return WHITESPACE.test(value) ? value.replace(WHITESPACE_RUNS, '') : value;
}

/** What the key is, e.g. "RSA 2048-bit key", or why `p=` is not a key; remembered by key text (see below). */
function describeKey(p: string, k: string | undefined): KeyDescription {
  // The key nearly every platform publishes is told by its text, with no buffer, DER walk or memory entry: what
  // readKey says of it (dkim-key-plain.ts). Any k= but ed25519 is read as RSA below as well.
  if (k !== 'ed25519' && plainRsaKeyBits(p) !== undefined) return RSA_2048;
  // Keyed by k=, then by the key text itself: no joined key string to build and hash (~400 characters a key).
  let byKey = KEY_DESCRIPTIONS.get(k);
  if (byKey === undefined) {
    // k= comes from DNS too: a few key types exist, so more distinct values start the cache afresh as well.
    if (KEY_DESCRIPTIONS.size >= 16) KEY_DESCRIPTIONS.clear();
    KEY_DESCRIPTIONS.set(k, (byKey = new Map()));
  }
  let described = byKey.get(p);
  if (described === undefined) {
    described = readKey(p, k);
    // Bounded: a fleet has a few thousand keys at most; more distinct keys start the cache afresh.
    if (byKey.size >= 10_000) byKey.clear();
    byKey.set(p, described);
  }
  return described;
}

type KeyDescription = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly text: string };

const RSA_2048: KeyDescription = Object.freeze({ ok: true, text: 'RSA 2048-bit key' });

/** Platforms often publish one key behind many institutions' selectors: each is read once. */
const KEY_DESCRIPTIONS = new Map<string | undefined, Map<string, KeyDescription>>();

function readKey(p: string, k: string | undefined): KeyDescription {
  try {
    const der = Buffer.from(p, 'base64');
    // RFC 8463: an Ed25519 key is the raw 32 bytes; an RSA key is a DER SubjectPublicKeyInfo (RFC 6376 §3.6.1).
    if (k === 'ed25519') return der.length === 32 ? { ok: true, text: 'Ed25519 key' } : { ok: false, text: `an Ed25519 key has 32 bytes, p= has ${der.length}` };
    // The bit length straight from the DER of an RSA key; any other key (or odd DER) goes to createPublicKey.
    const rsaBits = rsaModulusBits(der);
    if (rsaBits !== undefined) return { ok: true, text: `RSA ${rsaBits}-bit key` };
    // node:crypto is loaded only for such a key: verify of a fleet of RSA keys never needs it.
    const { createPublicKey } = require('node:crypto') as typeof import('node:crypto');
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    const bits = key.asymmetricKeyDetails?.modulusLength;
    return { ok: true, text: `${key.asymmetricKeyType?.toUpperCase()}${bits ? ` ${bits}-bit` : ''} key` };
  } catch {
    return { ok: false, text: 'p= is not a valid base64 public key' };
  }
}

const P_TAG = /(^|;)\s*p\s*=/i;
const hasKeyTag = (value: string) => P_TAG.test(value);

/**
 * The selector name is a CNAME to the platform's name for this institution, and following it (as a receiver's
 * resolver does) ends at a `v=DKIM1` key with a non-empty `p=`. `cname` is the CNAME query at the selector name,
 * `key` the TXT query at the same name (resolved through the chain).
 */
export function checkDkimSelector(expected: DkimCname, cname: DnsAnswer, key: DnsAnswer): CheckResult {
  const id = `dkim.${expected.selector}`;
  if (cname.kind !== 'records') {
    const found = key.kind === 'records' ? ` (a TXT record is published there instead: the platform cannot rotate that key)` : '';
    return missing(id, cname, { type: 'CNAME', name: expected.name }, `no CNAME at ${expected.name} (expected → ${expected.target})${found}`);
  }
  const target = canonicalName(cname.values[0]!);
  if (target !== canonicalName(expected.target)) return fail(id, `${expected.name} is a CNAME to ${target}, expected ${expected.target}: the platform's signatures will not verify`);
  if (key.kind !== 'records') return missing(id, key, { type: 'TXT', name: expected.name }, `CNAME → ${target} is right, but no DKIM key behind it`);
  const records = key.values.filter(hasKeyTag);
  if (records.length === 0) return fail(id, `CNAME → ${target} is right, but the TXT behind it has no p= tag: not a DKIM key`);
  if (records.length > 1) return fail(id, `CNAME → ${target} leads to ${records.length} key records; receivers cannot tell which one signs`);
  // The record nearly every platform publishes passes without being parsed: what the lines below say of it.
  const record = records[0]!;
  if (isPlainRsaKeyRecord(record)) return pass(id, `CNAME → ${target}, v=DKIM1 RSA 2048-bit key`);
  const tags = parseDkimKey(record);
  if (tags.v !== undefined && tags.v !== 'DKIM1') return fail(id, `key record at ${target} has v=${tags.v}, expected v=DKIM1 (RFC 6376 §3.6.1)`);
  if (!tags.p) return fail(id, `key at ${target} has an empty p=: the key is revoked (RFC 6376 §3.6.1)`);
  const described = describeKey(tags.p, tags.k);
  if (!described.ok) return fail(id, `key at ${target}: ${described.text}`);
  if (tags.v === undefined) return warn(id, `CNAME → ${target}, ${described.text}, but the record lacks "v=DKIM1"`);
  return pass(id, `CNAME → ${target}, v=DKIM1 ${described.text}`);
}
