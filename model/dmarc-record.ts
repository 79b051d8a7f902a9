/**
 * The one DMARC record parser (RFC 9989 §4.7, §4.8). `verify` reads live records with it, `summary` reads planned
 * ones, and the builder (`dmarc.ts`) judges its values with the same tag rules (`dmarc-tags.ts`).
 */
import { parsePlainDmarcRecord } from './dmarc-record-plain';
import { show } from './problems';
import {
  checkAlignment,
  checkFailureOptions,
  checkPolicy,
  checkPsd,
  checkRemovedTag,
  checkReportUris,
  checkTestMode,
  DmarcAlignment,
  DmarcPolicy,
  DmarcPsd,
  ReportUri,
  TagProblem,
} from './dmarc-tags';

/** Records longer than this are not parsed (a bound for hostile DNS answers; real records are a few hundred characters). */
export const MAX_DMARC_RECORD_LENGTH = 8192;

/** A problem of a record: the tag it concerns (none for the record as a whole), and for rua/ruf the URI's index. */
export interface DmarcProblem extends TagProblem {
  readonly tag?: string;
}

export interface DmarcRecord {
  /** Every tag as written, in record order: lowercase name → trimmed value; unknown tags included. No prototype. */
  readonly tags: Readonly<Record<string, string>>;
  /** `p`, `sp`, `np` as receivers read them (lowercase); undefined when absent or invalid. */
  readonly p?: DmarcPolicy;
  readonly sp?: DmarcPolicy;
  readonly np?: DmarcPolicy;
  readonly adkim: DmarcAlignment;
  readonly aspf: DmarcAlignment;
  /** `t=y`: test mode, receivers apply one policy step below (RFC 9989 §4.7). */
  readonly testing: boolean;
  readonly psd: DmarcPsd;
  /** The report URIs receivers use (the invalid ones left out). */
  readonly rua: readonly ReportUri[];
  readonly ruf: readonly ReportUri[];
  /**
   * The `rua` URIs of other schemes than `mailto:`: no receiver sends reports there, but they are valid URIs, so a
   * record without `p` that has one still counts as p=none (RFC 9989 §4.10.1).
   */
  readonly ruaOtherSchemes: readonly string[];
  readonly problems: readonly DmarcProblem[];
  /** The problems as `tag: message` lines, errors and warnings apart. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * RFC 9989 §4.7 (the "v" tag) and §4.10 step 2: a TXT string is a DMARC record when it starts with the version tag
 * `v=DMARC1` (spaces allowed around "=", "DMARC1" case-sensitive) followed by ";" or its end; receivers discard every
 * other TXT there.
 */
export function isDmarcRecord(text: string): boolean {
  return /^[vV]\s*=\s*DMARC1\s*(;|$)/.test(text.trim());
}

const TAG = /^([A-Za-z]+)\s*=\s*([\s\S]*)$/;
/** RFC 9989 §4.8 dmarc-value: printable ASCII except ";". */
const VALUE_CHARS = /^[\x20-\x3a\x3c-\x7e]+$/;

/**
 * Parses a DMARC record into the values receivers use and every problem, never throwing. Tag names are
 * case-insensitive, values of keywords too (`p=ReJect` is `reject`); "DMARC1" is case-sensitive (RFC 9989 §4.7).
 *
 * Verdicts (see `dmarc-tags.ts` for the values):
 * - not starting with `v=DMARC1`: an error, nothing else is read (receivers ignore such a record entirely);
 * - a part that is not `name=value`, a tag given twice (DKIM tag-list rules, RFC 6376 §3.2, which RFC 9989 §4.7
 *   adopts), a value with characters outside the grammar: errors — receivers drop them;
 * - an unknown tag: a warning — RFC 9989 §4.7 says to ignore it, and it may be a newer tag, but it may be a typo too;
 * - no `p`: receivers use p=none when the record has a valid `rua` (any well-formed URI, even one no receiver sends
 *   to), and apply no DMARC at all otherwise (RFC 9989 §4.10.1): a warning in the first case, an error in the second.
 */
export function parseDmarcRecord(record: string): DmarcRecord {
  // The records nearly every domain publishes take a quick path that reads them the same (dmarc-record-plain.ts).
  return parsePlainDmarcRecord(record) ?? parseAnyDmarcRecord(record);
}

/** The full parser, for every record (the quick path takes the plain ones); exported for the test that holds the two together. */
export function parseAnyDmarcRecord(record: string): DmarcRecord {
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  const problems: DmarcProblem[] = [];
  const fields: Mutable<Omit<DmarcRecord, 'tags' | 'problems' | 'errors' | 'warnings'>> = { adkim: 'r', aspf: 'r', testing: false, psd: 'u', rua: [], ruf: [], ruaOtherSchemes: [] };
  const done = () => finish(tags, problems, fields);
  if (record.length > MAX_DMARC_RECORD_LENGTH) {
    problems.push({ severity: 'error', message: `record is ${record.length} characters long; records over ${MAX_DMARC_RECORD_LENGTH} are not read` });
    return done();
  }
  if (/^\s/.test(record) && record.trim() !== '') problems.push({ severity: 'warning', message: 'record starts with white space: some receivers do not recognise it' });
  const parts = record.split(';').map((p) => p.trim());
  if (parts.every((p) => p === '')) {
    problems.push({ severity: 'error', message: 'record is empty' });
    return done();
  }
  if (!isDmarcRecord(parts[0]!)) {
    problems.push({ severity: 'error', message: 'record does not start with "v=DMARC1"' });
    return done();
  }
  tags.v = 'DMARC1';
  const order: string[] = ['v'];
  for (const part of parts.slice(1)) {
    // RFC 9989 §4.8 allows one trailing ";"; empty parts in between (";;") carry nothing and are skipped.
    if (part === '') continue;
    const m = TAG.exec(part);
    if (!m) {
      const guess = /^([A-Za-z]+)\s*[:\-]\s*(\S+)$/.exec(part);
      problems.push({ severity: 'error', message: `${show(part)} is not a tag=value pair${guess ? ` (did you mean "${guess[1]}=${guess[2]}"?)` : ''}` });
      continue;
    }
    const name = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (Object.hasOwn(tags, name)) {
      problems.push({ severity: 'error', message: `tag "${name}" appears twice` });
      continue;
    }
    tags[name] = value;
    order.push(name);
    readTag(name, value, fields, problems);
  }
  if (tags.p === undefined) {
    const fallback = hasValidRua(fields as DmarcRecord);
    problems.push({
      tag: 'p',
      severity: fallback ? 'warning' : 'error',
      message: fallback
        ? 'missing: receivers treat the record as p=none (RFC 9989 §4.10.1), and RFC 7489 receivers require it'
        : 'missing, and no valid "rua" either: receivers apply no DMARC policy at all (RFC 9989 §4.10.1)',
    });
  } else if (order[1] !== 'p') {
    problems.push({ tag: 'p', severity: 'warning', message: 'not the second tag: RFC 9989 allows any order, but RFC 7489 receivers expect "p" right after "v"' });
  }
  if (tags.fo !== undefined && tags.ruf === undefined) problems.push({ tag: 'fo', severity: 'warning', message: 'has no effect without "ruf" (RFC 9989 §4.7)' });
  return done();
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

function readTag(name: string, value: string, fields: Mutable<DmarcRecord>, problems: DmarcProblem[]): void {
  const add = (verdict: { problems: readonly TagProblem[] }) => problems.push(...verdict.problems.map((p) => ({ tag: name, ...p })));
  if (!KNOWN_TAGS.has(name)) {
    problems.push({ tag: name, severity: 'warning', message: 'unknown tag, ignored (RFC 9989 §4.7)' });
    return;
  }
  if (!VALUE_CHARS.test(value)) {
    const message = value === '' ? 'has no value' : `has a character outside printable ASCII: ${show(value)}`;
    problems.push({ tag: name, severity: 'error', message });
    return;
  }
  switch (name) {
    case 'p':
    case 'sp':
    case 'np': {
      const verdict = checkPolicy(value);
      add(verdict);
      fields[name] = verdict.value;
      return;
    }
    case 'adkim':
    case 'aspf': {
      const verdict = checkAlignment(value);
      add(verdict);
      if (verdict.value) fields[name] = verdict.value;
      return;
    }
    case 't': {
      const verdict = checkTestMode(value);
      add(verdict);
      fields.testing = verdict.value === 'y';
      return;
    }
    case 'psd': {
      const verdict = checkPsd(value);
      add(verdict);
      if (verdict.value) fields.psd = verdict.value;
      return;
    }
    case 'fo':
      add(checkFailureOptions(value));
      return;
    case 'rua':
    case 'ruf': {
      const verdict = checkReportUris(value);
      add(verdict);
      fields[name] = verdict.value ?? [];
      if (name === 'rua') fields.ruaOtherSchemes = verdict.otherSchemes;
      return;
    }
    case 'pct':
    case 'ri':
    case 'rf':
      add(checkRemovedTag(name, value));
      return;
  }
}

const KNOWN_TAGS = new Set(['p', 'sp', 'np', 'adkim', 'aspf', 't', 'psd', 'fo', 'rua', 'ruf', 'pct', 'ri', 'rf']);

function finish(tags: Record<string, string>, problems: DmarcProblem[], fields: Mutable<DmarcRecord>): DmarcRecord {
  const line = (p: DmarcProblem) => (p.tag ? `${p.tag}: ${p.message}` : p.message);
  // Object.assign, not a spread: the fields differ from record to record, and V8 copies a spread of such objects one
  // property at a time in its runtime. Same keys in the same order.
  return Object.assign({}, fields as Omit<DmarcRecord, 'tags' | 'problems' | 'errors' | 'warnings'>, {
    tags,
    problems,
    errors: problems.filter((p) => p.severity === 'error').map(line),
    warnings: problems.filter((p) => p.severity === 'warning').map(line),
  });
}

/** RFC 9989 §4.10.1: the `rua` holds at least one syntactically valid URI (then a record without a valid policy counts as p=none). */
export function hasValidRua(record: Pick<DmarcRecord, 'rua' | 'ruaOtherSchemes'>): boolean {
  return record.rua.length > 0 || record.ruaOtherSchemes.length > 0;
}

/** The policy a record sets for the domain itself (`p`), its existing subdomains (`sp`, else `p`) or its non-existent ones (`np`, else `sp`, else `p`): RFC 9989 §4.7. */
export function policyFor(record: Pick<DmarcRecord, 'p' | 'sp' | 'np'>, tag: 'p' | 'sp' | 'np'): DmarcPolicy | undefined {
  return tag === 'p' ? record.p : tag === 'sp' ? (record.sp ?? record.p) : (record.np ?? record.sp ?? record.p);
}
