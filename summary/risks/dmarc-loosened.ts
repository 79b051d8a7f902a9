import { parseDmarcRecord } from '../../model/dmarc';
import { md, MdText } from '../markdown-text';
import { RecordChange } from '../record-change';
import { valuesOfKind } from './values';

const POLICY_RANK: Record<string, number> = { none: 0, quarantine: 1, reject: 2 };

/**
 * A DMARC change that lets more failing mail through or breaks the record: a policy (p, sp, np) one step looser,
 * a lower pct, test mode switched on, aggregate reports dropped, an invalid record, or two records (RFC 7489 §6.6.3:
 * receivers then apply none).
 */
export function dmarcLoosened(change: RecordChange): MdText[] {
  const { before, after } = valuesOfKind(change, 'dmarc');
  if (after.length === 0) return [];
  const out: MdText[] = [];
  if (after.length > 1) out.push(md`${after.length} DMARC records at one name: receivers ignore them all (RFC 7489 §6.6.3)`);
  const next = parseDmarcRecord(after[0]!);
  // The parser's reasons quote parts of the value: the whole reason is shown as a code span.
  const problem = next.errors[0];
  const invalid = problem !== undefined ? md`${problem}` : next.tags.p === undefined ? md`no "p" tag` : POLICY_RANK[next.tags.p] === undefined ? md`unknown policy ${`p=${next.tags.p}`}` : undefined;
  if (invalid) out.push(md`the new DMARC record is not valid: ${invalid}`);
  if (before.length !== 1 || after.length !== 1 || invalid) return out;
  const prev = parseDmarcRecord(before[0]!).tags;
  const now = next.tags;
  for (const [tag, label] of [['p', md`policy`], ['sp', md`subdomain policy`], ['np', md`non-existent subdomain policy`]] as const) {
    // An inherited sp/np follows its parent tag, whose own line already says it: report only tags written out.
    if (tag !== 'p' && prev[tag] === undefined && now[tag] === undefined) continue;
    const [was, is] = [effectivePolicy(prev, tag), effectivePolicy(now, tag)];
    if (was !== undefined && is !== undefined && POLICY_RANK[is]! < POLICY_RANK[was]!) out.push(md`DMARC ${label} loosened: ${`${tag}=${was}`} → ${`${tag}=${is}`}`);
  }
  const [pctWas, pctNow] = [percent(prev), percent(now)];
  if (pctNow < pctWas) out.push(md`DMARC \`pct\` lowered from ${pctWas} to ${pctNow}: the policy applies to fewer failing messages`);
  if (prev.t !== 'y' && now.t === 'y') out.push(md`DMARC test mode switched on (\`t=y\`): receivers apply one policy step below \`p\``);
  if (prev.rua !== undefined && now.rua === undefined) out.push(md`DMARC aggregate reports dropped (\`rua\` removed): failures go unseen`);
  return out;
}

/** RFC 7489 §6.3: `sp` defaults to `p`; DMARCbis: `np` defaults to `sp`. Undefined when the value is unknown. */
function effectivePolicy(tags: Record<string, string>, tag: 'p' | 'sp' | 'np'): string | undefined {
  const value = tag === 'p' ? tags.p : tag === 'sp' ? (tags.sp ?? tags.p) : (tags.np ?? tags.sp ?? tags.p);
  return value !== undefined && value in POLICY_RANK ? value : undefined;
}

/** RFC 7489 §6.3: `pct` defaults to 100. */
function percent(tags: Record<string, string>): number {
  const n = Number(tags.pct ?? 100);
  return Number.isFinite(n) ? n : 100;
}
