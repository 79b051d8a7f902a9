/**
 * A reader for the plainest YAML: block mappings and sequences, indented with spaces, holding plain or simply quoted
 * scalars, with comments and blank lines. That is how generated configs and most large hand-kept ones are written,
 * and it is every line of the big fleets `check` and `synth` read. It gives exactly what js-yaml gives for such a
 * document (the same objects, keys in the same order, each scalar resolved by the same YAML types), about three times
 * faster; for anything else it gives up (undefined), and the loader asks js-yaml, which reads the rest of YAML and says
 * what is wrong with a file that is not YAML.
 *
 * It gives up at: a tab, a carriage return, a byte-order mark or a character js-yaml refuses as non-printable;
 * anchors, aliases, tags, directives and document markers; flow collections (`[…]`, `{…}`); block scalars (`|`, `>`);
 * quoted keys, and keys that are not a plain name (letters, digits, `_`, `-`) or that YAML reads as null or a boolean;
 * a key listed twice and the key `__proto__`; double-quoted text with an escape, single-quoted text with a quote;
 * a plain scalar that could go on in the next line, or that holds `: ` or ends in `:`; an empty sequence entry; a root
 * that is not a mapping; nesting deeper than {@link MAX_DEPTH}; any indentation it does not expect.
 *
 * Bounded: one pass over the text, one frame per level of nesting.
 */

/** A YAML type as js-yaml's schema holds it: the implicit ones resolve plain scalars (`null`, `true`, `12`…). */
export interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
  /** The characters a scalar this type resolves can start with, when the type says: others are not asked. */
  readonly firstCharacters?: string;
}

/** Levels of nesting read here; deeper documents go to js-yaml (and the config tree's bounds). */
export const MAX_DEPTH = 64;

/** js-yaml's own test for characters it refuses (loader.js PATTERN_NON_PRINTABLE), plus tab, CR and BOM: all give up. */
const GIVE_UP_CHARACTERS = /[\x00-\x09\x0B-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** A key as written here: a plain name. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

interface Frame {
  /** The column its entries start at. */
  readonly indent: number;
  readonly map: Record<string, unknown> | undefined;
  readonly list: unknown[] | undefined;
  /** A sequence's mapping and key, where it is put when it closes (sizedToFit). */
  readonly owner: Record<string, unknown> | undefined;
  readonly key: string;
}

/**
 * A closed sequence, put where it belongs as an array of its own length. An array grown by push holds at least 17
 * slots; a config's lists hold one or two entries, and they live to the end of the run: at 5,000 institutions the
 * slack was 2.5 MB that every garbage collection copied. Put there only now, its key still comes where it was
 * written: the mapping's next key is read after the sequence closes.
 */
function sizedToFit(frame: Frame): void {
  if (frame.list !== undefined) frame.owner![frame.key] = frame.list.slice();
}

const GIVE_UP = Symbol('give up');

/**
 * The document as js-yaml would load it with a schema whose implicit types are `implicit` (in js-yaml's order), or
 * undefined when the text is not of the plain kind read here.
 */
export function readBlockYaml(text: string, implicit: readonly ImplicitType[]): Record<string, unknown> | undefined {
  if (GIVE_UP_CHARACTERS.test(text)) return undefined;
  const root: Record<string, unknown> = {};
  const frames: Frame[] = [];
  // A key whose value is the block that follows (`key:` and nothing after it), and the column of the key.
  let pendingMap: Record<string, unknown> | undefined;
  let pendingKey = '';
  let pendingIndent = -1;
  // Keys repeat from entry to entry: each is taken from the text and checked once, then found again by its length and
  // text (KeyTable), rather than sliced, hashed and looked up on every line.
  const keys = new KeyTable(implicit);
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let indent = start;
    while (indent < end && text.charCodeAt(indent) === 0x20) indent++;
    const lineStart = start;
    start = end + 1;
    // Blank and comment lines.
    if (indent === end || text.charCodeAt(indent) === 0x23) continue;
    const column = indent - lineStart;
    const dash = text.charCodeAt(indent) === 0x2d && (indent + 1 === end || text.charCodeAt(indent + 1) === 0x20);
    if (pendingMap !== undefined) {
      if (column > pendingIndent || (column === pendingIndent && dash)) {
        if (frames.length >= MAX_DEPTH) return undefined;
        const frame: Frame = dash ? { indent: column, map: undefined, list: [], owner: pendingMap, key: pendingKey } : { indent: column, map: {}, list: undefined, owner: undefined, key: '' };
        if (!dash) pendingMap[pendingKey] = frame.map;
        frames.push(frame);
      } else {
        pendingMap[pendingKey] = null;
      }
      pendingMap = undefined;
    } else if (frames.length === 0) {
      if (column !== 0 || dash) return undefined;
      frames.push({ indent: 0, map: root, list: undefined, owner: undefined, key: '' });
    }
    // Close the blocks this line is outside of: deeper ones, and a sequence at this column when this is not an entry.
    let top = frames[frames.length - 1]!;
    while (top.indent > column || (top.indent === column && top.list !== undefined && !dash)) {
      sizedToFit(frames.pop()!);
      if (frames.length === 0) return undefined;
      top = frames[frames.length - 1]!;
    }
    if (top.indent !== column) return undefined;
    let at = indent;
    let map = top.map;
    let mapColumn = column;
    if (top.list !== undefined) {
      if (!dash) return undefined;
      at = indent + 1;
      while (at < end && text.charCodeAt(at) === 0x20) at++;
      if (at === end || text.charCodeAt(at) === 0x23) return undefined;
    } else if (dash) {
      return undefined;
    }
    // Where the line's scalar goes: a sequence entry of its own (`- value`), or the value of `key` in `map`.
    let entryOf: unknown[] | undefined;
    let key = '';
    let valueAt = at;
    const keyEnd = keyEndAt(text, at, end);
    if (keyEnd === -1) {
      if (top.list === undefined) return undefined;
      entryOf = top.list;
    } else {
      if (top.list !== undefined) {
        // `- key: value`: a mapping that starts in the entry, its keys in the column of the first.
        if (frames.length >= MAX_DEPTH) return undefined;
        map = {};
        mapColumn = at - lineStart;
        top.list.push(map);
        frames.push({ indent: mapColumn, map, list: undefined, owner: undefined, key: '' });
      }
      const found = keys.at(text, at, keyEnd);
      if (found === undefined || Object.prototype.hasOwnProperty.call(map, found)) return undefined;
      key = found;
      valueAt = keyEnd + 1;
      while (valueAt < end && text.charCodeAt(valueAt) === 0x20) valueAt++;
      if (valueAt === end || text.charCodeAt(valueAt) === 0x23) {
        pendingMap = map;
        pendingKey = key;
        pendingIndent = mapColumn;
        continue;
      }
    }
    // One place reads the scalar, for entries and values alike.
    const value = scalar(text, valueAt, end, implicit);
    if (value === GIVE_UP) return undefined;
    if (entryOf !== undefined) entryOf.push(value);
    else map![key] = value;
  }
  if (pendingMap !== undefined) pendingMap[pendingKey] = null;
  for (let i = 0; i < frames.length; i++) sizedToFit(frames[i]!);
  return frames.length === 0 ? undefined : root;
}

