import { parseDmarcRecord } from '../../model/dmarc-record';
import { appliedPolicy, compareStrictness, levelOf, levelText } from '../../model/dmarc-strictness';
import { md, MdText } from '../markdown-text';
import { RecordChange } from '../record-change';
import { valuesOfKind } from './values';

/** The policy tags compared by the strictness order, with what each governs. */
export const POLICY_TAGS = [
  ['p', md`policy`],
  ['sp', md`subdomain policy`],
  ['np', md`non-existent subdomain policy`],
] as const;

/**
 * A DMARC change that lets more failing mail through or breaks the record: a policy (p, sp, np) lower in the one
 * strictness order (model/dmarc-strictness.ts), so `p=quarantine` → `p=quarantine; t=y` is one and `p=none` →
 * `p=quarantine; t=y` is not; a lower pct, aggregate reports dropped, an invalid record, or two records (RFC 9989
 * §4.10: receivers discard both).
 */
export function dmarcLoosened(change: RecordChange): MdText[] {
  const { before, after } = valuesOfKind(change, 'dmarc');
  if (after.length === 0) return [];
  const out: MdText[] = [];
  if (after.length > 1) out.push(md`${after.length} DMARC records at one name: receivers discard them all (RFC 9989 §4.10)`);
  // Read with the parser verify uses (policy names are case-insensitive, invalid values are errors), so the summary
  // calls a record invalid exactly when verify would fail it.
  const next = parseDmarcRecord(after[0]!);
  // p stays mandatory in what we publish: RFC 9989 receivers read a record without it as p=none, RFC 7489 ones ignore it.
  // The parser's reasons quote parts of the value: the whole reason is shown as a code span.
  const problem = next.errors[0];
  const invalid = problem !== undefined ? md`${problem}` : next.tags.p === undefined ? md`no "p" tag (RFC 9989 receivers read it as p=none; RFC 7489 receivers require it)` : undefined;
  if (invalid) out.push(md`the new DMARC record is not valid: ${invalid}`);
  if (before.length !== 1 || after.length !== 1 || invalid) return out;
  const prev = parseDmarcRecord(before[0]!);
  for (const [tag, label] of POLICY_TAGS) {
    // An inherited sp/np follows its parent tag, whose own line already says it: report only tags written out.
    if (tag !== 'p' && prev.tags[tag] === undefined && next.tags[tag] === undefined) continue;
    // RFC 9989 §4.7: `sp` defaults to `p`, `np` to `sp`; `t=y` softens each by one step.
    const [was, is] = [levelOf(prev, tag), levelOf(next, tag)];
    if (was === undefined || is === undefined || compareStrictness(is, was) >= 0) continue;
    // Test mode hides what receivers do: say it when t is involved.
    const applied = !(was.testing || is.testing) || appliedPolicy(is) === appliedPolicy(was) ? md`` : md` (receivers apply ${appliedPolicy(is)} instead of ${appliedPolicy(was)})`;
    out.push(md`DMARC ${label} loosened: ${levelText(was, tag)} → ${levelText(is, tag)}${applied}`);
  }
  const [pctWas, pctNow] = [percent(prev.tags), percent(next.tags)];
  if (pctNow < pctWas) out.push(md`DMARC \`pct\` lowered from ${pctWas} to ${pctNow}: the policy applies to fewer failing messages`);
  if (prev.tags.rua !== undefined && next.tags.rua === undefined) out.push(md`DMARC aggregate reports dropped (\`rua\` removed): failures go unseen`);
  return out;
}

/** RFC 7489 §6.3: `pct` defaults to 100 (RFC 9989 removed the tag; RFC 7489 receivers still read it). */
function percent(tags: Record<string, string>): number {
  const n = Number(tags.pct ?? 100);
  return Number.isFinite(n) ? n : 100;
}
