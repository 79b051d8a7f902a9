/**
 * Element names as the report reader keeps them: checked against XML's name rules (Namespaces in XML: at most one
 * `prefix:`), the prefix dropped so that RFC 7489 and RFC 9990 reports read alike. Names that are properties of every
 * JavaScript object (`__proto__`, `constructor`, `toString`…) are refused: the tree is made of plain objects, and no
 * report uses them.
 */

// XML 1.0 NameStartChar and NameChar without the colon (an NCName), within the Basic Multilingual Plane.
const START = 'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NCNAME = new RegExp(`^[${START}][${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);

/** A name the reader cannot keep; the message says why (the reader adds where). */
export class XmlNameError extends Error {}

// Reports use a few dozen names: each is checked once per process. Bounded, so that a report of a million distinct
// names checks each one instead of growing the cache.
const checked = new Map<string, string>();
const CACHE_SIZE = 512;

/** `dmarc:feedback` → `feedback`; throws XmlNameError for a name that is not an XML name or is refused. */
export function localName(raw: string): string {
  const cached = checked.get(raw);
  if (cached !== undefined) return cached;
  const colon = raw.indexOf(':');
  const local = colon < 0 ? raw : raw.slice(colon + 1);
  if (!NCNAME.test(local) || (colon >= 0 && !NCNAME.test(raw.slice(0, colon)))) throw new XmlNameError(`${JSON.stringify(raw.slice(0, 40))} is not an element name`);
  if (local in Object.prototype) throw new XmlNameError(`the element name ${JSON.stringify(local)} is refused (it names a property of every JavaScript object)`);
  if (checked.size < CACHE_SIZE) checked.set(raw, local);
  return local;
}

/** An attribute name: only its form is checked (attributes carry no report data and are not kept). */
export function isAttributeName(name: string): boolean {
  const colon = name.indexOf(':');
  return colon < 0 ? NCNAME.test(name) : NCNAME.test(name.slice(0, colon)) && NCNAME.test(name.slice(colon + 1));
}
