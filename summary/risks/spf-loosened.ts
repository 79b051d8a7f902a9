import { canonicalName } from '../../model/names';
import { parseSpfRecord, SpfTerm } from '../../model/spf';
import { md, MdText } from '../markdown-text';
import { RecordChange } from '../record-change';
import type { RiskContext } from '../risks';
import { valuesOfKind } from './values';

/** How strictly an `all` qualifier treats unlisted hosts; no `all` (and no redirect) ends in neutral (RFC 7208 §4.7). */
const STRICTNESS: Record<string, number> = { '-': 3, '~': 2, '?': 1, '+': 0, '': 0 };
const RESULT_TEXT: Record<string, MdText> = { '-': md`fail`, '~': md`soft fail`, '?': md`neutral`, '+': md`pass`, '': md`pass` };

/**
 * A new or changed SPF value that weakens the record or breaks it: the platform include dropped, the `all` term
 * loosened, a second SPF record in the set (RFC 7208 §4.5: permerror), or a value that does not parse.
 */
export function spfLoosened(change: RecordChange, context: RiskContext): MdText[] {
  const { before, after } = valuesOfKind(change, 'spf');
  if (after.length === 0) return [];
  const out: MdText[] = [];
  if (after.length > 1) out.push(md`${after.length} SPF records at one name: receivers treat that as a permanent error and SPF fails for all mail (RFC 7208 §4.5)`);
  const next = parseSpfRecord(after[0]!);
  // The parser's reasons quote parts of the value: the whole reason is shown as a code span.
  if (next.errors.length > 0) out.push(md`the new SPF record is not valid: ${next.errors[0]!}`);
  if (before.length !== 1 || after.length !== 1) return out;
  const prev = parseSpfRecord(before[0]!).terms;
  const include = `include:${context.spfInclude}`;
  if (hasInclude(prev, context.spfInclude) && !hasInclude(next.terms, context.spfInclude)) {
    out.push(md`SPF drops the platform's ${include}: mail sent by the platform no longer passes SPF`);
  }
  const [was, now] = [allQualifier(prev), allQualifier(next.terms)];
  if (was !== undefined && now !== undefined && STRICTNESS[now]! < STRICTNESS[was]!) {
    out.push(md`SPF loosened from ${allText(was)} to ${allText(now)}: unlisted senders get "${RESULT_TEXT[now]!}" instead of "${RESULT_TEXT[was]!}"`);
  }
  return out;
}

function hasInclude(terms: readonly SpfTerm[], domain: string): boolean {
  return terms.some((t) => t.name === 'include' && t.qualifier !== '-' && canonicalName(t.value) === domain);
}

/** The qualifier of the `all` term; '' when absent (neutral, compared as the weakest); undefined with a redirect. */
function allQualifier(terms: readonly SpfTerm[]): string | undefined {
  const all = terms.find((t) => t.name === 'all');
  if (all) return all.qualifier;
  return terms.some((t) => t.name === 'redirect') ? undefined : '?';
}

function allText(qualifier: string): string {
  return `${qualifier === '' ? '+' : qualifier}all`;
}
