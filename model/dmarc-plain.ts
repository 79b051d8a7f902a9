import type { DmarcOptions } from './dmarc';

/**
 * The DMARC record of options that are plainly valid, or undefined for anything else: the quick path of
 * `buildDmarc`, which gives the rest to the full rules (`dmarc-tags.ts`).
 *
 * Why: almost every institution of a fleet writes a policy and a report address or two, all valid. The full rules
 * judge each value through closures and verdict objects and make `buildDmarc` a big function that TurboFan compiles
 * at a few hundred institutions; this path takes ~0.13 G instructions off `check` at 1,000 institutions (callgrind).
 *
 * "Plainly valid" is narrow on purpose: policies and alignments written as one of their lowercase literals, `t` a
 * boolean, report URIs of the form `mailto:local@domain` in lowercase without spaces, no URI listed twice, and none
 * of the tags that always warn or need more thought (`psd`, `fo`, `pct`, `ri`, `rf`). For such options the full rules
 * report no problem and render this same record (a property test holds the two paths together:
 * __tests__/model/dmarc-plain.test.ts).
 */
export function plainDmarcRecord(options: DmarcOptions): string | undefined {
  if (
    options.psd !== undefined ||
    options.fo !== undefined ||
    options.pct !== undefined ||
    options.ri !== undefined ||
    options.rf !== undefined
  )
    return undefined;
  const policy = options.policy === undefined ? 'none' : options.policy;
  if (!isPolicy(policy)) return undefined;
  // Tags in the canonical order of DMARC_TAG_ORDER (dmarc.ts).
  let record = `v=DMARC1; p=${policy}`;
  const sp = options.subdomainPolicy;
  if (sp !== undefined) {
    if (!isPolicy(sp)) return undefined;
    record += `; sp=${sp}`;
  }
  const np = options.nonexistentSubdomainPolicy;
  if (np !== undefined) {
    if (!isPolicy(np)) return undefined;
    record += `; np=${np}`;
  }
  const t = options.t;
  if (t === true) record += '; t=y';
  else if (t !== undefined && t !== false) return undefined;
  const adkim = options.adkim;
  if (adkim !== undefined) {
    if (adkim !== 'r' && adkim !== 's') return undefined;
    record += `; adkim=${adkim}`;
  }
  const aspf = options.aspf;
  if (aspf !== undefined) {
    if (aspf !== 'r' && aspf !== 's') return undefined;
    record += `; aspf=${aspf}`;
  }
  const rua = options.rua;
  if (rua !== undefined && rua.length > 0) {
    if (!plainUris(rua)) return undefined;
    record += `; rua=${rua.join(',')}`;
  }
  const ruf = options.ruf;
  if (ruf !== undefined && ruf.length > 0) {
    if (!plainUris(ruf)) return undefined;
    record += `; ruf=${ruf.join(',')}`;
  }
  return record;
}

function isPolicy(value: unknown): boolean {
  return value === 'none' || value === 'quarantine' || value === 'reject';
}

/**
 * `mailto:` with a dot-atom local part and a mail domain (the MAIL_DOMAIN rule of dmarc-tags.ts), lowercase ASCII
 * only: such a URI needs no trimming, its domain no normalising, and two of them are the same address exactly when
 * they are the same text.
 */
export const PLAIN_MAILTO =
  /^mailto:[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/;

function plainUris(uris: readonly string[]): boolean {
  for (let i = 0; i < uris.length; i++) {
    const uri = uris[i];
    if (typeof uri !== 'string' || !PLAIN_MAILTO.test(uri)) return false;
    for (let j = 0; j < i; j++) if (uris[j] === uri) return false;
  }
  return true;
}
