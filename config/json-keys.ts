/** JSON nested deeper than this is not a config (ours is 5 levels deep); also keeps every later walk shallow. */
export const MAX_CONFIG_DEPTH = 64;

/**
 * What JSON.parse lets through silently: a key given twice in one object (the last one wins, so a reviewer reads one
 * `zoneId` and Terraform gets the other) and nesting deep enough to overflow the stack of whatever walks the result.
 * Scans the text once, before it is parsed; returns the first problem with its line, or undefined. Syntax errors are
 * left to JSON.parse, which names them.
 */
export function jsonKeyProblem(text: string, maxDepth = MAX_CONFIG_DEPTH): string | undefined {
  const frames: { keys: Set<string> | undefined; expectKey: boolean }[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{' || c === '[') {
      if (frames.length >= maxDepth) return `nested deeper than ${maxDepth} levels at line ${line}`;
      frames.push({ keys: c === '{' ? new Set() : undefined, expectKey: c === '{' });
    } else if (c === '}' || c === ']') frames.pop();
    else if (c === ',') {
      const top = frames[frames.length - 1];
      if (top?.keys) top.expectKey = true;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined; // unterminated: JSON.parse reports it
      const top = frames[frames.length - 1];
      if (top?.keys && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string; // `"zone\u0049d"` is the key `zoneId`
        } catch {
          return undefined;
        }
        if (top.keys.has(key)) return `duplicate key ${JSON.stringify(key)} at line ${line}: each key may appear once in an object`;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
    else if (text[i] === '\n') return -1;
  }
  return -1;
}
