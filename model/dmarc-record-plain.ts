import { PLAIN_MAILTO } from './dmarc-plain';
import type { DmarcRecord } from './dmarc-record';
import type { DmarcAlignment, DmarcPolicy, ReportUri } from './dmarc-tags';

/**
 * The reading of a plainly valid DMARC record, or undefined for anything else: the quick path of `parseDmarcRecord`,
 * which gives the rest to the full parser.
 *
 * Why: nearly every domain `verify` reads publishes `v=DMARC1; p=…; rua=mailto:…`. The full parser judges each tag
 * through closures, verdict objects and spreads, and is big enough that TurboFan compiles it at a few hundred domains.
 * This path allocates only the record it returns; measured on `verify` of 1,000 domains (callgrind, replayed answers):
 * see the commit that added it.
 *
 * "Plainly valid" is narrow on purpose, so that for such a record the full parser reports no problem and reads the
 * same values: no white space before "v", `v=DMARC1` first and `p` right after it, each tag once, tag names in
 * lowercase, and only these tags with these values: `p`, `sp`, `np` a lowercase policy; `adkim`,
 * `aspf` r|s; `t` y|n; `rua`, `ruf` a list of distinct URIs of the form `mailto:local@domain` in lowercase (the
 * PLAIN_MAILTO rule of the builder's quick path). Spaces around parts and empty parts (";;", a trailing ";") are
 * allowed, as the full parser allows them. A property test holds the two paths together
 * (__tests__/model/dmarc-record-plain.test.ts).
 */
export function parsePlainDmarcRecord(record: string): DmarcRecord | undefined {
  // 8192 is MAX_DMARC_RECORD_LENGTH: longer records get the full parser's error.
  if (record.length > 8192 || record.charCodeAt(0) !== 0x76 /* v */) return undefined;
  const parts = record.split(';');
  if (parts[0]!.trim() !== 'v=DMARC1') return undefined;
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  tags.v = 'DMARC1';
  let p: DmarcPolicy | undefined;
  let sp: DmarcPolicy | undefined;
  let np: DmarcPolicy | undefined;
  let spFirst = false;
  let adkim: DmarcAlignment = 'r';
  let aspf: DmarcAlignment = 'r';
  let testing = false;
  let rua: ReportUri[] = [];
  let ruf: ReportUri[] = [];
  let count = 0;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 1) return undefined;
    const name = part.slice(0, eq).trimEnd();
    const value = part.slice(eq + 1).trim();
    if (tags[name] !== undefined) return undefined;
    count++;
    switch (name) {
      case 'p':
        if (!isPolicy(value)) return undefined;
        p = value;
        break;
      case 'sp':
        if (!isPolicy(value)) return undefined;
        if (np === undefined) spFirst = true;
        sp = value;
        break;
      case 'np':
        if (!isPolicy(value)) return undefined;
        np = value;
        break;
      case 'adkim':
        if (value !== 'r' && value !== 's') return undefined;
        adkim = value;
        break;
      case 'aspf':
        if (value !== 'r' && value !== 's') return undefined;
        aspf = value;
        break;
      case 't':
        if (value !== 'y' && value !== 'n') return undefined;
        testing = value === 'y';
        break;
      case 'rua':
      case 'ruf': {
        const uris = plainUris(value);
        if (uris === undefined) return undefined;
        if (name === 'rua') rua = uris;
        else ruf = uris;
        break;
      }
      default:
        return undefined;
    }
    // `p` must be the second tag: anywhere else the full parser warns.
    if (count === 1 && name !== 'p') return undefined;
    tags[name] = value;
  }
  if (p === undefined) return undefined;
  // The keys in the order the full parser gives them: its defaults, then the policies in the order they were read,
  // then the tags and (no) problems.
  const read: Record<string, unknown> = { adkim, aspf, testing, psd: 'u', rua, ruf, ruaOtherSchemes: [], p };
  if (spFirst) {
    read.sp = sp;
    if (np !== undefined) read.np = np;
  } else {
    if (np !== undefined) read.np = np;
    if (sp !== undefined) read.sp = sp;
  }
  read.tags = tags;
  read.problems = [];
  read.errors = [];
  read.warnings = [];
  return read as unknown as DmarcRecord;
}

function isPolicy(value: string): value is DmarcPolicy {
  return value === 'none' || value === 'quarantine' || value === 'reject';
}

/** A list of distinct plain `mailto:` URIs as receivers use them, or undefined when any is not plain. */
function plainUris(value: string): ReportUri[] | undefined {
  const uris: ReportUri[] = [];
  let start = 0;
  for (;;) {
    const comma = value.indexOf(',', start);
    const uri = comma === -1 ? value.slice(start) : value.slice(start, comma);
    if (!PLAIN_MAILTO.test(uri)) return undefined;
    for (let j = 0; j < uris.length; j++) if (uris[j]!.uri === uri) return undefined;
    // PLAIN_MAILTO holds one "@", a lowercase ASCII domain without a trailing dot: normalizeDomain leaves it as it is.
    const at = uri.indexOf('@');
    uris.push({ uri, address: uri.slice(7), domain: uri.slice(at + 1) });
    if (comma === -1) return uris;
    start = comma + 1;
  }
}