/** Where the `:` of a `key:` at `at` is (followed by a space or the end of the line), or -1 when the line holds no key. */
function keyEndAt(text: string, at: number, end: number): number {
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a && (i + 1 === end || text.charCodeAt(i + 1) === 0x20)) return i;
    // A space ends a plain key: what follows is a scalar or something this reader does not read.
    if (c === 0x20) return -1;
  }
  return -1;
}

/** How many keys of one length {@link KeyTable} remembers: a file of many distinct keys is read, just not faster. */
const KEYS_PER_LENGTH = 16;

/** The plain keys met so far, by length. */
class KeyTable {
  private readonly byLength: string[][] = [];
  constructor(private readonly implicit: readonly ImplicitType[]) {}

  /** The key from `at` to `end`, or undefined when it is not a plain key. */
  at(text: string, at: number, end: number): string | undefined {
    const known = this.byLength[end - at];
    if (known !== undefined) for (let i = 0; i < known.length; i++) if (text.startsWith(known[i]!, at)) return known[i];
    const key = text.slice(at, end);
    if (!PLAIN_KEY.test(key) || key === '__proto__' || resolvesAsOther(key, this.implicit)) return undefined;
    if (known === undefined) this.byLength[end - at] = [key];
    else if (known.length < KEYS_PER_LENGTH) known.push(key);
    return key;
  }
}

/** Whether YAML reads the key as something other than its text (`null`, `true`, `False`…). */
function resolvesAsOther(key: string, implicit: readonly ImplicitType[]): boolean {
  for (let i = 0; i < implicit.length; i++) if (implicit[i]!.resolve(key)) return true;
  return false;
}

/** First characters that start something other than a plain scalar (YAML 1.2 §7.3.3 c-indicator), but `-`, `?`, `:`. */
const INDICATOR = /^[[\]{},#&*!|>%@`]|^[-?:](?: |$)/;

/**
 * The scalar from `at` to the end of the line (a comment after it dropped): a plain one resolved by the implicit
 * types, or a quoted one without escapes; GIVE_UP for anything else.
 */
function scalar(text: string, at: number, end: number, implicit: readonly ImplicitType[]): unknown {
  const first = text.charCodeAt(at);
  if (first === 0x22 || first === 0x27) {
    // Searched within the line only (indexOf would scan the rest of the file each time: quadratic).
    let close = at + 1;
    while (close < end && text.charCodeAt(close) !== first) close++;
    if (close >= end) return GIVE_UP;
    const value = text.slice(at + 1, close);
    if (first === 0x22 && value.includes('\\')) return GIVE_UP;
    let rest = close + 1;
    while (rest < end && text.charCodeAt(rest) === 0x20) rest++;
    // Only a comment may follow, after a space.
    if (rest < end && !(text.charCodeAt(rest) === 0x23 && rest > close + 1)) return GIVE_UP;
    return value;
  }
  // A plain scalar ends at ` #` (a comment) or at the end of the line, without its trailing spaces.
  let stop = at + 1;
  while (stop < end && !(text.charCodeAt(stop) === 0x23 && text.charCodeAt(stop - 1) === 0x20)) stop++;
  while (stop > at && text.charCodeAt(stop - 1) === 0x20) stop--;
  const value = text.slice(at, stop);
  if (INDICATOR.test(value) || value.includes(': ') || value.charCodeAt(value.length - 1) === 0x3a) return GIVE_UP;
  for (let i = 0; i < implicit.length; i++) {
    const type = implicit[i]!;
    if ((type.firstCharacters === undefined || type.firstCharacters.includes(value[0]!)) && type.resolve(value)) return type.construct(value);
  }
  return value;
}
