/**
 * The parser runs with entity processing off (nothing a report declares is ever expanded), so the text values we
 * keep still hold XML's five predefined entities and character references: decoded here, for those values only.
 * Anything else that looks like an entity (`&foo;`) stays as written.
 */
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name]!;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/**
 * A copy of `text` that shares no memory with the report it came from. Values cut from the XML text keep the whole
 * text alive in V8 (a substring of 13 characters or more points into its parent), so a reporter's name or a source
 * address kept by the analysis would hold on to every report it came from; the parser returns copies only.
 */
export function ownText(text: string): string {
  // The concatenation is flattened into a new string by slice(): the result points into that copy, not the report.
  return (' ' + text).slice(1);
}
