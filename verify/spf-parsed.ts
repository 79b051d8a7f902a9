import { parseSpfRecord, SpfTerm } from '../model/spf';

/** A live SPF record read as receivers read it (RFC 7208 syntax): its terms and every syntax error. Shared: never changed. */
export interface ParsedSpf {
  readonly terms: readonly SpfTerm[];
  readonly errors: readonly string[];
}

/**
 * {@link parseSpfRecord} with `rfc` syntax, remembered by record text. verify reads the same few records over and over:
 * the platform's include behind every domain, and institutions' own records, which mostly say the same thing. The
 * domain's record is read twice besides (the `spf.record` check, then the walk). The results are frozen, so a shared
 * one cannot be changed by a caller.
 */
export function parsedSpfRecord(text: string): ParsedSpf {
  let parsed = PARSED.get(text);
  if (parsed === undefined) {
    const { terms, errors } = parseSpfRecord(text);
    parsed = Object.freeze({ terms: Object.freeze(terms), errors: Object.freeze(errors) });
    // Bounded: a fleet has a few thousand distinct records at most; more start the memory afresh. A longer text than
    // real records have (hostile DNS can answer up to 16 KB) is read each time, so the memory stays under 10 MB.
    if (text.length > MAX_REMEMBERED_LENGTH) return parsed;
    if (PARSED.size >= MAX_REMEMBERED) PARSED.clear();
    PARSED.set(text, parsed);
  }
  return parsed;
}

const MAX_REMEMBERED = 10_000;
/** RFC 7208 §3.4 advises records under 450 octets. */
const MAX_REMEMBERED_LENGTH = 1024;
const PARSED = new Map<string, ParsedSpf>();
