/**
 * What changed between two DMARC records, tag by tag, read with the one DMARC parser (dmarc-record.ts):
 * `p: none → quarantine`, `+ t=y`, `+ rua=mailto:…`, `- pct=50`.
 */
import { parseDmarcRecord } from './dmarc-record';

export interface DmarcTagChange {
  /** Lowercase tag name. */
  readonly tag: string;
  /** The value before; absent when the tag is new. */
  readonly before?: string;
  /** The value after; absent when the tag is removed. */
  readonly after?: string;
}

/** Tags whose values are keywords or numbers: compared case-insensitively (RFC 9989 §4.7, `p=ReJect` is `reject`). */
const KEYWORD_TAGS = new Set(['p', 'sp', 'np', 'adkim', 'aspf', 't', 'psd', 'fo', 'pct', 'ri', 'rf']);

/**
 * The tags added, removed or changed, in the new record's order, then the removed ones in the old record's order;
 * undefined when either record does not start with `v=DMARC1` (there are no tags to compare). Keyword values compare
 * case-insensitively, report URIs as written (a mailbox's local part may be case-sensitive).
 */
export function diffDmarc(before: string, after: string): DmarcTagChange[] | undefined {
  const [was, now] = [parseDmarcRecord(before), parseDmarcRecord(after)];
  if (was.tags.v === undefined || now.tags.v === undefined) return undefined;
  const same = (tag: string, a: string, b: string) => (KEYWORD_TAGS.has(tag) ? a.toLowerCase() === b.toLowerCase() : a === b);
  const changes: DmarcTagChange[] = [];
  for (const [tag, value] of Object.entries(now.tags)) {
    const old = was.tags[tag];
    if (old === undefined) changes.push({ tag, after: value });
    else if (!same(tag, old, value)) changes.push({ tag, before: old, after: value });
  }
  for (const [tag, value] of Object.entries(was.tags)) if (now.tags[tag] === undefined) changes.push({ tag, before: value });
  return changes;
}
