/**
 * JSON from files someone else wrote. `JSON.parse`'s own messages quote the text around the error (Node 20:
 * `Unexpected token 'r', "root:x:0:0"... is not valid JSON`), so an error about a file that is not JSON would echo
 * its first bytes: a plans folder whose manifest points through a link at `/etc/passwd` printed them. Errors here
 * say where the text stops being JSON (line and column), never what it holds.
 */

/** The text is not JSON; the message gives the position only. */
export class JsonSyntaxError extends Error {
  constructor(
    /** 1-based line and column (UTF-16 code units) of the first character that is not JSON, or of the end. */
    readonly line: number,
    readonly column: number,
  ) {
    super(`syntax error at line ${line}, column ${column}`);
  }
}

/** `JSON.parse(text)`, with a {@link JsonSyntaxError} that quotes nothing when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    throw new JsonSyntaxError(line, offset - before.lastIndexOf('\n'));
  }
}

const LITERALS = ['true', 'false', 'null'];

/**
 * The offset of the first character where `text` stops being JSON (RFC 8259), or `text.length` when it ends too soon.
 * Only called once `JSON.parse` has refused the text; a loop with an explicit stack, so nesting costs memory bounded
 * by the text, never the call stack.
 */
export function jsonErrorOffset(text: string): number {
  const containers: string[] = [];
  let i = 0;
  // What may come next: a value, a value or `]`, a key, a key or `}`, a `:`, or what follows a complete value.
  let expect: 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'after' = 'value';
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (expect === 'after' && containers.length === 0) return i;
    if (i >= text.length) return i;
    const c = text[i]!;
    if (expect === 'after') {
      const open = containers[containers.length - 1];
      if (c === ',') expect = open === '{' ? 'key' : 'value';
      else if (c === (open === '{' ? '}' : ']')) containers.pop();
      else return i;
      i++;
    } else if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
    } else if (expect === 'key' || expect === 'key-or-end') {
      if (expect === 'key-or-end' && c === '}') {
        containers.pop();
        i++;
        expect = 'after';
      } else if (c === '"') {
        const end = stringEnd(text, i);
        if (end < 0) return -end - 1;
        i = end;
        expect = 'colon';
      } else return i;
    } else if (expect === 'value-or-end' && c === ']') {
      containers.pop();
      i++;
      expect = 'after';
    } else if (c === '{' || c === '[') {
      containers.push(c);
      i++;
      expect = c === '{' ? 'key-or-end' : 'value-or-end';
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expect = 'after';
    } else {
      const literal = LITERALS.find((l) => l[0] === c);
      const end = literal !== undefined ? literalEnd(text, i, literal) : numberEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expect = 'after';
    }
  }
}

/** The offset after `literal` at `start`, or `-(offset of the first character that differs) - 1`. */
function literalEnd(text: string, start: number, literal: string): number {
  for (let k = 0; k < literal.length; k++) if (text[start + k] !== literal[k]) return -(start + k) - 1;
  return start + literal.length;
}

/** The offset after the number at `start` (RFC 8259 §6), or `-(offset of the error) - 1`. */
function numberEnd(text: string, start: number): number {
  let i = start;
  const digit = () => i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39;
  const digits = () => {
    if (!digit()) return false;
    while (digit()) i++;
    return true;
  };
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (!digits()) return -i - 1;
  if (text[i] === '.') {
    i++;
    if (!digits()) return -i - 1;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!digits()) return -i - 1;
  }
  return i;
}

/** The offset after the string starting at `start` (a `"`), or `-(offset of the error) - 1`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return -i - 1;
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        for (let k = i + 2; k < i + 6; k++) if (!/[0-9a-fA-F]/.test(text[k] ?? '')) return -k - 1;
        i += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
      else return -(i + 1) - 1;
    }
  }
  return -text.length - 1;
}

/**
 * The byte offset where JSON nesting first goes deeper than `max`, or undefined; brackets inside strings do not count.
 * A linear scan before parsing: the parsed value can then be walked without any risk of exhausting the stack.
 */
export function nestingBeyond(bytes: Uint8Array, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > max) return i;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return undefined;
}
